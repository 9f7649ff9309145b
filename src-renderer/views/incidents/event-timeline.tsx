// The incident's event timeline, oldest first: time, event type and a one-line summary of each event.
import type { FeedEvent } from '../../../src-shared/bridge/index.js';
import { eventSummary } from '../../lib/event-facts.js';
import { formatDateTime } from '../../lib/format.js';

export function EventTimeline({ events }: { events: readonly FeedEvent[] }) {
  if (events.length === 0) return <p className="empty">No events recorded for this incident.</p>;
  return (
    <ol className="timeline" aria-label="Event timeline">
      {events.map((fe) => (
        <li key={fe.messageId} className={`timeline-item kind-${fe.event.event_type}`}>
          <time dateTime={fe.timestamp}>{formatDateTime(fe.timestamp)}</time>
          <span className="event-type">{fe.event.event_type.replaceAll('_', ' ')}</span>
          <span className="event-summary">{eventSummary(fe.event)}</span>
          {fe.upstream ? <span className="tag">via {fe.upstream}</span> : null}
        </li>
      ))}
    </ol>
  );
}
