// UI subscriptions are filters in the server's routing index (one matcher): counted from the routing pass that also
// serves the /ws sessions, not matched again by a second, linear matcher.
import { describe, expect, it } from 'vitest';
import { runBridgeCall } from '../../src-shared/bridge/index.js';
import { created, incident } from '../support/fixtures.js';
import { TestClient } from '../support/ws-client.js';
import { controlHarnessPerTest } from './support/control-harness.js';

const { cleanups, harness } = controlHarnessPerTest();

describe('UI subscriptions in the routing index', () => {
  it('are filed in the hub index beside session subscriptions, and leave it when deleted or when the service closes', async () => {
    const h = await harness();
    const index = h.h.server.hub.index;
    const p0 = await runBridgeCall(h.service.handlers, 'subscriptions:create', { name: 'P0', filters: { severities: ['P0'] }, notify: false }) as { id: string };
    await runBridgeCall(h.service.handlers, 'subscriptions:create', { name: 'db', filters: { labels: { team: 'db' } }, notify: false });
    expect(index.size).toBe(2);
    const client = await TestClient.connect(h.h.wsUrl);
    cleanups.push(() => client.ws.close());
    await client.subscribe('p0-session', { severities: ['P0'] });
    expect(index.size).toBe(3);
    // The protocol's own count stays about /ws sessions.
    expect(h.h.server.connectionStats().active_subscriptions).toBe(1);
    await runBridgeCall(h.service.handlers, 'subscriptions:delete', { id: p0.id });
    expect(index.size).toBe(2);
    h.service.close();
    expect(index.size).toBe(1);
  });

  it('one routing pass delivers to a session and names the matching UI subscriptions, event by event within a batch', async () => {
    const h = await harness();
    const ui = await runBridgeCall(h.service.handlers, 'subscriptions:create', { name: 'P0', filters: { severities: ['P0'] }, notify: false }) as { id: string };
    const client = await TestClient.connect(h.h.wsUrl);
    cleanups.push(() => client.ws.close());
    await client.subscribe('p0-session', { severities: ['P0'] });
    const pushed: { subscriptionIds: string[]; event: { incident?: { title: string } } }[] = [];
    cleanups.push(h.service.subscribe((event, payload) => {
      if (event === 'push:events') pushed.push(...(payload as { events: typeof pushed }).events);
    }));
    await h.h.server.publish([
      created(incident({ severity: 'P0', title: 'first' })), created(incident({ severity: 'P2', title: 'second' })), created(incident({ severity: 'P0', title: 'third' })),
    ]);
    await client.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === 'third');
    expect(client.events().map((f) => (f.event as { incident: { title: string } }).incident.title)).toEqual(['first', 'third']);
    await expect.poll(() => pushed.length).toBe(3);
    expect(pushed.map((e) => [e.event.incident?.title, e.subscriptionIds])).toEqual([['first', [ui.id]], ['second', []], ['third', [ui.id]]]);
    const { subscriptions } = await runBridgeCall(h.service.handlers, 'subscriptions:list', {}) as { subscriptions: { matchedCount: number }[] };
    expect(subscriptions.map((s) => s.matchedCount)).toEqual([2]);
  });
});
