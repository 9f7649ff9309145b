// Live feed view: every event as it arrives, newest first, virtualized (only visible rows are in the DOM).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { eventIncident } from '../../../src-shared/protocol/index.js';
import { useApp } from '../../app/app-context.js';
import { SeverityBadge } from '../../app/severity-badge.js';
import { useTimeZone } from '../../app/use-time-zone.js';
import type { FeedEntry } from '../../lib/event-facts.js';
import { formatClock, zoneName, type TimeZoneChoice } from '../../lib/format.js';
import { visibleFeed } from '../../stores/feed-store.js';
import { FeedToolbar } from './feed-toolbar.js';

/** Fixed row height in px; must match `.feed-row` in styles.css. */
export const FEED_ROW_HEIGHT = 30;

function FeedRow({ entry, zone, onOpenIncident }: { entry: FeedEntry; zone: TimeZoneChoice; onOpenIncident(id: string): void }) {
  // Comments, assignments, escalations… name only the incident's id: the board knows its severity and title.
  const known = useStore(useApp().stores.incidents, (s) => (entry.incidentId && !eventIncident(entry.event) ? s.byId[entry.incidentId.toLowerCase()] : undefined));
  const severity = entry.severity ?? known?.incident.severity;
  const summary = known ? `${known.incident.title} · ${entry.summary}` : entry.summary;
  return (
    <>
      <time className="feed-time" dateTime={entry.timestamp}>{formatClock(entry.timestamp, zone)}</time>
      <span className="feed-sev"><SeverityBadge severity={severity} /></span>
      <span className={`feed-type kind-${entry.kind}`}>{entry.event.event_type}</span>
      <span className="feed-summary" title={summary}>
        {entry.incidentId
          ? <button type="button" className="link" onClick={() => onOpenIncident(entry.incidentId!)}>{summary}</button>
          : summary}
      </span>
      <span className="feed-source">{entry.source ?? ''}{entry.upstream ? ` · via ${entry.upstream}` : ''}</span>
    </>
  );
}

export function LiveFeed() {
  const { stores } = useApp();
  const { entries, pausedAtSeq, query, severities, kinds } = useStore(stores.feed, useShallow((s) => ({
    entries: s.entries, pausedAtSeq: s.pausedAtSeq, query: s.query, severities: s.severities, kinds: s.kinds,
  })));
  const loadError = useStore(stores.feed, (s) => s.loadError);
  const zone = useTimeZone();
  const rows = useMemo(
    () => visibleFeed(entries, { pausedAtSeq, query, severities, kinds }),
    [entries, pausedAtSeq, query, severities, kinds],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => FEED_ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.seq ?? index,
  });
  const openIncident = (id: string): void => {
    stores.ui.getState().setView('incidents');
    void stores.incidents.getState().open(id);
  };

  return (
    <section className="feed" aria-labelledby="feed-title">
      <FeedToolbar shown={rows.length} total={entries.length} />
      {loadError ? <p className="error" role="alert">Could not catch up on missed events: {loadError}</p> : null}
      <div className="feed-head" aria-hidden="true">
        <span>Time ({zoneName(zone)})</span><span>Sev</span><span>Event</span><span>Summary</span><span>Source</span>
      </div>
      <div ref={scrollRef} className="feed-scroll" tabIndex={0} role="list" aria-label="Events, newest first">
        {/* Row geometry is set through React's style prop, i.e. CSSOM, which the CSP's style-src 'self' permits. */}
        <div className="feed-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = rows[item.index]!;
            return (
              <div
                key={item.key} role="listitem" aria-posinset={item.index + 1} aria-setsize={rows.length}
                className={`feed-row${entry.severity ? ` row-${entry.severity}` : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <FeedRow entry={entry} zone={zone} onOpenIncident={openIncident} />
              </div>
            );
          })}
        </div>
        {rows.length === 0 ? <p className="empty">{entries.length === 0 ? 'No events yet.' : 'No event matches the filters.'}</p> : null}
      </div>
    </section>
  );
}
