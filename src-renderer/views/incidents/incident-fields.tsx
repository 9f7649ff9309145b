// Every field of an incident as a definition list: the protocol fields in a fixed order, then any extra ones.
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { fieldText, formatDateTime, labelPairs } from '../../lib/format.js';

const FIELD_ORDER: readonly (readonly [string, string])[] = [
  ['id', 'Id'], ['severity', 'Severity'], ['state', 'State'], ['incident_type', 'Type'], ['source', 'Source'],
  ['created_at', 'Created'], ['updated_at', 'Updated'], ['description', 'Description'],
  ['affected_resources', 'Affected resources'], ['labels', 'Labels'], ['assignees', 'Assignees'],
  ['related_incidents', 'Related incidents'], ['active_playbook', 'Active playbook'], ['resolution', 'Resolution'],
  ['fingerprint', 'Fingerprint'], ['correlation_score', 'Correlation score'], ['timeline', 'Incident timeline'],
  ['notes', 'Notes'],
];
const KNOWN = new Set(['title', ...FIELD_ORDER.map(([k]) => k)]);
const TIMES = new Set(['created_at', 'updated_at']);

function FieldValue({ name, value }: { name: string; value: unknown }) {
  if (TIMES.has(name) && typeof value === 'string') return <time dateTime={value}>{formatDateTime(value)}</time>;
  if (name === 'labels' && value && typeof value === 'object') {
    const pairs = labelPairs(value as Record<string, string>);
    return pairs.length === 0 ? <>—</> : <>{pairs.map((p) => <span key={p} className="tag">{p}</span>)}</>;
  }
  const text = fieldText(value);
  return text.includes('\n') ? <pre className="json">{text}</pre> : <>{text}</>;
}

export function IncidentFields({ summary }: { summary: IncidentSummary }) {
  const incident = summary.incident as Record<string, unknown>;
  const extras = Object.keys(incident).filter((k) => !KNOWN.has(k)).sort();
  return (
    <dl className="fields">
      {[...FIELD_ORDER, ...extras.map((k) => [k, k] as const)].map(([key, label]) => (
        <div key={key} className="field">
          <dt>{label}</dt>
          <dd><FieldValue name={key} value={incident[key]} /></dd>
        </div>
      ))}
      <div className="field">
        <dt>Acknowledged</dt>
        <dd>
          {summary.acknowledgedAt
            ? <>{formatDateTime(summary.acknowledgedAt)}{summary.acknowledgedBy ? ` by ${summary.acknowledgedBy}` : ''}</>
            : 'Not yet'}
        </dd>
      </div>
      <div className="field"><dt>Snoozed until</dt><dd>{summary.snoozedUntil ? formatDateTime(summary.snoozedUntil) : '—'}</dd></div>
      <div className="field"><dt>Events</dt><dd>{summary.eventCount}, last {formatDateTime(summary.lastEventAt)}</dd></div>
    </dl>
  );
}
