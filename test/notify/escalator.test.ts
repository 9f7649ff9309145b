// Issue 23: the escalator on a fake clock: restore at start, resolve cancels, records publish, retries back off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEscalation } from '../../src-main/notify/escalation/escalator.js';
import { PushFailure, type EscalationPage, type PushTarget } from '../../src-main/notify/escalation/push-target.js';
import { EscalationConfigSchema } from '../../src-shared/escalation-settings.js';
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';

const START = Date.parse('2026-12-04T03:00:00Z');
afterEach(() => vi.useRealTimers());

function setup(opts: { fail?: number } = {}) {
  vi.useFakeTimers({ now: START });
  const pages: { target: string; page: EscalationPage; at: number }[] = [];
  let failures = opts.fail ?? 0;
  const target = (name: string): PushTarget => ({
    name, kind: 'ntfy', send: async (page) => {
      pages.push({ target: name, page, at: Date.now() });
      if (name === 'alice' && failures-- > 0) throw new PushFailure(name, 'answered 502');
    },
  });
  const config = EscalationConfigSchema.parse({
    targets: ['alice', 'bob'].map((n) => ({ name: n, kind: 'ntfy', url: 'https://ntfy.example', topic: n })),
    steps: [{ after_minutes: { P0: 5, P1: 15 }, targets: ['alice'] }, { after_minutes: 10, targets: ['bob'] }],
    retry_base_secs: 5,
  });
  const incidents = new Map<string, Incident>();
  const published: IncidentEvent[] = [];
  const escalator = startEscalation({
    config, targets: new Map([['alice', target('alice')], ['bob', target('bob')]]),
    getIncident: (id) => incidents.get(id.toLowerCase()),
    publish: async (events) => void published.push(...events), onWarning: () => undefined,
  });
  const put = (i: Incident) => incidents.set(i.id.toLowerCase(), i);
  return { escalator, pages, published, put };
}

describe('escalator', () => {
  it('restores an unacknowledged P0 open at start and pages at once when its first step is overdue', async () => {
    const { escalator, pages, put } = setup();
    const old = incident({ severity: 'P0', created_at: new Date(START - 20 * 60_000).toISOString() });
    const acked = incident({ severity: 'P0', state: 'Triaged', created_at: old.created_at });
    put(old);
    put(acked);
    escalator.restore([old, acked]);
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.map((p) => p.page.incidentId)).toEqual([old.id.toLowerCase()]);
    escalator.stop();
  });

  it('a resolve before the step cancels it; the steps taken are published as notification_sent for the team', async () => {
    const { escalator, pages, published, put } = setup();
    const a = incident({ severity: 'P0' });
    const b = incident({ severity: 'P0' });
    for (const i of [a, b]) {
      put(i);
      escalator.observe(created(i));
    }
    escalator.observe({ event_type: 'incident_resolved', incident: { ...b, state: 'Resolved' } });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(pages.map((p) => p.page.incidentId)).toEqual([a.id.toLowerCase()]);
    expect(published).toEqual([{ event_type: 'notification_sent', incident_id: a.id, channel: 'ntfy:alice', success: true, escalation_step: 1 }]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(pages.map((p) => [p.target, p.at - START])).toEqual([['alice', 5 * 60_000], ['bob', 15 * 60_000]]);
    expect(escalator.health().pending).toBe(0);
    escalator.stop();
  });

  it('an incident escalated from P2 to P0 starts escalating, counted from when it was raised', async () => {
    const { escalator, pages, put } = setup();
    const raised = incident({ severity: 'P2', created_at: new Date(START - 3 * 60_000).toISOString() });
    put(raised);
    escalator.observe(created(raised));
    put({ ...raised, severity: 'P0' });
    escalator.observe({ event_type: 'escalated', incident_id: raised.id, from_severity: 'P2', to_severity: 'P0', reason: 'test' });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(pages.map((p) => [p.page.incidentId, p.at - START])).toEqual([[raised.id.toLowerCase(), 2 * 60_000]]);
    expect(escalator.why(raised.id)[0]!.steps[0]!.detail).toMatch(/^escalated to P0: step 1 due 03:02:00Z unless acknowledged$/);
    escalator.stop();
  });

  it('retries a failing target after 5 s then 10 s, and one success counts as delivered', async () => {
    const { escalator, pages, put } = setup({ fail: 2 });
    const a = incident({ severity: 'P0' });
    put(a);
    escalator.observe(created(a));
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 15_000);
    expect(pages.map((p) => (p.at - START) / 1000)).toEqual([300, 305, 315]);
    expect(escalator.health().targets[0]).toMatchObject({ name: 'alice', state: 'ok' });
    // Delivered on the third try: step 2 comes 10 minutes later, not at once.
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(pages).toHaveLength(3);
    escalator.stop();
  });

  it('an acknowledgement during the retries stops them (no more tries, no fall-through)', async () => {
    const { escalator, pages, put } = setup({ fail: 5 });
    const a = incident({ severity: 'P0' });
    put(a);
    escalator.observe(created(a));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(pages).toHaveLength(1);
    const triaged = { ...a, state: 'Triaged' as const };
    put(triaged);
    escalator.observe({ event_type: 'incident_updated', incident: triaged, previous_state: 'Detected' });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(pages).toHaveLength(1);
    escalator.stop();
  });
});
