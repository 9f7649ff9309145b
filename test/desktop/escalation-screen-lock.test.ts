// Issue 23, desktop wiring: the app passes powerMonitor's screen lock to the core's escalation (fakes of Electron, real core).
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScreenStatePort } from '../../src-main/desktop/core/idle-watch.js';
import { incident } from '../support/fixtures.js';
import { startPushRecorder } from '../notify/support/push-recorder.js';
import { startedDesktop } from './support/started-desktop.js';

class FakeScreen extends EventEmitter implements ScreenStatePort {
  getSystemIdleState(): 'active' {
    return 'active';
  }
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('desktop escalation', () => {
  it('a locked screen pages the phone at once for a P0 whose first step is 30 minutes away', async () => {
    const phone = await startPushRecorder();
    cleanups.push(() => phone.close());
    const dir = mkdtempSync(join(tmpdir(), 'ir-desktop-escalation-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({
      escalation: { targets: [{ name: 'alice-phone', kind: 'ntfy', url: phone.url, topic: 'alice' }], steps: [{ after_minutes: { P0: 30 }, targets: ['alice-phone'] }] },
    }));
    const screen = new FakeScreen();
    const desktop = await startedDesktop(dir, cleanups, { screen, argv: ['electron', '.', '--config', join(dir, 'config.json')] });
    const server = desktop.core.core.server;
    const p0 = incident({ severity: 'P0', title: 'Primary DB down' });
    await server.publish([{ event_type: 'incident_created', incident: p0 }]);
    expect(desktop.core.core.escalation!.health().pending).toBe(1);
    expect(phone.requests).toHaveLength(0);

    screen.emit('lock-screen');
    await vi.waitFor(() => expect(phone.requests).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(JSON.parse(phone.requests[0]!.body)).toMatchObject({ topic: 'alice', title: 'P0 · api: Primary DB down', priority: 5 });
  });
});
