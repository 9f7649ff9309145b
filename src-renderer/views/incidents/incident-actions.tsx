// Acknowledge / Snooze / Resolve for the open incident, with the snooze length and an optional resolution note.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';

const SNOOZE_CHOICES = [15, 30, 60, 120, 240, 480, 1440];

const minutesLabel = (m: number): string => (m % 60 === 0 ? `${m / 60} h` : `${m} min`);

export function IncidentActions({ summary }: { summary: IncidentSummary }) {
  const { stores } = useApp();
  const defaultSnooze = useStore(stores.settings, (s) => s.settings?.notifications.defaultSnoozeMinutes ?? 60);
  const actionError = useStore(stores.incidents, (s) => s.actionError);
  const [minutes, setMinutes] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const id = summary.incident.id;
  const closed = summary.incident.state === 'Resolved' || summary.incident.state === 'Closed';
  const choices = SNOOZE_CHOICES.includes(defaultSnooze) ? SNOOZE_CHOICES : [...SNOOZE_CHOICES, defaultSnooze].sort((a, b) => a - b);
  const run = async (action: () => Promise<boolean>): Promise<void> => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const incidents = stores.incidents.getState();

  return (
    <div className="actions" role="group" aria-label="Incident actions">
      <button
        type="button" className="primary" aria-keyshortcuts="a" disabled={busy || summary.acknowledgedAt !== null}
        onClick={() => void run(() => incidents.acknowledge(id))}
      >
        {summary.acknowledgedAt ? 'Acknowledged' : 'Acknowledge'}
      </button>
      <span className="action-group">
        <label>
          <span className="visually-hidden">Snooze for</span>
          <select value={minutes ?? defaultSnooze} onChange={(e) => setMinutes(Number(e.target.value))}>
            {choices.map((m) => <option key={m} value={m}>{minutesLabel(m)}</option>)}
          </select>
        </label>
        <button type="button" aria-keyshortcuts="s" disabled={busy} onClick={() => void run(() => incidents.snooze(id, minutes ?? defaultSnooze))}>
          Snooze
        </button>
      </span>
      <span className="action-group">
        <label>
          <span className="visually-hidden">Resolution note</span>
          <input type="text" placeholder="Resolution note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="button" className="danger" disabled={busy || closed} onClick={() => void run(() => incidents.resolve(id, note.trim() || undefined))}>
          Resolve
        </button>
      </span>
      {actionError ? <p className="error" role="alert">{actionError}</p> : null}
    </div>
  );
}
