// @vitest-environment jsdom
// The open incident's timeline is exactly its events, oldest first, each once: what the server had when it was opened,
// then what was pushed after, including pushes that overtook the server's answer. It agrees with the live feed.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import { FakeBridge } from './support/fake-bridge.js';
import { commentEvent, createdEvent, makeFeedEvent, makeIncident, makeSummary, uuid } from './support/factories.js';
import { cleanupApp, renderApp, type RenderedApp } from './support/render-app.js';
import { TIMELINE_ITEM_PX } from './support/scroll-boxes.js';

afterEach(cleanupApp);

const A = makeIncident(1, { severity: 'P0', title: 'Payments failing' });
const B = makeIncident(2, { severity: 'P1', title: 'Search slow' });
const note = (incident: typeof A, text: string): FeedEvent => makeFeedEvent(commentEvent(incident.id, text));

function bridgeWithTwoIncidents(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.addIncident(makeSummary(A));
  bridge.addIncident(makeSummary(B));
  return bridge;
}

/** The summaries the timeline shows, top to bottom. */
function shownTimeline(): string[] {
  const pane = screen.getByRole('complementary', { name: A.title });
  const list = within(pane).getByRole('list', { name: 'Event timeline' });
  return within(list).getAllByRole('listitem').map((li) => li.querySelector('.event-summary')?.textContent ?? '');
}

/** What the live feed holds about incident `id`, oldest first, as the timeline words it. */
function feedAbout(app: RenderedApp, id: string): string[] {
  return app.stores.feed.getState().entries.filter((e) => e.incidentId === id).map((e) => e.summary);
}

/** Clicks the incident's row on the board. */
async function open(app: RenderedApp, incident: typeof A): Promise<void> {
  await app.user.click(await screen.findByRole('option', { name: new RegExp(incident.title) }));
}
const openA = (app: RenderedApp): Promise<void> => open(app, A);

describe('the open incident timeline', () => {
  it('shows exactly the incident’s events in order, and adds those published while it is open', async () => {
    const app = renderApp(bridgeWithTwoIncidents());
    act(() => app.bridge.publish([makeFeedEvent(createdEvent(A)), note(B, 'b first'), note(A, 'a first'), note(A, 'a second')]));
    await openA(app);
    await waitFor(() => expect(shownTimeline()).toEqual(['Created: Payments failing', 'alice: a first', 'alice: a second']));

    act(() => app.bridge.publish([note(B, 'b second'), note(A, 'a third')]));
    act(() => app.bridge.publish([note(A, 'a fourth'), makeFeedEvent({ event_type: 'system_event', category: 'ops', message: 'deploy', metadata: {} })]));
    expect(shownTimeline()).toEqual(['Created: Payments failing', 'alice: a first', 'alice: a second', 'alice: a third', 'alice: a fourth']);
    expect(shownTimeline()).toEqual(feedAbout(app, A.id));
  });

  it('keeps events pushed while the timeline was on its way, and shows a re-delivered event once', async () => {
    const app = renderApp(bridgeWithTwoIncidents());
    const first = note(A, 'before opening');
    act(() => app.bridge.publish([makeFeedEvent(createdEvent(A)), first]));
    const release = app.bridge.holdNext('incidents:get');
    await openA(app);
    await screen.findByText('Loading timeline…');

    // The server has answered (without these) but the answer is still in flight when they are pushed.
    act(() => app.bridge.publish([note(A, 'while loading'), note(B, 'other incident')]));
    act(() => app.bridge.emit('push:events', { events: [first] }));
    await act(async () => release());

    await waitFor(() => expect(shownTimeline()).toEqual(['Created: Payments failing', 'alice: before opening', 'alice: while loading']));
    expect(shownTimeline()).toEqual(feedAbout(app, A.id));
  });

  it('shows the incident opened last when an earlier answer arrives after it', async () => {
    const app = renderApp(bridgeWithTwoIncidents());
    act(() => app.bridge.publish([makeFeedEvent(createdEvent(A)), makeFeedEvent(createdEvent(B)), note(B, 'about B')]));
    const releaseA = app.bridge.holdNext('incidents:get');
    await openA(app);
    await open(app, B);
    const pane = await screen.findByRole('complementary', { name: B.title });
    await within(pane).findByText('alice: about B');
    await act(async () => releaseA());
    expect(screen.getByRole('complementary', { name: B.title })).toBeTruthy();
    expect(within(pane).queryByText('Created: Payments failing')).toBeNull();
    expect(app.stores.incidents.getState().detail?.id).toBe(uuid(2));
  });

  it('does not let an older answer about the same incident overwrite a newer one', async () => {
    const app = renderApp(bridgeWithTwoIncidents());
    act(() => app.bridge.publish([makeFeedEvent(createdEvent(A))]));
    const releaseFirst = app.bridge.holdNext('incidents:get');
    await openA(app);
    act(() => app.bridge.publish([note(A, 'between the two answers')]));
    await openA(app);
    await waitFor(() => expect(shownTimeline()).toEqual(['Created: Payments failing', 'alice: between the two answers']));
    await act(async () => releaseFirst());
    expect(shownTimeline()).toEqual(['Created: Payments failing', 'alice: between the two answers']);
  });

  it('keeps only a window of a 500-event timeline in the DOM, and scrolling the pane reaches the newest event', async () => {
    const app = renderApp(bridgeWithTwoIncidents());
    const notes = Array.from({ length: 499 }, (_, n) => note(A, `note ${n + 1}`));
    act(() => app.bridge.publish([makeFeedEvent(createdEvent(A)), ...notes]));
    await openA(app);
    const pane = await screen.findByRole('complementary', { name: A.title });
    const items = () => within(within(pane).getByRole('list', { name: 'Event timeline' })).getAllByRole('listitem');
    await waitFor(() => expect(items()[0]!.textContent).toContain('Created: Payments failing'));
    expect(items().length).toBeLessThan(60);
    expect(items()[0]!.getAttribute('aria-setsize')).toBe('500');

    Object.defineProperty(pane, 'scrollTop', { configurable: true, value: 500 * TIMELINE_ITEM_PX });
    fireEvent.scroll(pane);
    await waitFor(() => expect(items().at(-1)!.textContent).toContain('alice: note 499'));
    expect(items().at(-1)!.getAttribute('aria-posinset')).toBe('500');
    expect(items().length).toBeLessThan(60);
  });
});
