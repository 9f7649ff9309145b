// Issue 23: settings saved at run time on a fake clock — running escalations keep their step, a first step not yet taken
// moves to its new delay, off cancels and on picks the open incidents up; step progress restored from its store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEscalation, type EscalationSetup } from '../../src-main/notify/escalation/escalator.js';
import { memoryProgressStore } from '../../src-main/notify/escalation/escalation-progress.js';
import type { EscalationPage, PushTarget } from '../../src-main/notify/escalation/push-target.js';
import { EscalationConfigSchema } from '../../src-shared/escalation-settings.js';
import type { Incident } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';

const START = Date.parse('2026-12-04T03:00:00Z');
const MIN = 60_000;
afterEach(() => vi.useRealTimers());

function setup(firstP0 = 5, secondAfter = 10) {
  vi.useFakeTimers({ now: START });
  const pages: { target: string; page: EscalationPage; at: number }[] = [];
  const target = (name: string): PushTarget => ({ name, kind: 'ntfy', send: async (page) => void pages.push({ target: name, page, at: Date.now() - START }) });
  const targets = new Map([['alice', target('alice')], ['bob', target('bob')]]);
  const setupOf = (p0: number, after: number): EscalationSetup => ({
    targets,
    config: EscalationConfigSchema.parse({
      targets: ['alice', 'bob'].map((n) => ({ name: n, kind: 'ntfy', url: 'https://ntfy.example', topic: n })),
      steps: [{ after_minutes: { P0: p0 }, targets: ['alice'] }, { after_minutes: after, targets: ['bob'] }],
    }),
  });
  const incidents = new Map<string, Incident>();
  const progress = memoryProgressStore();
  const options = {
    getIncident: (id: string) => incidents.get(id.toLowerCase()), listIncidents: () => incidents.values(),
    publish: async () => undefined, onWarning: () => undefined, progress,
  };
  const escalator = startEscalation({ ...setupOf(firstP0, secondAfter), ...options });
  const raise = (): Incident => {
    const i = incident({ severity: 'P0', created_at: new Date(START).toISOString() });
    incidents.set(i.id.toLowerCase(), i);
    escalator.observe(created(i));
    return i;
  };
  return { escalator, pages, raise, setupOf, progress, options, incidents };
}

describe('escalation settings changed at run time', () => {
  it('an escalation past step 1 keeps its step and its due time when the settings are saved', async () => {
    const { escalator, pages, raise, setupOf } = setup();
    raise();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(pages.map((p) => [p.target, p.at])).toEqual([['alice', 5 * MIN]]);
    escalator.reconfigure(setupOf(1, 10));
    await vi.advanceTimersByTimeAsync(20 * MIN);
    expect(pages.map((p) => [p.target, p.at])).toEqual([['alice', 5 * MIN], ['bob', 15 * MIN]]);
    escalator.stop();
  });

  it('a first step not yet taken moves to the new delay (counted from when the incident was raised)', async () => {
    const { escalator, pages, raise, setupOf } = setup(30);
    raise();
    await vi.advanceTimersByTimeAsync(2 * MIN);
    escalator.reconfigure(setupOf(5, 10));
    await vi.advanceTimersByTimeAsync(4 * MIN);
    expect(pages.map((p) => [p.target, p.at])).toEqual([['alice', 5 * MIN]]);
    escalator.stop();
  });

  it('turned off, nothing is paged; turned on again, the open incidents are picked up', async () => {
    const { escalator, pages, raise, setupOf } = setup();
    const i = raise();
    escalator.reconfigure(undefined);
    expect(escalator.enabled()).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(pages).toHaveLength(0);
    expect(escalator.why(i.id)[0]!.steps.at(-1)!.detail).toBe('escalation turned off: remaining steps cancelled');
    escalator.reconfigure(setupOf(5, 10));
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.map((p) => [p.target, p.at])).toEqual([['alice', 30 * MIN]]); // overdue: at once
    escalator.stop();
  });

  it('restores the persisted next step after a restart; a finished escalation is not started again', async () => {
    const first = setup();
    const a = first.raise();
    const b = first.raise();
    await vi.advanceTimersByTimeAsync(15 * MIN); // a and b: both steps taken
    const c = first.raise();
    await vi.advanceTimersByTimeAsync(5 * MIN); // c (raised at 0 min): step 1 at once at 15 min, step 2 due at 25
    first.escalator.stop();
    expect(first.pages.filter((p) => p.page.incidentId === c.id.toLowerCase()).map((p) => p.target)).toEqual(['alice']);

    const pages: string[] = [];
    const target = (name: string): PushTarget => ({ name, kind: 'ntfy', send: async (page) => void pages.push(`${name} ${page.incidentId} ${(Date.now() - START) / MIN}`) });
    const again = startEscalation({ ...first.setupOf(5, 10), targets: new Map([['alice', target('alice')], ['bob', target('bob')]]), ...first.options });
    again.restore([a, b, c]);
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(pages).toEqual([`bob ${c.id.toLowerCase()} 25`]);
    again.stop();
  });
});
