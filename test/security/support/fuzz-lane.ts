// A lean WebSocket client for fuzzing: keeps only answers (no events), and waits for sentinel pongs without rescanning.
import WebSocket from 'ws';
import { ANSWER_TYPES } from './frame-oracle.js';

export interface Answer { type: string; code?: unknown; message?: unknown; timestamp?: unknown; heartbeat?: unknown }

export class FuzzLane {
  /** Answers since the last `take()`, sentinel pongs excluded. */
  private answers: Answer[] = [];
  private readonly sentinels = new Map<string, () => void>();
  private changed: (() => void) | undefined;
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.push({ type: '__binary__' });
      const f = JSON.parse(String(data)) as Answer;
      if (f.type === 'pong' && typeof f.timestamp === 'string' && this.sentinels.has(f.timestamp)) {
        this.sentinels.get(f.timestamp)!();
        this.sentinels.delete(f.timestamp);
        return;
      }
      // The unsolicited pong of every heartbeat interval (PROTOCOL 1.1 §2) answers nothing this lane sent.
      if (f.type === 'pong' && f.heartbeat === true) return;
      if (ANSWER_TYPES.has(f.type)) this.push(f);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const done of this.sentinels.values()) done();
      this.changed?.();
    });
    ws.on('error', () => undefined);
  }

  /** `compress`: offer permessage-deflate, so the server also inflates what this lane sends. */
  static open(url: string, compress: boolean): Promise<FuzzLane> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: compress });
      const lane = new FuzzLane(ws);
      ws.once('open', () => resolve(lane));
      ws.once('error', reject);
    });
  }

  private push(a: Answer): void {
    this.answers.push(a);
    this.changed?.();
  }

  /** Returns and clears the answers collected so far. */
  take(): Answer[] {
    return this.answers.splice(0);
  }

  /** Waits until at least `n` answers are collected (or the socket closed, or the timeout passed). */
  async waitForAnswers(n: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.answers.length < n && this.closeCode === undefined && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.changed = () => {
          clearTimeout(t);
          r();
        };
      });
    }
    this.changed = undefined;
  }

  /** A ping round trip: everything the server wrote before answering it has arrived. */
  sentinel(id: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== undefined) return reject(new Error(`socket closed (${this.closeCode})`));
      const t = setTimeout(() => reject(new Error(`no pong for ${id} in ${timeoutMs} ms`)), timeoutMs);
      this.sentinels.set(id, () => {
        clearTimeout(t);
        resolve();
      });
      this.ws.send(JSON.stringify({ type: 'ping', timestamp: id }));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
