// A test WebSocket client (JSON, or MessagePack with `msgpack: true`): collects parsed frames, checks each against the Rust server's types, waits for the one a test expects.
import WebSocket from 'ws';
import { decode, encode } from '@msgpack/msgpack';
import { rustFrameProblem } from './rust-types.js';

/** The MessagePack subprotocol (PROTOCOL 1.1 §1). */
export const MSGPACK_PROTOCOL = 'incident-relay.v1.msgpack';

export interface Frame { type: string; [k: string]: unknown }

export class TestClient {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  lastError: Error | undefined;
  /** Frames a strict Rust client could not deserialize; `next` throws the first (PROTOCOL 1.1 §4 complete output). */
  readonly rustProblems: string[] = [];
  private readonly pingTimestamps = new Set<string>();
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket, readonly msgpack: boolean) {
    ws.on('message', (data, isBinary) => {
      const frame = this.parse(data as Buffer, isBinary);
      if (!frame.type.startsWith('__')) {
        const problem = rustFrameProblem(frame, this.pingTimestamps);
        if (problem) this.rustProblems.push(`${frame.type} frame refused by the Rust types (${problem}): ${JSON.stringify(frame).slice(0, 600)}`);
      }
      this.frames.push(frame);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', (err) => {
      this.lastError = err;
      this.wake();
    });
  }

  /** Connects and waits for `welcome`; `msgpack` offers the MessagePack subprotocol first. */
  static async connect(url: string, opts: WebSocket.ClientOptions & { protocols?: string[]; msgpack?: boolean } = {}): Promise<TestClient> {
    const protocols = opts.msgpack ? [MSGPACK_PROTOCOL, ...(opts.protocols ?? [])] : opts.protocols ?? [];
    const ws = new WebSocket(url, protocols, opts);
    const c = new TestClient(ws, opts.msgpack === true);
    await c.next((f) => f.type === 'welcome');
    return c;
  }

  /** A frame of the session's format decoded; a frame of the other kind is recorded as `__binary__` or `__text__`. */
  private parse(data: Buffer, isBinary: boolean): Frame {
    if (isBinary !== this.msgpack) return { type: isBinary ? '__binary__' : '__text__' };
    return (isBinary ? decode(data) : JSON.parse(String(data))) as Frame;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(msg: unknown): void {
    let m = msg as { type?: unknown; timestamp?: unknown } | null;
    if (typeof msg === 'string') try { m = JSON.parse(msg) as typeof m; } catch { m = null; }
    if (m && m.type === 'ping' && typeof m.timestamp === 'string') this.pingTimestamps.add(m.timestamp);
    if (this.msgpack && typeof msg !== 'string') this.ws.send(encode(msg), { binary: true });
    else this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The first frame at index ≥ from satisfying pred; rejects on close or after timeoutMs. */
  async next(pred: (f: Frame) => boolean, from = 0, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.rustProblems.length > 0) throw new Error(this.rustProblems[0]);
      const hit = this.frames.slice(from).find(pred);
      if (hit) return hit;
      if (this.closeCode !== undefined) throw new Error(`connection closed (${this.closeCode}${this.lastError ? `: ${this.lastError.message}` : ''}) before the expected frame; got ${JSON.stringify(this.frames.slice(from))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(from)).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a request and waits for the reply of a type. */
  async request(msg: Record<string, unknown>, replyType: string): Promise<Frame> {
    const from = this.frames.length;
    this.send(msg);
    return this.next((f) => f.type === replyType || f.type === 'error', from);
  }

  async subscribe(id: string, filters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Frame> {
    const r = await this.request({ type: 'subscribe', subscription_id: id, filters, ...extra }, 'subscribed');
    if (r.type !== 'subscribed') throw new Error(`subscribe refused: ${JSON.stringify(r)}`);
    return r;
  }

  events(from = 0): Frame[] {
    if (this.rustProblems.length > 0) throw new Error(this.rustProblems[0]);
    return this.frames.slice(from).filter((f) => f.type === 'event');
  }

  async waitClose(timeoutMs = 5000): Promise<number> {
    await this.next(() => false, this.frames.length, timeoutMs).catch(() => undefined);
    if (this.closeCode === undefined) throw new Error('not closed');
    return this.closeCode;
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}
