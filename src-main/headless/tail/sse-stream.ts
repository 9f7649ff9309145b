// `tail --transport sse`: the same subscription over GET /v1/stream; reconnects with backoff and resumes through Last-Event-ID.
import http from 'node:http';
import https from 'node:https';
import type { EventMessage, ReplayCompleteMessage } from '../../../src-shared/protocol/index.js';
import { connectError } from '../server-address.js';
import { closingLine, replayLine } from './format.js';
import { StreamLifecycle, type TailStream } from './stream-lifecycle.js';
import type { TailStreamOptions } from './stream.js';

/** The filters as `/v1/stream` query parameters: comma-separated lists, `labels=k:v,...`. */
export function streamQuery(filters: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) q.set(key, value.join(','));
    else if (value && typeof value === 'object') q.set(key, Object.entries(value).map(([k, v]) => `${k}:${String(v)}`).join(','));
  }
  q.set('subscription_id', 'tail');
  return q.toString();
}

/** The JSON messages of complete SSE blocks in `buffer`, and the incomplete rest. */
function takeMessages(buffer: string): { messages: ({ type: string } & Record<string, unknown>)[]; rest: string } {
  const messages: ({ type: string } & Record<string, unknown>)[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const data = rest.slice(0, end).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    rest = rest.slice(end + 2);
    if (data) messages.push(JSON.parse(data) as { type: string } & Record<string, unknown>);
  }
  return { messages, rest };
}

/** As `runTailStream`, over SSE: no acks (the resume point is the last in-order event, sent as Last-Event-ID). */
export function runSseTailStream(opts: TailStreamOptions): TailStream {
  let resumePoint = opts.resumeAfter;
  const life = new StreamLifecycle(opts, () => connect());
  let request: http.ClientRequest | undefined;

  const connect = () => {
    const url = new URL(`/v1/stream?${streamQuery(opts.filters)}`, opts.httpUrl);
    const from = resumePoint;
    const headers = { ...opts.headers, Accept: 'text/event-stream', ...(from ? { 'Last-Event-ID': from } : {}) };
    let lastError: unknown;
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers }, (res) => {
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (d: string) => { body += d; });
        res.on('end', () => {
          const why = (() => { try { return (JSON.parse(body) as { error: { message: string } }).error.message; } catch { return body.slice(0, 200); } })();
          opts.notice(`${opts.httpUrl} refused the stream: HTTP ${res.statusCode} ${why}`);
          life.finish(1);
        });
        return;
      }
      let buffer = '';
      res.on('data', (chunk: string) => {
        const { messages, rest } = takeMessages(buffer + chunk);
        buffer = rest;
        for (const msg of messages) {
          if (msg.type === 'subscribed') {
            life.subscribed();
          } else if (msg.type === 'event') {
            const m = msg as unknown as EventMessage;
            opts.onEvent(m);
            // PROTOCOL 1.1 §5: an out_of_order event never becomes the resume point.
            if (m.out_of_order !== true) {
              resumePoint = m.message_id;
              opts.onResumePoint(m.message_id);
            }
          } else if (msg.type === 'replay_complete' && from) opts.notice(replayLine(msg as unknown as ReplayCompleteMessage, from));
          else if (msg.type === 'closing') opts.notice(closingLine(String(msg['reason'])));
          else if (msg.type === 'error') opts.notice(`server error ${String(msg['code'])}: ${String(msg['message'])}`);
        }
      });
      res.on('close', () => ended());
    });
    request = req;
    req.on('error', (err) => {
      lastError = err;
      ended();
    });
    let over = false;
    const ended = () => {
      if (over) return;
      over = true;
      life.dropped(lastError, 1, () => (lastError !== undefined ? connectError(opts.httpUrl, lastError).message : 'the stream ended'));
    };
  };

  return life.start(() => {
    request?.destroy();
    life.finish(0);
  });
}
