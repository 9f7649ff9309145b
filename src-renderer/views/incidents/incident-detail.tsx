// The detail pane: the open incident's every field, its actions and its event timeline.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useApp } from '../../app/app-context.js';
import { SeverityBadge } from '../../app/severity-badge.js';
import { EventTimeline } from './event-timeline.js';
import { IncidentActions } from './incident-actions.js';
import { IncidentRespond } from './incident-respond.js';
import { IncidentFields } from './incident-fields.js';
import { IncidentWhy } from './incident-why.js';

export function IncidentDetailPane() {
  const store = useApp().stores.incidents;
  const detail = useStore(store, (s) => s.detail);
  const summary = useStore(store, (s) => (s.detail ? s.byId[s.detail.id] : undefined));
  const paneRef = useRef<HTMLElement>(null);
  const aboveTimelineRef = useRef<HTMLDivElement>(null);
  const openId = detail?.id;
  useEffect(() => {
    if (openId) paneRef.current?.focus({ preventScroll: true });
  }, [openId]);

  if (!detail) {
    return (
      <aside className="detail detail-empty" aria-label="Incident detail">
        <p>Select an incident to see every field, its timeline and the actions. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens.</p>
      </aside>
    );
  }
  return (
    <aside ref={paneRef} className="detail" aria-labelledby="detail-title" tabIndex={-1}>
      <div ref={aboveTimelineRef}>
        <div className="detail-head">
          {summary ? <SeverityBadge severity={summary.incident.severity} /> : null}
          <h2 id="detail-title">{summary?.incident.title ?? 'Loading…'}</h2>
          <button type="button" className="icon" aria-label="Close detail" onClick={() => store.getState().close()}>×</button>
        </div>
        {detail.status === 'error' ? <p className="error" role="alert">Could not load the incident: {detail.error}</p> : null}
        {summary ? (
          <>
            <IncidentActions key={detail.id} summary={summary} />
            <IncidentRespond key={`respond-${detail.id}`} summary={summary} />
            <IncidentFields summary={summary} />
            <IncidentWhy key={`why-${detail.id}`} summary={summary} />
          </>
        ) : null}
        <h3>Event timeline</h3>
      </div>
      {detail.status === 'loading'
        ? <p aria-busy="true">Loading timeline…</p>
        : <EventTimeline events={detail.timeline} scrollRef={paneRef} aboveRef={aboveTimelineRef} />}
    </aside>
  );
}
