// Every in-memory structure keyed by something unbounded (ids, clients, remotes) driven past its stated bound.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSessions, SESSIONS_MAX } from '../../src-main/control/console-sessions.js';
import { IncidentTracker, ONCALL_STATE_FILE, TRACKED_INCIDENTS_MAX } from '../../src-main/control/incident-tracker.js';
import { LoginCodes, OUTSTANDING_MAX } from '../../src-main/control/login-codes.js';
import { IncidentLedger, STAGED_TTL_MS } from '../../src-main/ingest/incident-ledger.js';
import { DEDUPE_CAPACITY, SeenChanges } from '../../src-main/notify/dedupe.js';
import { ACK_CAPACITY, PolicyMemory } from '../../src-main/notify/policy-memory.js';
import { SNOOZED_INCIDENTS_MAX, Snoozes } from '../../src-main/notify/snooze.js';
import { DEFAULT_ORIGIN_CAPACITY, OriginIndex } from '../../src-main/relay/origin-index.js';
import { FailedAuthThrottle, MAX_REMOTES } from '../../src-main/server/auth/failed-auth-throttle.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { makeIncident } from '../journal/journal-fixtures.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ir-bounds-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const noProblems = (message: string) => { throw new Error(message); };

describe('notification memory', () => {
  it(`dedupe keys: at most ${DEDUPE_CAPACITY}, the oldest forgotten first`, () => {
    const seen = new SeenChanges();
    for (let n = 0; n < DEDUPE_CAPACITY + 500; n++) seen.checkAndRemember([`msg|${n}`]);
    expect(seen.size).toBe(DEDUPE_CAPACITY);
    expect(seen.checkAndRemember(['msg|0'])).toBe(false);
    expect(seen.checkAndRemember([`msg|${DEDUPE_CAPACITY + 499}`])).toBe(true);
  });

  it(`acknowledgements: at most ${ACK_CAPACITY}; notified incidents: at most ${DEDUPE_CAPACITY}`, () => {
    const memory = new PolicyMemory();
    for (let n = 0; n < ACK_CAPACITY + 50; n++) memory.recordAck({ incidentId: id(n), by: 'me', at: n });
    for (let n = 0; n < DEDUPE_CAPACITY + 50; n++) memory.notified.add(id(n), n);
    expect(memory.acks.size).toBe(ACK_CAPACITY);
    expect(memory.acks.has(id(0))).toBe(false);
    expect(memory.notified.size).toBe(DEDUPE_CAPACITY);
  });

  it(`incident snoozes: at most ${SNOOZED_INCIDENTS_MAX}, the least recently snoozed forgotten first`, () => {
    const snoozes = new Snoozes();
    for (let n = 0; n < SNOOZED_INCIDENTS_MAX + 10; n++) snoozes.snoozeIncident(id(n), 10_000);
    snoozes.snoozeIncident(id(10), 20_000); // snoozed again: the newest
    snoozes.snoozeIncident(id(5000), 20_000);
    const kept = snoozes.exportState(0).incidents.map((s) => s.incidentId);
    expect(kept).toHaveLength(SNOOZED_INCIDENTS_MAX);
    expect(kept).not.toContain(id(0));
    expect(kept).not.toContain(id(11));
    expect(kept).toContain(id(10));
  });
});

describe('relay and ingest', () => {
  it(`relay origin index: at most ${DEFAULT_ORIGIN_CAPACITY} ids by default`, () => {
    const index = new OriginIndex();
    const origin = (n: number) => `bbbbbbbbbbbb-${n}`; // <epoch>-<seq>: the ids the index keeps
    for (let n = 0; n < DEFAULT_ORIGIN_CAPACITY + 100; n++) index.add(origin(n));
    expect(index.size).toBe(DEFAULT_ORIGIN_CAPACITY);
    expect(index.has(origin(99))).toBe(false);
    expect(index.has(origin(100))).toBe(true);
  });

  it('staged incident versions: those whose publish never settled go once they expire, even if nobody reads them', () => {
    let now = 0;
    const ledger = new IncidentLedger(() => new MemoryIncidentStore(), () => now);
    for (let n = 0; n < 1000; n++) ledger.stage(makeIncident({ id: id(n) }));
    now += STAGED_TTL_MS;
    ledger.stage(makeIncident({ id: id(5000) }));
    expect(ledger.stagedCount()).toBe(1);
  });
});

describe('per-remote state', () => {
  it(`failed-auth buckets: at most ${MAX_REMOTES} remotes, the least recently failing forgotten first`, () => {
    const throttle = new FailedAuthThrottle({ burst: 1, perSec: 0.001, now: () => 0 });
    throttle.failed('10.0.0.1');
    expect(throttle.mayTry('10.0.0.1')).toBe(false);
    for (let n = 0; n < MAX_REMOTES; n++) throttle.failed(`192.0.2.${n}`);
    expect(throttle.mayTry('10.0.0.1')).toBe(true); // forgotten: a fresh bucket
    expect(throttle.mayTry(`192.0.2.${MAX_REMOTES - 1}`)).toBe(false);
  });
});

describe('console login', () => {
  it(`sessions: at most ${SESSIONS_MAX}, the oldest ends first`, () => {
    const sessions = new ConsoleSessions(tempDir(), noProblems);
    const made = Array.from({ length: SESSIONS_MAX + 3 }, () => sessions.create());
    expect(made.map((m) => sessions.check(m.id, m.secret, false)).filter(Boolean)).toHaveLength(SESSIONS_MAX);
    expect(sessions.check(made[0]!.id, made[0]!.secret, false)).toBe(false);
    expect(sessions.check(made[made.length - 1]!.id, made[made.length - 1]!.secret, false)).toBe(true);
  });

  it(`login codes: at most ${OUTSTANDING_MAX} outstanding, the oldest forgotten first`, () => {
    const codes = new LoginCodes();
    const issued = Array.from({ length: OUTSTANDING_MAX + 4 }, () => codes.issue());
    expect(codes.redeem(issued[0]!)).toBe(false);
    expect(issued.slice(4).every((c) => codes.redeem(c))).toBe(true);
  });
});

describe('console incident state', () => {
  it(`timelines and acknowledgement state: at most ${TRACKED_INCIDENTS_MAX} incidents, in memory and in the file`, () => {
    const dir = tempDir();
    const tracker = new IncidentTracker(dir, noProblems);
    for (let n = 0; n < TRACKED_INCIDENTS_MAX + 20; n++) {
      const incident = makeIncident({ id: id(n), state: 'Investigating' }); // worked on: counts as acknowledged
      tracker.observe(id(n), { messageId: `m-${n}`, timestamp: '2026-01-01T00:00:00Z', event: { event_type: 'incident_created', incident }, subscriptionIds: [], upstream: null });
    }
    tracker.flush();
    const saved = JSON.parse(readFileSync(join(dir, ONCALL_STATE_FILE), 'utf8')) as { incidents: Record<string, unknown> };
    expect(Object.keys(saved.incidents)).toHaveLength(TRACKED_INCIDENTS_MAX);
    expect(saved.incidents[id(0)]).toBeUndefined();
    expect(tracker.summary(makeIncident({ id: id(0), state: 'Detected' })).eventCount).toBe(0);
    expect(tracker.summary(makeIncident({ id: id(TRACKED_INCIDENTS_MAX + 19), state: 'Investigating' })).eventCount).toBe(1);
  });

  it('timelines of resolved/closed incidents: at most the incident store\'s in-memory bound, active ones untouched', () => {
    const tracker = new IncidentTracker(tempDir(), noProblems, Date.now, 10);
    const observe = (n: number, state: 'Investigating' | 'Resolved') => tracker.observe(id(n), {
      messageId: `m-${n}-${state}`, timestamp: '2026-01-01T00:00:00Z', subscriptionIds: [], upstream: null,
      event: { event_type: state === 'Resolved' ? 'incident_resolved' : 'incident_created', incident: makeIncident({ id: id(n), state }) },
    });
    for (let n = 0; n < 100; n++) observe(n, 'Investigating');
    for (let n = 0; n < 50; n++) observe(n, 'Resolved');
    const events = (n: number) => tracker.summary(makeIncident({ id: id(n), state: 'Resolved' })).eventCount;
    expect(events(0)).toBe(0);
    expect(events(39)).toBe(0);
    expect(events(40)).toBe(2);
    expect(events(99)).toBe(1); // still active
  });
});
