// The board's bulk bar: select all visible, the count, Acknowledge / Resolve for the checked rows, and what failed per incident.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import type { BulkAction, BulkResult } from '../../stores/selection-store.js';

const PAST: Record<BulkAction, string> = { acknowledge: 'Acknowledged', resolve: 'Resolved' };

function ResultText({ result }: { result: BulkResult }) {
  return (
    <div className="bulk-result">
      <p role="status">{PAST[result.action]} {result.done} of {result.total}.</p>
      {result.failed.length > 0 ? (
        <ul className="bulk-failed error" aria-label="Failed incidents">
          {result.failed.map((f) => <li key={f.id}><strong>{f.title}</strong>: {f.reason}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

/** `rows`: the board's visible rows, in board order; only checked rows among them are acted on. */
export function BulkBar({ rows }: { rows: readonly IncidentSummary[] }) {
  const selection = useApp().stores.selection;
  const checked = useStore(selection, (s) => s.checked);
  const running = useStore(selection, (s) => s.running);
  const lastResult = useStore(selection, (s) => s.lastResult);
  const picked = rows.filter((s) => checked[s.incident.id.toLowerCase()]);
  const all = rows.length > 0 && picked.length === rows.length;
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = picked.length > 0 && !all;
  }, [picked.length, all]);
  const run = (action: BulkAction) => void selection.getState().run(action, picked);

  return (
    <div className="bulk-bar" role="group" aria-label="Bulk actions">
      <label className="inline">
        <input
          ref={allBox} type="checkbox" checked={all} disabled={rows.length === 0 || running !== null}
          onChange={(e) => selection.getState().setAll(rows.map((s) => s.incident.id), e.target.checked)}
        />
        Select all visible
      </label>
      <span className="bulk-count" aria-live="polite">{picked.length} selected</span>
      <button type="button" className="primary" disabled={picked.length === 0 || running !== null} onClick={() => run('acknowledge')}>
        Acknowledge selected
      </button>
      <button type="button" className="danger" disabled={picked.length === 0 || running !== null} onClick={() => run('resolve')}>
        Resolve selected
      </button>
      {picked.length > 0 && running === null ? <button type="button" onClick={() => selection.getState().clear()}>Clear</button> : null}
      {running ? <span role="status">{running.action === 'acknowledge' ? 'Acknowledging' : 'Resolving'} {running.done}/{running.total}…</span> : null}
      {lastResult && !running ? <ResultText result={lastResult} /> : null}
    </div>
  );
}
