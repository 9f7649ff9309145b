// Assign, comment and un-acknowledge for the open incident (sent to the incident's owner through the responder).
import { useState } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';

/** "ana, bo" → ["ana", "bo"] (blank names dropped). */
const names = (text: string): string[] => text.split(',').map((n) => n.trim()).filter(Boolean);

export function IncidentRespond({ summary }: { summary: IncidentSummary }) {
  const { stores } = useApp();
  const incidents = stores.incidents.getState();
  const i = summary.incident;
  const [assignees, setAssignees] = useState(i.assignees.join(', '));
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<boolean>, after?: () => void): Promise<void> => {
    setBusy(true);
    if (await action()) after?.();
    setBusy(false);
  };
  const finished = i.state === 'Resolved' || i.state === 'Closed';

  return (
    <div className="actions" role="group" aria-label="Respond">
      {i.state === 'Triaged'
        ? <button type="button" disabled={busy} onClick={() => void run(() => incidents.unacknowledge(i.id))}>Un-acknowledge</button>
        : null}
      <span className="action-group">
        <label>
          <span className="visually-hidden">Assignees</span>
          <input type="text" placeholder="Assign to (names, comma-separated)" value={assignees} onChange={(e) => setAssignees(e.target.value)} />
        </label>
        <button type="button" disabled={busy || finished} onClick={() => void run(() => incidents.assign(i.id, names(assignees)))}>Assign</button>
      </span>
      <span className="action-group">
        <label>
          <span className="visually-hidden">Comment</span>
          <input type="text" placeholder="Comment" value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <button type="button" disabled={busy || comment.trim() === ''} onClick={() => void run(() => incidents.comment(i.id, comment.trim()), () => setComment(''))}>
          Comment
        </button>
      </span>
    </div>
  );
}
