// "Why it paged (or not)" in the detail pane: the incident's notification decisions and each one's path, in plain words.
import { useCallback, useEffect, useState } from 'react';
import { WHY_VERDICTS, type IncidentSummary, type IncidentWhy, type WhyRecordView } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { formatDateTime } from '../../lib/format.js';

const STAGE_WORDS: Readonly<Record<string, string>> = {
  settings: 'Notification settings', rule: 'Matched subscription', scope: 'Notification scope', dedupe: 'Duplicate check',
  snooze: 'Snooze', quiet_hours: 'Quiet hours', severity: 'Severity', storm: 'Storm grouping', delivery: 'Delivery',
  fallback: 'Fallback', action: 'Action from the notification', escalation: 'Escalation',
};
const OUTCOME_WORDS: Readonly<Record<string, string>> = { pass: 'passed', hold: 'held back', drop: 'stopped here', fail: 'failed' };

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; why: IncidentWhy };

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function Decision({ record }: { record: WhyRecordView }) {
  const first = record.steps[0];
  const what = [record.severity, record.eventType.replace(/_/g, ' '), first ? formatDateTime(new Date(first.at).toISOString()) : undefined]
    .filter(Boolean).join(' · ');
  return (
    <li className="why-decision">
      <p><strong>{capitalized(WHY_VERDICTS[record.decision] ?? record.decision)}</strong> <span className="hint">{what}</span></p>
      {record.title ? <p className="hint">Notification: “{record.title}”</p> : null}
      <ul className="why-steps">
        {record.steps.map((s, i) => (
          <li key={i} className={`why-step why-${s.outcome}`}>
            {STAGE_WORDS[s.stage] ?? s.stage} {OUTCOME_WORDS[s.outcome] ?? s.outcome}: {s.detail}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Loads `notifications:why` for the incident when it opens and after each change of it (new events, acknowledge, snooze). */
export function IncidentWhy({ summary }: { summary: IncidentSummary }) {
  const { bridge } = useApp();
  const id = summary.incident.id;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const load = useCallback(() => {
    let current = true;
    bridge.notifications.why({ id }).then(
      (why) => { if (current) setLoaded({ state: 'loaded', why }); },
      (err: unknown) => { if (current) setLoaded({ state: 'error', message: err instanceof Error ? err.message : String(err) }); },
    );
    return () => { current = false; };
  }, [bridge, id]);
  useEffect(load, [load, summary.eventCount, summary.acknowledgedAt, summary.snoozedUntil]);

  let body;
  if (loaded.state === 'loading') body = <p aria-busy="true">Loading…</p>;
  else if (loaded.state === 'error') body = <p className="error" role="alert">Could not load why: {loaded.message}</p>;
  else if (loaded.why.notifications === 'off') body = <p className="hint">Notifications are off on this server (start it with --notify), so nothing paged.</p>;
  else if (loaded.why.decisions.length === 0) body = <p className="hint">No notification decision about this incident (not seen since the server started, or forgotten).</p>;
  else {
    body = (
      <ol className="why-decisions" aria-label="Notification decisions, newest first">
        {[...loaded.why.decisions].reverse().map((r, i) => <Decision key={`${r.messageId ?? 'reminder'}-${i}`} record={r} />)}
      </ol>
    );
  }
  return (
    <section className="why" aria-labelledby="why-title">
      <h3 id="why-title">
        Why it paged (or not) <button type="button" className="link" onClick={() => load()}>Refresh</button>
      </h3>
      {body}
    </section>
  );
}
