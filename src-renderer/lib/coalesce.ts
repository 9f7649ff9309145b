// Coalesces bursts (10,000 pushed events) into one store update per tick instead of one per item.

/** Runs `fn` later; the default waits one animation-frame-sized tick. */
export type Scheduler = (fn: () => void) => void;

export const nextTick: Scheduler = (fn) => {
  setTimeout(fn, 16);
};

/** Synchronous scheduler, for tests that want every push applied at once. */
export const immediately: Scheduler = (fn) => fn();

/** Collects items and hands them to `flush` in one batch per scheduled run. */
export function createCoalescer<T>(flush: (items: T[]) => void, schedule: Scheduler): { push(items: readonly T[]): void } {
  let pending: T[] = [];
  let scheduled = false;
  return {
    push(items) {
      for (const item of items) pending.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        const batch = pending;
        pending = [];
        if (batch.length > 0) flush(batch);
      });
    },
  };
}
