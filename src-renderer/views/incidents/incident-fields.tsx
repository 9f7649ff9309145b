// Every field of an incident: the filled-in ones people act on first, the rest (and every empty one) behind "More".
import type { ReactNode } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { LinkedText } from '../../app/linked-text.js';
import { useTimeZone } from '../../app/use-time-zone.js';
import { fieldText, formatDateTime, labelPairs, type TimeZoneChoice } from '../../lib/format.js';
import { resolutionLines, type ResolutionLike } from '../../lib/resolution.js';

/** Shown at once when filled in. */
const PRIMARY: readonly (readonly [string, string])[] = [
  ['state', 'State'], ['source', 'Source'], ['created_at', 'Created'], ['description', 'Description'],
  ['affected_resources', 'Affected resources'], ['labels', 'Labels'], ['assignees', 'Assignees'], ['resolution', 'Resolution'],
];
/** Behind "More", with any empty primary field. */
const SECONDARY: readonly (readonly [string, string])[] = [
  ['id', 'Id'], ['severity', 'Severity'], ['incident_type', 'Type'], ['updated_at', 'Updated'],
  ['related_incidents', 'Related incidents'], ['active_playbook', 'Active playbook'], ['fingerprint', 'Fingerprint'],
  ['correlation_score', 'Correlation score'], ['timeline', 'Incident timeline'], ['notes', 'Notes'],
];
const KNOWN = new Set(['title', ...PRIMARY.map(([k]) => k), ...SECONDARY.map(([k]) => k)]);
const TIMES = new Set(['created_at', 'updated_at']);

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Notes and the incident's own timeline entries as "who: what" lines. */
function entryLines(value: unknown, zone: TimeZoneChoice): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((v: unknown) => {
    const e = (v ?? {}) as Record<string, unknown>;
    const when = typeof e.created_at === 'string' ? e.created_at : typeof e.timestamp === 'string' ? e.timestamp : null;
    const who = typeof e.author === 'string' ? e.author : typeof e.actor === 'string' ? e.actor : '';
    const what = typeof e.content === 'string' ? e.content : typeof e.description === 'string' ? e.description : JSON.stringify(v);
    return `${when ? `${formatDateTime(when, zone)} ` : ''}${who ? `${who}: ` : ''}${what}`;
  });
}

function FieldValue({ name, value, zone }: { name: string; value: unknown; zone: TimeZoneChoice }) {
  if (isEmpty(value)) return <>—</>;
  if (TIMES.has(name) && typeof value === 'string') return <time dateTime={value}>{formatDateTime(value, zone)}</time>;
  if (name === 'labels' && typeof value === 'object') {
    return <>{labelPairs(value as Record<string, string>).map((p) => <span key={p} className="tag"><LinkedText text={p} /></span>)}</>;
  }
  const lines = name === 'resolution' ? resolutionLines(value as ResolutionLike, zone)
    : name === 'notes' || name === 'timeline' ? entryLines(value, zone) : null;
  if (lines) return <>{lines.map((l, i) => <span key={i} className="field-line"><LinkedText text={l} /></span>)}</>;
  const text = fieldText(value);
  return text.includes('\n') ? <pre className="json">{text}</pre> : <LinkedText text={text} />;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return <div className="field"><dt>{label}</dt><dd>{children}</dd></div>;
}

export function IncidentFields({ summary }: { summary: IncidentSummary }) {
  const zone = useTimeZone();
  const incident = summary.incident as Record<string, unknown>;
  const extras = Object.keys(incident).filter((k) => !KNOWN.has(k)).sort().map((k) => [k, k] as const);
  const shown = PRIMARY.filter(([k]) => !isEmpty(incident[k]));
  const more = [...PRIMARY.filter(([k]) => isEmpty(incident[k])), ...SECONDARY, ...extras];
  const field = ([key, label]: readonly [string, string]) => (
    <Field key={key} label={label}><FieldValue name={key} value={incident[key]} zone={zone} /></Field>
  );
  return (
    <>
      <dl className="fields">
        {shown.map(field)}
        {summary.upstream ? <Field label="Relayed from">{summary.upstream}</Field> : null}
        <Field label="Acknowledged">
          {summary.acknowledgedAt
            ? <>{formatDateTime(summary.acknowledgedAt, zone)}{summary.acknowledgedBy ? ` by ${summary.acknowledgedBy}` : ''}</>
            : 'Not yet'}
        </Field>
        {summary.snoozedUntil ? <Field label="Snoozed until">{formatDateTime(summary.snoozedUntil, zone)}</Field> : null}
      </dl>
      <details className="more-fields">
        <summary>More ({more.length + (summary.snoozedUntil ? 1 : 2)} fields: id, type, fingerprint…)</summary>
        <dl className="fields">
          {more.map(field)}
          {summary.snoozedUntil ? null : <Field label="Snoozed until">—</Field>}
          <Field label="Events">{summary.eventCount}, last {formatDateTime(summary.lastEventAt, zone)}</Field>
        </dl>
      </details>
    </>
  );
}
