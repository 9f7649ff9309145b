// Regions: a publish goes into the region's intake and answers once this node delivered it from the region log (its id is a log position).
import { HttpError, positionedEntry, type JournalEntry, type NewJournalEntry } from '../server/index.js';
import { DeliveryWaiters } from './delivery-waiters.js';
import type { RegionPositions } from './region-positions.js';
import type { StreamPublisher } from './stream-publisher.js';

export class RegionAppends {
  /** Publishes waiting for their intake seq to reach the log. */
  private readonly waiters = new DeliveryWaiters();

  /** `waitMs`: how long a publish waits for its events to reach the region log before answering 503. */
  constructor(private readonly positions: RegionPositions, private readonly publisher: StreamPublisher, private readonly waitMs: number) {}

  async append(batch: readonly NewJournalEntry[]): Promise<JournalEntry[]> {
    const intakeSeqs = await this.publisher.publish(batch);
    const last = Math.max(...intakeSeqs);
    if (this.positions.ownDelivered() < last) await this.waiters.until(last, this.waitMs);
    return batch.map((e, k) => {
      const logged = this.positions.ownEntry(intakeSeqs[k]!);
      if (!logged) {
        throw new HttpError(503, 'internal_error', 'the event is stored in the region intake but did not reach the region log in time; it will be delivered, but retrying may repeat it');
      }
      return positionedEntry(e, logged.seq, logged.messageId);
    });
  }

  /** The node delivered more of the log: publishes whose events are in it answer. */
  delivered(): void {
    this.waiters.reached(this.positions.ownDelivered());
  }

  close(): void {
    this.waiters.releaseAll();
  }
}
