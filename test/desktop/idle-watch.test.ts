// Issue 23: the desktop reports screen lock / idle (a fake of Electron's powerMonitor) and escalation takes step 1 at once.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchIdle, type ScreenStatePort } from '../../src-main/desktop/core/idle-watch.js';
import { startEscalation } from '../../src-main/notify/escalation/escalator.js';
import type { EscalationPage, PushTarget } from '../../src-main/notify/escalation/push-target.js';
import { EscalationConfigSchema } from '../../src-shared/escalation-settings.js';
import { created, incident } from '../support/fixtures.js';

class FakePowerMonitor extends EventEmitter implements ScreenStatePort {
  idle: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  getSystemIdleState(): 'active' | 'idle' | 'locked' | 'unknown' {
    return this.idle;
  }
}

afterEach(() => vi.useRealTimers());

describe('idle watch', () => {
  it('reports away on lock and on idle polls, and back on unlock; each change once', () => {
    vi.useFakeTimers();
    const power = new FakePowerMonitor();
    const changes: boolean[] = [];
    const stop = watchIdle(power, (away) => changes.push(away), { pollMs: 1000 });
    power.emit('lock-screen');
    power.emit('lock-screen');
    power.emit('unlock-screen');
    power.idle = 'idle';
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    power.idle = 'active';
    vi.advanceTimersByTime(1000);
    expect(changes).toEqual([true, false, true, false]);
    stop();
    power.emit('lock-screen');
    expect(changes).toHaveLength(4);
    expect(power.listenerCount('lock-screen')).toBe(0);
  });

  it('a screen lock escalates a waiting P0 at once instead of after 5 minutes', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T03:00:00Z') });
    const pages: EscalationPage[] = [];
    const phone: PushTarget = { name: 'alice-phone', kind: 'ntfy', send: async (p) => void pages.push(p) };
    const config = EscalationConfigSchema.parse({
      targets: [{ name: 'alice-phone', kind: 'ntfy', url: 'https://ntfy.example', topic: 't' }],
      steps: [{ after_minutes: { P0: 5 }, targets: ['alice-phone'] }],
    });
    const p0 = incident({ severity: 'P0', created_at: new Date().toISOString() });
    const escalator = startEscalation({
      config, targets: new Map([['alice-phone', phone]]), getIncident: () => p0, publish: async () => undefined, onWarning: () => undefined,
    });
    escalator.observe(created(p0));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pages).toHaveLength(0);
    const power = new FakePowerMonitor();
    const stop = watchIdle(power, (away) => escalator.setIdle(away));
    power.emit('lock-screen');
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.map((p) => [p.incidentId, p.step])).toEqual([[p0.id.toLowerCase(), 1]]);
    expect(escalator.why(p0.id).flatMap((r) => r.steps.map((s) => s.detail))).toContain('screen locked or system idle: step 1 now');
    stop();
    escalator.stop();
  });
});
