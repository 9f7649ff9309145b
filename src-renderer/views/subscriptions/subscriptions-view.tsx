// Subscriptions view: the list with matched-event counts and notify switches, beside the create/edit form.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { UiSubscription } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { labelPairs } from '../../lib/format.js';
import { SubscriptionForm } from './subscription-form.js';

/** One line saying what a subscription matches. */
export function describeFilters(f: UiSubscription['filters']): string {
  const parts = [
    f.severities.join(', '), f.states.join(', '), f.event_types.map((t) => t.replaceAll('_', ' ')).join(', '),
    f.sources.length > 0 ? `source ${f.sources.join(' | ')}` : '',
    f.affected_resources.length > 0 ? `resource ${f.affected_resources.join(' | ')}` : '',
    labelPairs(f.labels).join(' '),
    f.incident_ids.length > 0 ? `${f.incident_ids.length} incident id${f.incident_ids.length > 1 ? 's' : ''}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' · ') : 'Everything';
}

function SubscriptionRow({ sub, onEdit }: { sub: UiSubscription; onEdit(): void }) {
  const store = useApp().stores.subscriptions;
  const [confirming, setConfirming] = useState(false);
  return (
    <tr>
      <th scope="row">{sub.name}</th>
      <td className="filters-text">{describeFilters(sub.filters)}</td>
      <td className="num" aria-label={`${sub.matchedCount} matched events`}>{sub.matchedCount}</td>
      <td>
        <button
          type="button" role="switch" aria-checked={sub.notify} aria-label={`Notifications for ${sub.name}`}
          className="switch" onClick={() => void store.getState().setNotify(sub.id, !sub.notify)}
        >
          <span aria-hidden="true">{sub.notify ? 'On' : 'Off'}</span>
        </button>
      </td>
      <td className="row-actions">
        <button type="button" onClick={onEdit} aria-label={`Edit ${sub.name}`}>Edit</button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void store.getState().remove(sub.id)}>Delete “{sub.name}”</button>
            <button type="button" onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <button type="button" aria-label={`Delete ${sub.name}`} onClick={() => setConfirming(true)}>Delete</button>
        )}
      </td>
    </tr>
  );
}

export function SubscriptionsView() {
  const store = useApp().stores.subscriptions;
  const list = useStore(store, (s) => s.list);
  const error = useStore(store, (s) => s.error);
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = list.find((s) => s.id === editingId) ?? null;
  return (
    <div className="two-columns">
      <section aria-labelledby="subs-title" className="card">
        <h2 id="subs-title">Subscriptions</h2>
        {error ? <p className="error" role="alert">{error}</p> : null}
        {list.length === 0 ? <p className="empty">No subscriptions yet. Start from a preset in the form.</p> : (
          <table className="table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Matches</th><th scope="col" className="num">Matched</th><th scope="col">Notify</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {list.map((s) => <SubscriptionRow key={s.id} sub={s} onEdit={() => setEditingId(s.id)} />)}
            </tbody>
          </table>
        )}
      </section>
      <SubscriptionForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditingId(null)} />
    </div>
  );
}
