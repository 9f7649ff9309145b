// After a restart on the same data dir, what already notified stays quiet and everything new still notifies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { created, entry, escalated, incident, resolved } from './support/fixtures.js';
import { DataDirLab } from './support/persisted-driver.js';
import { waitFor } from './support/recording.js';

const HOUR_MS = 3_600_000;
let lab: DataDirLab;
beforeEach(async () => {
  lab = await DataDirLab.create();
});
afterEach(async () => {
  await lab.cleanup();
});

describe('notification memory across a restart', () => {
  it('does not notify again for replayed entries, or the same change re-published under a new id', async () => {
    const a = lab.store.put(incident({ severity: 'P0', title: 'Payments down' }));
    const b = lab.store.put(incident({ severity: 'P1', title: 'Search slow' }));
    const before = [entry(created(a)), entry(created(b))];
    let run = lab.start();
    await run.emit(...before);
    expect(run.sink.shown.map((n) => n.title)).toEqual(['P0 · api-gateway: Payments down', 'P1 · api-gateway: Search slow']);

    run = await lab.restart(run);
    const republished = entry(created(b), 'epoch2-1');
    await run.emit(...before, republished);
    expect(run.reasonsOf([...before, republished])).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(run.sink.shown).toEqual([]);
    expect(run.warnings).toEqual([]);
  });

  it('notifies an escalation that comes after the restart, once', async () => {
    const i = lab.store.put(incident({ severity: 'P1', title: 'Checkout errors' }));
    const first = entry(created(i));
    let run = lab.start();
    await run.emit(first);

    run = await lab.restart(run);
    lab.store.put({ ...i, severity: 'P0' });
    const escalation = entry(escalated(i, 'P0'));
    await run.emit(first, escalation);
    expect(run.reasonsOf([first, escalation])).toEqual(['duplicate', 'shown']);
    expect(run.sink.shown.map((n) => [n.title, n.urgency])).toEqual([['P0 · api-gateway: Checkout errors (escalated from P1)', 'critical']]);

    run = await lab.restart(run);
    await run.emit(first, escalation);
    expect(run.reasonsOf([first, escalation])).toEqual(['duplicate', 'duplicate']);
    expect(run.sink.shown).toEqual([]);
  });

  it('follows up the resolution of an incident that notified before the restart', async () => {
    const i = lab.store.put(incident({ severity: 'P1', title: 'Login failures' }));
    let run = lab.start();
    await run.emit(entry(created(i)));
    run = await lab.restart(run);
    const resolution = entry(resolved({ ...i, updated_at: new Date(lab.clock.advance(60_000)).toISOString() }));
    await run.emit(resolution);
    expect(run.reasonsOf([resolution])).toEqual(['shown']);
    expect(run.sink.shown.map((n) => n.title)).toEqual(['Resolved · api-gateway: Login failures — resolved']);
  });

  it('keeps acknowledgements and snoozes', async () => {
    const a = lab.store.put(incident({ severity: 'P0', title: 'DB down' }));
    const b = lab.store.put(incident({ severity: 'P1', title: 'Queue backlog' }));
    let run = lab.start();
    await run.emit(entry(created(a)), entry(created(b)));
    await run.notifications.acknowledge(a.id, 'alice');
    run.notifications.snooze({ durationMs: HOUR_MS, incidentId: b.id });
    run.notifications.snooze({ durationMs: HOUR_MS });

    run = await lab.restart(run);
    const status = run.notifications.status();
    expect(status.acknowledgements).toEqual([{ incidentId: a.id, by: 'alice', at: lab.clock.now() }]);
    expect(status.snoozes).toEqual({ allUntil: lab.clock.now() + HOUR_MS, incidents: [{ incidentId: b.id, until: lab.clock.now() + HOUR_MS }] });
    expect(status.reminders).toEqual([]);
    const p1 = entry(created(incident({ severity: 'P1' })));
    const p0 = entry(created(incident({ severity: 'P0', title: 'Cluster down' })));
    await run.emit(p1, p0);
    expect(run.reasonsOf([p1, p0])).toEqual(['snoozed', 'shown']);
  });

  it('keeps reminding about an unacknowledged P0, at once when a reminder fell due while it was down', async () => {
    const open = lab.store.put(incident({ severity: 'P0', title: 'DB down' }));
    const takenOn = lab.store.put(incident({ severity: 'P0', title: 'Cache down' }));
    let run = lab.start({ settings: { renotify_p0_mins: 5 } });
    await run.emit(entry(created(open)), entry(created(takenOn)));
    expect(run.notifications.status().reminders.map((r) => r.incidentId)).toEqual([open.id, takenOn.id]);

    // While the app is down, someone takes on the second incident elsewhere, and the first reminder falls due.
    lab.store.put({ ...takenOn, state: 'Investigating' });
    lab.clock.advance(6 * 60_000);
    run = await lab.restart(run, { settings: { renotify_p0_mins: 5 } });
    expect(run.notifications.status().reminders.map((r) => r.incidentId)).toEqual([open.id]);
    const reminderShown = run.sink.shown;
    await waitFor('the reminder', () => reminderShown.length > 0);
    expect(reminderShown.map((n) => n.title)).toEqual(['P0 · api-gateway: DB down — still unacknowledged']);
  });

  it('shows notifications held for a storm summary after the restart instead of losing them', async () => {
    const storm = { settings: { storm_threshold: 1, storm_window_secs: 600 } };
    const entries = ['svc-a', 'svc-b', 'svc-c'].map((r) => entry(created(incident({ severity: 'P1', affected_resources: [r] }))));
    let run = lab.start(storm);
    await run.emit(...entries);
    expect(run.reasonsOf(entries)).toEqual(['shown', 'storm_held', 'storm_held']);

    run = await lab.restart(run, storm);
    const shown = run.sink.shown;
    await waitFor('the summary', () => shown.length > 0);
    expect(shown.map((n) => n.title)).toEqual(['2 new P1 incidents — svc-c, svc-b']);
    await run.emit(...entries);
    expect(run.reasonsOf(entries)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });
});
