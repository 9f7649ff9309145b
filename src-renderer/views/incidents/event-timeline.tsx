// The incident's event timeline, oldest first: time, event type and a one-line summary of each event. Virtualized
// within the detail pane's scroll box, so a timeline of 500 events lays out like one of twenty.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { FeedEvent } from '../../../src-shared/bridge/index.js';
import { eventSummary } from '../../lib/event-facts.js';
import { useTimeZone } from '../../app/use-time-zone.js';
import { formatDateTime, type TimeZoneChoice } from '../../lib/format.js';

/** Height of a one-line item in px, the first guess before an item is measured. */
const ITEM_ESTIMATE = 25;

export interface EventTimelineProps {
  events: readonly FeedEvent[];
  /** The element that scrolls the timeline (the detail pane). */
  scrollRef: RefObject<HTMLElement | null>;
  /** The part of that element above the timeline; the timeline re-measures its place when it resizes. */
  aboveRef: RefObject<HTMLElement | null>;
}

const TimelineItem = memo(function TimelineItem({ fe, zone }: { fe: FeedEvent; zone: TimeZoneChoice }) {
  return (
    <>
      <time dateTime={fe.timestamp}>{formatDateTime(fe.timestamp, zone)}</time>
      <span className="event-type">{fe.event.event_type.replaceAll('_', ' ')}</span>
      <span className="event-summary">{eventSummary(fe.event)}</span>
      {fe.upstream ? <span className="tag">via {fe.upstream}</span> : null}
    </>
  );
});

/**
 * Distance in px from the top of `scrollRef`'s content to `targetRef`, kept current while `aboveRef` resizes.
 * `shown` says whether the target is rendered at all.
 */
function useOffsetWithin(
  targetRef: RefObject<HTMLElement | null>, scrollRef: RefObject<HTMLElement | null>, aboveRef: RefObject<HTMLElement | null>, shown: boolean,
): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const target = targetRef.current;
    const scroller = scrollRef.current;
    if (!target || !scroller) return;
    const measure = (): void => setOffset(target.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    measure();
    const above = aboveRef.current;
    if (!above || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(above);
    return () => observer.disconnect();
  }, [targetRef, scrollRef, aboveRef, shown]);
  return offset;
}

export function EventTimeline({ events, scrollRef, aboveRef }: EventTimelineProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const zone = useTimeZone();
  const scrollMargin = useOffsetWithin(listRef, scrollRef, aboveRef, events.length > 0);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_ESTIMATE,
    overscan: 10,
    scrollMargin,
    getItemKey: (index) => events[index]?.messageId ?? index,
  });

  if (events.length === 0) return <p className="empty">No events recorded for this incident.</p>;
  return (
    // Geometry goes through React's style prop (CSSOM), which the CSP's style-src 'self' permits.
    <ol ref={listRef} className="timeline" aria-label="Event timeline" style={{ position: 'relative', height: `${virtualizer.getTotalSize()}px` }}>
      {virtualizer.getVirtualItems().map((item) => {
        const fe = events[item.index]!;
        return (
          <li
            key={item.key} ref={virtualizer.measureElement} data-index={item.index}
            aria-posinset={item.index + 1} aria-setsize={events.length} className={`timeline-item kind-${fe.event.event_type}`}
            style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            <TimelineItem fe={fe} zone={zone} />
          </li>
        );
      })}
    </ol>
  );
}
