// The notification state file: bad files never stop notifications, saves are atomic and complete, and it stays small.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NOTIFY_STATE_FILE_NAME, NotifyStateSchema, corruptStateFile, notifyStateFile, writeFileAtomic, type NotifyState,
} from '../../src-main/notify/index.js';
import { created, entry, incident } from './support/fixtures.js';
import { DataDirLab } from './support/persisted-driver.js';

const HOUR_MS = 3_600_000;
let lab: DataDirLab;
beforeEach(async () => {
  lab = await DataDirLab.create();
});
afterEach(async () => {
  await lab.cleanup();
});

const readState = (dir: string): NotifyState => NotifyStateSchema.parse(JSON.parse(readFileSync(notifyStateFile(dir), 'utf8')));

describe('a state file that cannot be used', () => {
  const bad: [string, (file: string) => void, string][] = [
    ['is cut off mid-write', (f) => writeFileSync(f, '{"version":1,"savedAt":1,"seen":[["msg|'), 'not valid JSON'],
    ['is of another version', (f) => writeFileSync(f, JSON.stringify({ version: 99, seen: [] })), 'unexpected shape'],
    ['cannot be read (a folder in its place)', (f) => mkdirSync(f), 'cannot read'],
  ];

  it.each(bad)('when it %s: a warning, the file kept aside, and notifications still work', async (_what, spoil, problem) => {
    const file = notifyStateFile(lab.dir);
    spoil(file);
    const before = statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    const run = lab.start();
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toContain(problem);
    expect(run.warnings[0]).toContain('starting with an empty notification memory');
    expect(run.warnings[0]).toContain(corruptStateFile(file));
    if (before !== undefined) expect(readFileSync(corruptStateFile(file), 'utf8')).toBe(before);

    const p0 = entry(created(incident({ severity: 'P0', title: 'Payments down' })));
    await run.emit(p0);
    expect(run.sink.shown.map((n) => n.title)).toEqual(['P0 · api-gateway: Payments down']);
    expect(run.errors).toEqual([]);
    expect(readState(lab.dir).seen.map(([key]) => key)).toContain(`msg|${p0.incidentId}|${p0.messageId}`);
  });
});

describe('saving the state', () => {
  it('writes a file only its owner can read, and leaves no temp files behind', async () => {
    const run = lab.start();
    await run.emit(entry(created(incident({ severity: 'P0' }))), entry(created(incident({ severity: 'P1' }))));
    expect(readdirSync(lab.dir)).toEqual([NOTIFY_STATE_FILE_NAME]);
    if (process.platform !== 'win32') expect(statSync(notifyStateFile(lab.dir)).mode & 0o777).toBe(0o600);
    expect(readState(lab.dir).notified).toHaveLength(2);
  });

  it('loses no change made while a save is in flight', async () => {
    const run = lab.start({ settings: { storm_threshold: 1000 } });
    const incidents = Array.from({ length: 120 }, (_, k) => lab.store.put(incident({ severity: 'P1', affected_resources: [`svc-${k}`] })));
    const entries = incidents.map((i) => entry(created(i)));
    const acks: Promise<unknown>[] = [];
    for (const [k, e] of entries.entries()) {
      run.feed.emit(e);
      if (k % 3 === 0) acks.push(run.notifications.acknowledge(incidents[k]?.id ?? '', `user-${k}`));
      // Yield now and then, so saves start while more changes keep coming.
      if (k % 10 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(acks);

    const next = await lab.restart(run);
    expect(next.notifications.status().acknowledgements).toHaveLength(40);
    await next.emit(...entries);
    expect(new Set(next.reasonsOf(entries))).toEqual(new Set(['duplicate']));
    expect(next.sink.shown).toEqual([]);
  });

  it('racing atomic writes leave one whole file, never a mix or a partial one', async () => {
    const file = notifyStateFile(lab.dir);
    const bodies = Array.from({ length: 20 }, (_, k) => JSON.stringify({ writer: k, pad: 'x'.repeat(50_000 + k) }));
    await Promise.all(bodies.map((b) => writeFileAtomic(file, b)));
    expect(bodies).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(lab.dir)).toEqual([NOTIFY_STATE_FILE_NAME]);
  });
});

describe('the size of the state', () => {
  it('keeps at most maxKeys change keys, the newest', async () => {
    const run = lab.start({ persist: { dataDir: lab.dir, maxKeys: 40 }, settings: { storm_threshold: 1000 } });
    const entries = Array.from({ length: 100 }, () => entry(created(incident({ severity: 'P1' }))));
    await run.emit(...entries);
    const state = readState(lab.dir);
    expect(state.seen).toHaveLength(40);
    expect(state.notified).toHaveLength(40);
    const last = entries[entries.length - 1];
    expect(state.seen.map(([key]) => key)).toContain(`msg|${last?.incidentId}|${last?.messageId}`);
  });

  it('forgets entries older than the journal retention, expired snoozes and closed incidents', async () => {
    const persist = { dataDir: lab.dir, retentionMs: HOUR_MS };
    const run = lab.start({ persist });
    const old = lab.store.put(incident({ severity: 'P1' }));
    await run.emit(entry(created(old)));
    await run.notifications.acknowledge(old.id, 'alice');
    run.notifications.snooze({ durationMs: HOUR_MS / 2 });
    lab.clock.advance(2 * HOUR_MS);

    const closing = lab.store.put(incident({ severity: 'P1' }));
    const fresh = lab.store.put(incident({ severity: 'P1' }));
    await run.emit(entry(created(closing)), entry(created(fresh)));
    await run.notifications.acknowledge(closing.id, 'bob');
    const closedAt = new Date(lab.clock.now()).toISOString();
    await run.emit(entry({ event_type: 'incident_closed', incident: { ...closing, state: 'Closed', updated_at: closedAt } }));

    const state = readState(lab.dir);
    expect(state.notified.map(([id]) => id)).toEqual([fresh.id]);
    expect(state.acknowledgements).toEqual([]);
    expect(state.snoozeAllUntil).toBeUndefined();
    expect(state.seen.every(([, at]) => at === lab.clock.now())).toBe(true);
    expect(state.seen.map(([key]) => key).filter((k) => k.includes(old.id))).toEqual([]);
    expect(state.seen.map(([key]) => key).filter((k) => k.includes(closing.id)).length).toBeGreaterThan(0);
  });
});
