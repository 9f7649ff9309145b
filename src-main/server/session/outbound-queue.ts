// A session's backlog: one FIFO lane per priority plus a control lane, drained highest first (PROTOCOL.md section 4).
import { PRIORITY_NAMES } from '../../../src-shared/protocol/index.js';

export interface Outbound {
  frame: Buffer;
  /** Publish time (ms, performance clock) for the latency histogram; 0 for control frames. */
  publishedAt: number;
  isEvent: boolean;
}

/** Lane 0 carries control replies (subscribed, pong, error); lanes 1..4 carry events by priority. */
const CONTROL_LANE = 0;
const LANES = 1 + PRIORITY_NAMES.length;

/** Simple FIFO with an index head, avoiding Array#shift's O(n). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number { return this.items.length - this.head; }
  push(x: T): void { this.items.push(x); }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

export class OutboundQueue {
  private readonly lanes: Fifo<Outbound>[] = Array.from({ length: LANES }, () => new Fifo<Outbound>());
  /** Event frames (not control frames) waiting in each lane. */
  private readonly events = new Array<number>(LANES).fill(0);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Events by priority 0 (critical)..3 (low); `priority` null means a control frame. */
  push(item: Outbound, priority: number | null): void {
    const lane = priority === null ? CONTROL_LANE : priority + 1;
    this.lanes[lane]!.push(item);
    if (item.isEvent) this.events[lane] = (this.events[lane] ?? 0) + 1;
    this.count += 1;
  }

  /** Whether an event of `priority` pushed now would be written ahead of older queued events (of lower priority). */
  wouldOvertake(priority: number): boolean {
    for (let lane = priority + 2; lane < LANES; lane++) if ((this.events[lane] ?? 0) > 0) return true;
    return false;
  }

  /** The next frame to write: control first, then critical, high, normal, low; FIFO within a lane. */
  shift(): Outbound | undefined {
    for (let lane = 0; lane < LANES; lane++) {
      const x = this.lanes[lane]!.shift();
      if (x) {
        this.count -= 1;
        if (x.isEvent) this.events[lane] = (this.events[lane] ?? 1) - 1;
        return x;
      }
    }
    return undefined;
  }

  clear(): void {
    for (let i = 0; i < this.lanes.length; i++) this.lanes[i] = new Fifo<Outbound>();
    this.events.fill(0);
    this.count = 0;
  }
}

/** Priority used for a control frame that must follow earlier events (replay_complete): the lowest lane. */
export const AFTER_EVENTS_PRIORITY = PRIORITY_NAMES.length - 1;
