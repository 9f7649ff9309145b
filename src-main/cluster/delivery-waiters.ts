// Promises that settle once the node's consumer has delivered up to a stream seq, or after a bounded wait.

interface Waiter { seq: number; done: () => void; timer: NodeJS.Timeout }

export class DeliveryWaiters {
  private waiters: Waiter[] = [];

  /** Resolves once `reached` reports `seq` or more, or after `timeoutMs`; never rejects. */
  until(seq: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const w: Waiter = {
        seq,
        done: () => {
          clearTimeout(w.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve();
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  /** The consumer delivered everything up to `seq`. */
  reached(seq: number): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= seq) w.done();
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Settles every waiter now (shutdown). */
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w.done();
  }
}
