// `tail`'s subscription: reconnects with backoff after a drop and resumes after the last in-order id, printing each event once.
import { decode, encode } from '@msgpack/msgpack';
import WebSocket, { type RawData } from 'ws';
import type { EventMessage, ReplayCompleteMessage } from '../../../src-shared/protocol/index.js';
import { CLOSE_CODES, MSGPACK_SUBPROTOCOL } from '../../../src-shared/protocol/index.js';
import type { Backoff } from '../../../src-shared/backoff.js';
import { connectError } from '../server-address.js';
import { closingLine, replayLine } from './format.js';
import { StreamLifecycle, type TailStream } from './stream-lifecycle.js';

export interface TailStreamOptions {
  httpUrl: string;
  headers: Record<string, string>;
  filters: Record<string, unknown>;
  /** Resume after this id on the first subscribe (from --resume FILE). */
  resumeAfter?: string;
  /** false: exit on the first drop (the old behaviour, `--no-reconnect`). */
  reconnect: boolean;
  backoff: Backoff;
  /** Called once per distinct event, in the order to print. */
  onEvent: (m: EventMessage) => void;
  /** The resume point moved (an in-order event arrived). */
  onResumePoint: (id: string) => void;
  /** One line for stderr. */
  notice: (line: string) => void;
  /** `msgpack`: the MessagePack subprotocol (PROTOCOL 1.1 §1); default JSON. */
  transport?: 'ws' | 'msgpack';
}

/** Close codes after which trying again cannot help: the server refused this client. */
const FATAL_CLOSE = new Set<number>([CLOSE_CODES.policyViolation, CLOSE_CODES.messageTooBig]);
/** Out-of-order ids remembered so that their in-order copy after a resume is not printed twice. */
const MAX_AHEAD = 10_000;
/** Heartbeat periods without any frame or ping before the connection is given up as dead. */
const SILENT_PERIODS = 3;

const closeText = (code: number) => ({ [CLOSE_CODES.shutdown]: 'the server went away', 1006: 'no close frame: the connection dropped' }[code]
  ?? `close code ${code}`);

/** Runs until stopped (resolves 0), a fatal refusal or a failed first connection (1), or a drop with `reconnect` off. */
export function runTailStream(opts: TailStreamOptions): TailStream {
  const wsUrl = `${opts.httpUrl.replace(/^http/, 'ws')}/ws`;
  const msgpack = opts.transport === 'msgpack';
  const send = (ws: WebSocket, msg: Record<string, unknown>) => ws.send(msgpack ? encode(msg) : JSON.stringify(msg), { binary: msgpack });
  const parse = (data: RawData) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    return (msgpack ? decode(bytes) : JSON.parse(bytes.toString('utf8'))) as { type: string } & Record<string, unknown>;
  };
  let resumePoint = opts.resumeAfter;
  const printedAhead = new Set<string>();
  const life = new StreamLifecycle(opts, () => connect());
  let socket: WebSocket | undefined;

  const handleEvent = (ws: WebSocket, m: EventMessage) => {
    if (m.out_of_order === true) {
      if (printedAhead.size >= MAX_AHEAD) printedAhead.delete(printedAhead.values().next().value!);
      printedAhead.add(m.message_id);
      opts.onEvent(m);
    } else {
      // PROTOCOL 1.1 §5: only in-order ids move the resume point; an overtaking event already printed is not printed again.
      if (!printedAhead.delete(m.message_id)) opts.onEvent(m);
      resumePoint = m.message_id;
      opts.onResumePoint(m.message_id);
    }
    send(ws, { type: 'ack', message_id: m.message_id });
  };

  const connect = () => {
    const ws = new WebSocket(wsUrl, msgpack ? [MSGPACK_SUBPROTOCOL] : [], { headers: opts.headers });
    socket = ws;
    let from: string | undefined;
    let lastError: unknown;
    let fatal: string | undefined;
    let silent: string | undefined;
    let heartbeatSecs = 0;
    let silenceTimer: NodeJS.Timeout | undefined;
    /** A server that announces a heartbeat sends something every period; three silent periods mean the path is dead. */
    const rearm = () => {
      if (heartbeatSecs <= 0) return;
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        silent = `no heartbeat from the server for ${SILENT_PERIODS * heartbeatSecs} s`;
        ws.terminate();
      }, SILENT_PERIODS * heartbeatSecs * 1000);
    };
    ws.on('ping', rearm);
    ws.on('message', (data) => {
      const msg = parse(data);
      rearm();
      if (msg.type === 'welcome') {
        heartbeatSecs = typeof msg['heartbeat_interval_secs'] === 'number' ? msg['heartbeat_interval_secs'] : 0;
        rearm();
        from = resumePoint;
        if (life.everSubscribed && !from) opts.notice('reconnected; no event had arrived before the drop, so there is no point to resume from: live from now');
        send(ws, { type: 'subscribe', subscription_id: 'tail', filters: opts.filters, ...(from ? { resume_after: from } : {}) });
      } else if (msg.type === 'subscribed') {
        life.subscribed();
      } else if (msg.type === 'event') {
        handleEvent(ws, msg as unknown as EventMessage);
      } else if (msg.type === 'replay_complete' && from) {
        opts.notice(replayLine(msg as unknown as ReplayCompleteMessage, from));
      } else if (msg.type === 'closing') {
        opts.notice(closingLine(String(msg['reason'])));
      } else if (msg.type === 'error') {
        opts.notice(`server error ${String(msg['code'])}: ${String(msg['message'])}`);
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      if (status >= 400 && status < 500) fatal = `${opts.httpUrl} refused the connection: HTTP ${status}`;
      lastError = new Error(`HTTP ${status}`);
      ws.terminate();
    });
    ws.on('error', (err) => { lastError = err; });
    ws.on('close', (code) => {
      clearTimeout(silenceTimer);
      if (!life.stopped && (fatal || FATAL_CLOSE.has(code))) {
        opts.notice(fatal ?? `the server closed the connection (code ${code}); not reconnecting`);
        return life.finish(1);
      }
      life.dropped(lastError, code === CLOSE_CODES.normal ? 0 : 1, () => (silent ? `connection lost (${silent})`
        : lastError !== undefined ? connectError(opts.httpUrl, lastError).message : `connection lost (${closeText(code)})`));
    });
  };

  return life.start(() => {
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(CLOSE_CODES.normal);
    else life.finish(0);
  });
}
