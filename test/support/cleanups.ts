// Per-test cleanup for a test file: what a test started is stopped after it, newest first.
import { afterEach } from 'vitest';

/** A list the calling file's tests push cleanups onto; after each test they run in reverse and the list empties. */
export function cleanupsAfterEach(): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}
