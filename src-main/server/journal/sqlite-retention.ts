// Retention of the SQLite journal: options with defaults, and a timer that prunes in short chunks between publishes.

/** Retention limits; an event goes when either says so. Infinity turns a limit off. */
export interface RetentionOptions {
  /** Keep at most this many events. Default 1,000,000. */
  maxEvents?: number;
  /** Drop events stored longer ago than this, in seconds. Default 604,800 (7 days). */
  maxAgeSecs?: number;
  /** Most events one `prune()` call deletes, in one short transaction. Default 1,000. */
  pruneChunk?: number;
}

export const DEFAULT_RETENTION: Required<RetentionOptions> = { maxEvents: 1_000_000, maxAgeSecs: 7 * 24 * 3600, pruneChunk: 1_000 };

/** Fills defaults and rejects impossible values with a message naming the option. */
export function resolveRetention(options: RetentionOptions): Required<RetentionOptions> {
  const r = { ...DEFAULT_RETENTION, ...definedOnly(options) };
  if (!(r.maxEvents === Infinity || (Number.isInteger(r.maxEvents) && r.maxEvents >= 1))) {
    throw new RangeError(`journal maxEvents must be a positive integer or Infinity, got ${r.maxEvents}`);
  }
  if (!(r.maxAgeSecs > 0)) throw new RangeError(`journal maxAgeSecs must be a positive number of seconds or Infinity, got ${r.maxAgeSecs}`);
  if (!(Number.isInteger(r.pruneChunk) && r.pruneChunk >= 1)) {
    throw new RangeError(`journal pruneChunk must be a positive integer, got ${r.pruneChunk}`);
  }
  return r;
}

function definedOnly(o: RetentionOptions): RetentionOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Runs `pruneOnce` every `intervalMs`; while a call deletes a full chunk, the next one follows on
 * `setImmediate`, so publishes and socket writes interleave with a long backlog of deletions.
 */
export class PruneTimer {
  private interval: NodeJS.Timeout | undefined;
  private followUp: NodeJS.Immediate | undefined;

  constructor(
    private readonly pruneOnce: () => number,
    private readonly chunk: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new RangeError(`prune interval must be a positive number of ms, got ${intervalMs}`);
    this.stop();
    this.interval = setInterval(() => this.runIfIdle(), intervalMs).unref();
    this.followUp = setImmediate(() => this.run());
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.followUp) clearImmediate(this.followUp);
    this.interval = undefined;
    this.followUp = undefined;
  }

  get running(): boolean {
    return this.interval !== undefined;
  }

  private runIfIdle(): void {
    if (this.followUp === undefined) this.run();
  }

  private run(): void {
    this.followUp = undefined;
    let deleted: number;
    try {
      deleted = this.pruneOnce();
    } catch (err) {
      this.onError(err);
      return;
    }
    if (deleted >= this.chunk && this.interval) this.followUp = setImmediate(() => this.run());
  }
}
