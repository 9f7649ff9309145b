// Pipelined JetStream publishes: plain NATS publishes with one shared reply inbox, acks matched by token, a bounded number in flight.
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** What JetStream answered for one stored message. */
export interface StreamAck { seq: number; duplicate: boolean }

interface InFlight { resolve(ack: StreamAck): void; reject(err: Error): void; deadline: number }

interface Queued { send(): void; reject(err: Error): void; deadline: number }

/** How often unanswered publishes are checked against their deadline (ms). */
const SWEEP_MS = 50;

const decoder = new TextDecoder();

/**
 * `nc.request` per message builds a reply subscription entry, a timer and two error objects (with stack traces)
 * for every event; here one subscription and one sweep timer serve every publish, and at most `maxInFlight` are
 * unanswered at once (further publishes wait, in order, for a free slot). Errors carry the words the stream
 * publisher's retry rule looks for ("timeout", "no responders", "closed").
 */
export class AckPipeline {
  private readonly inbox = createInbox();
  private readonly prefixLength = this.inbox.length + 1;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly waiting: Queued[] = [];
  private subscription: Subscription | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private next = 0;
  private closed = false;

  constructor(private readonly nc: NatsConnection, private readonly maxInFlight: number) {}

  /** Unanswered publishes right now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Publishes `data` on `subject` and resolves with JetStream's ack; rejects when the stream refuses it, no ack
   * arrived within `timeoutMs` of this call (time spent waiting for a slot included), no stream listens on the
   * subject, or the pipeline closes. Calls are sent in call order.
   */
  publish(subject: string, data: string, headers: MsgHdrs, timeoutMs: number): Promise<StreamAck> {
    const deadline = Date.now() + timeoutMs;
    return new Promise<StreamAck>((resolve, reject) => {
      if (this.closed) { reject(new Error('publish pipeline closed')); return; }
      const send = () => {
        const token = String(++this.next);
        this.inFlight.set(token, { resolve, reject, deadline });
        try {
          this.listen();
          this.nc.publish(subject, data, { headers, reply: `${this.inbox}.${token}` });
        } catch (err) {
          this.inFlight.delete(token);
          reject(err as Error);
          return;
        }
        this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
      };
      if (this.waiting.length === 0 && this.inFlight.size < this.maxInFlight) send();
      else this.waiting.push({ send, reject, deadline });
    });
  }

  /** Rejects everything unanswered or waiting and stops listening. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('publish pipeline closed'));
    this.subscription?.unsubscribe();
  }

  /** Subscribes the reply inbox on first use (the client re-subscribes it after a reconnect). */
  private listen(): void {
    this.subscription ??= this.nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => { if (!err) this.answered(msg); } });
  }

  private answered(msg: Msg): void {
    const token = msg.subject.slice(this.prefixLength);
    const waiter = this.inFlight.get(token);
    if (!waiter) return; // answered after its deadline: already rejected (and retried under the same message id)
    this.inFlight.delete(token);
    const outcome = readAck(msg);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
    this.release();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, w] of this.inFlight) {
      if (w.deadline > now) continue;
      this.inFlight.delete(token);
      w.reject(new Error('timeout: no acknowledgement from JetStream'));
    }
    if (this.waiting.some((q) => q.deadline <= now)) {
      const late = this.waiting.filter((q) => q.deadline <= now);
      this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((q) => q.deadline > now));
      for (const q of late) q.reject(new Error('timeout: no free slot to publish in before the deadline'));
    }
    this.release();
    if (this.inFlight.size === 0 && this.waiting.length === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  /** Sends waiting publishes while slots are free, in order. */
  private release(): void {
    while (this.waiting.length > 0 && this.inFlight.size < this.maxInFlight && !this.closed) this.waiting.shift()!.send();
  }

  private failAll(err: Error): void {
    for (const w of this.inFlight.values()) w.reject(err);
    this.inFlight.clear();
    for (const q of this.waiting.splice(0)) q.reject(err);
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** A JetStream publish answer: the ack, or an Error for a refusal or a no-responders status. */
export function readAck(msg: Pick<Msg, 'data' | 'headers'>): StreamAck | Error {
  if (msg.headers?.hasError) {
    return new Error(msg.headers.code === 503 ? 'no responders: no stream listens on the subject' : `status ${msg.headers.code} ${msg.headers.description}`);
  }
  let body: { seq?: unknown; duplicate?: unknown; error?: { code?: unknown; description?: unknown } };
  try {
    body = JSON.parse(decoder.decode(msg.data)) as typeof body;
  } catch {
    return new Error('invalid ack response from JetStream');
  }
  if (body.error) return new Error(`${String(body.error.description ?? 'JetStream error')} (${String(body.error.code ?? '?')})`);
  if (typeof body.seq !== 'number') return new Error('invalid ack response from JetStream');
  return { seq: body.seq, duplicate: body.duplicate === true };
}
