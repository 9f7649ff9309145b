// Starts notification drivers on a real data dir, as `serve --notify` does, so a test can stop one and start the next.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startNotifications, type Decision, type Notifications, type NotifyEntry, type StartNotificationsOptions,
} from '../../../src-main/notify/index.js';
import { FakeClock, IncidentMap } from './fixtures.js';
import { EventFeed, RecordingSink } from './recording.js';

/** One running driver and what it did. */
export interface DriverRun {
  notifications: Notifications;
  feed: EventFeed;
  sink: RecordingSink;
  decisions: { messageId: string; reason: Decision['reason'] }[];
  warnings: string[];
  errors: string[];
  /** Emits the entries in order and waits until every decision is shown and saved. */
  emit(...entries: NotifyEntry[]): Promise<void>;
  /** The decision reasons of the given message ids, in order. */
  reasonsOf(entries: readonly NotifyEntry[]): string[];
}

/** A temp data dir, drivers started on it, and cleanup that stops them all and removes the dir. */
export class DataDirLab {
  readonly clock = new FakeClock();
  readonly store = new IncidentMap();
  private readonly runs: DriverRun[] = [];

  private constructor(readonly dir: string) {}

  static async create(): Promise<DataDirLab> {
    return new DataDirLab(await mkdtemp(join(tmpdir(), 'ir-notify-state-')));
  }

  /** Starts a driver on the lab's data dir (a new process would do the same after a restart). */
  start(over: Partial<StartNotificationsOptions> = {}): DriverRun {
    const feed = new EventFeed();
    const sink = new RecordingSink();
    const decisions: DriverRun['decisions'] = [];
    const warnings: string[] = [];
    const errors: string[] = [];
    const notifications = startNotifications({
      onEvent: feed.onEvent, getIncident: this.store.get, sink, clock: this.clock,
      persist: { dataDir: this.dir },
      onWarning: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`),
      onError: (err, context) => errors.push(`${context}: ${err instanceof Error ? err.message : String(err)}`),
      onDecision: (d, e) => decisions.push({ messageId: e.messageId, reason: d.reason }),
      ...over,
    });
    const run: DriverRun = {
      notifications, feed, sink, decisions, warnings, errors,
      async emit(...entries) {
        for (const e of entries) feed.emit(e);
        await notifications.idle();
      },
      reasonsOf: (entries) => entries.map((e) => decisions.find((d) => d.messageId === e.messageId)?.reason ?? 'none'),
    };
    this.runs.push(run);
    return run;
  }

  /** Stops a driver the way the server does on shutdown (pending saves are written). */
  async restart(run: DriverRun, over: Partial<StartNotificationsOptions> = {}): Promise<DriverRun> {
    await run.notifications.stop();
    return this.start(over);
  }

  async cleanup(): Promise<void> {
    for (const r of this.runs) await r.notifications.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
