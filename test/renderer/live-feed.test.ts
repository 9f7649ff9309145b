// @vitest-environment jsdom
// Live feed: virtualized rows for 10,000 events, text search, filter chips, pause/resume, jump to the incident.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import { FakeBridge } from './support/fake-bridge.js';
import { commentEvent, createdEvent, makeFeedEvent, makeIncident, makeSummary, uuid } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

const severities = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
function manyEvents(n: number): FeedEvent[] {
  return Array.from({ length: n }, (_, i) => makeFeedEvent(createdEvent(makeIncident(i + 1, {
    severity: severities[i % 5]!, title: i === 1234 ? 'needle in the haystack' : `Event ${i + 1}`,
  }))));
}

function pushInBatches(bridge: FakeBridge, events: FeedEvent[]): void {
  act(() => {
    for (let i = 0; i < events.length; i += 1000) bridge.emit('push:events', { events: events.slice(i, i + 1000) });
  });
}

const feedRows = (): HTMLElement[] => within(screen.getByRole('list', { name: /Events, newest first/ })).queryAllByRole('listitem');

describe('live feed', () => {
  it('keeps only the visible window of 10,000 events in the DOM, newest first, and follows scrolling', async () => {
    const { bridge } = renderApp(new FakeBridge(), 'feed');
    pushInBatches(bridge, manyEvents(10_000));
    expect(screen.getByText('10000 of 10000 events')).toBeTruthy();
    const rows = feedRows();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(rows[0]!.textContent).toContain('Created: Event 10000');

    const scroller = screen.getByRole('list', { name: /Events, newest first/ });
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 5000 * 30 });
    fireEvent.scroll(scroller);
    await waitFor(() => expect(feedRows().some((r) => r.getAttribute('aria-posinset') === '5001')).toBe(true));
    expect(feedRows().length).toBeLessThan(100);
  });

  it('narrows the rows by text search and by severity and kind chips', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'feed');
    pushInBatches(bridge, manyEvents(2000));
    act(() => bridge.emit('push:events', { events: [makeFeedEvent(commentEvent(uuid(1), 'a comment'))] }));
    await user.type(screen.getByRole('searchbox', { name: 'Search events' }), 'needle');
    expect(screen.getByText('1 of 2001 events')).toBeTruthy();
    expect(feedRows()[0]!.textContent).toContain('needle in the haystack');

    await user.clear(screen.getByRole('searchbox', { name: 'Search events' }));
    await user.click(within(screen.getByRole('group', { name: 'Filter by severity' })).getByRole('button', { name: 'P0' }));
    expect(screen.getByText('400 of 2001 events')).toBeTruthy();
    expect(feedRows().every((r) => r.querySelector('.sev')?.textContent === 'P0')).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.click(screen.getByRole('button', { name: 'comment' }));
    expect(screen.getByText('1 of 2001 events')).toBeTruthy();
    expect(feedRows()[0]!.textContent).toContain('alice: a comment');
  });

  it('holds new events back while paused and shows them on resume', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'feed');
    pushInBatches(bridge, manyEvents(3));
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => bridge.emit('push:events', { events: [makeFeedEvent(commentEvent(uuid(1), 'late one')), makeFeedEvent(commentEvent(uuid(2), 'late two'))] }));
    expect(screen.getByText(/Paused, 2 new held back/)).toBeTruthy();
    expect(feedRows()).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(feedRows()).toHaveLength(5);
    expect(feedRows()[0]!.textContent).toContain('late two');
  });

  it('opens the incident of an event on the board', async () => {
    const bridge = new FakeBridge();
    const incident = makeIncident(42, { title: 'Disk full on db-1', severity: 'P1' });
    bridge.addIncident(makeSummary(incident));
    const { user } = renderApp(bridge, 'feed');
    act(() => bridge.emit('push:events', { events: [makeFeedEvent(createdEvent(incident))] }));
    await user.click(screen.getByRole('button', { name: 'Created: Disk full on db-1' }));
    expect(screen.getByRole('main', { name: 'Incidents' })).toBeTruthy();
    expect(await screen.findByRole('complementary', { name: 'Disk full on db-1' })).toBeTruthy();
  });
});
