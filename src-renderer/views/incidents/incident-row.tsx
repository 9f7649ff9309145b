// One board row: severity, title, state, source, resources, labels, live age, unacknowledged marker.
import { memo, type CSSProperties } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { Age } from '../../app/age.js';
import { SeverityBadge } from '../../app/severity-badge.js';
import { labelPairs } from '../../lib/format.js';
import { RowCheck } from './row-check.js';

export const rowDomId = (id: string): string => `incident-${id.toLowerCase()}`;

/** Fixed row height in px (the virtualized board positions rows by it); `.incident-row` in styles.css is at least this tall. */
export const BOARD_ROW_HEIGHT = 34;

export interface IncidentRowProps {
  summary: IncidentSummary;
  selected: boolean;
  open: boolean;
  onActivate(id: string): void;
  /** Offset from the top of the list in px. */
  top: number;
  /** 1-based place in the board and the board's length, for assistive technology (only some rows are in the DOM). */
  position: number;
  setSize: number;
}

const rowStyle = (top: number): CSSProperties => ({
  position: 'absolute', top: 0, left: 0, right: 0, height: `${BOARD_ROW_HEIGHT}px`, transform: `translateY(${top}px)`,
});

export const IncidentRow = memo(function IncidentRow({ summary, selected, open, onActivate, top, position, setSize }: IncidentRowProps) {
  const i = summary.incident;
  const unacknowledged = summary.acknowledgedAt === null;
  const classes = ['incident-row', `row-${i.severity}`, selected && 'selected', open && 'open', unacknowledged && 'unacked']
    .filter(Boolean).join(' ');
  return (
    <div
      id={rowDomId(i.id)} role="option" aria-selected={selected} aria-posinset={position} aria-setsize={setSize}
      className={classes} style={rowStyle(top)} onClick={() => onActivate(i.id)}
    >
      <span className="col-marker">
        <RowCheck id={i.id} title={i.title} />
        {unacknowledged ? <span className="unack-dot" role="img" aria-label="Unacknowledged" /> : null}
      </span>
      <span className="col-sev"><SeverityBadge severity={i.severity} /></span>
      <span className="col-title">
        <span className="title-text">{i.title}</span>
        {summary.snoozedUntil ? <span className="tag tag-snoozed">Snoozed</span> : null}
      </span>
      <span className={`col-state state state-${i.state.toLowerCase()}`}>
        {i.state}
        {summary.acknowledgedBy && summary.acknowledgedAt
          ? <span className="acked-by"> · acked by {summary.acknowledgedBy} <Age since={summary.acknowledgedAt} /></span>
          : null}
      </span>
      <span className="col-source" title={summary.upstream ? `${i.source}, relayed from ${summary.upstream}` : i.source}>
        {i.source}
        {summary.upstream ? <span className="tag tag-upstream">via {summary.upstream}</span> : null}
      </span>
      <span className="col-resources">{i.affected_resources.join(', ')}</span>
      <span className="col-labels" title={labelPairs(i.labels).join(', ')}>
        {labelPairs(i.labels).map((pair) => <span key={pair} className="tag">{pair}</span>)}
      </span>
      <span className="col-age"><Age since={i.created_at} /></span>
    </div>
  );
});
