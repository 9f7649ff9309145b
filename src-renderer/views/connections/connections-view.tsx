// Connections view: the local server card and the upstreams with their live state, next retry and replay support.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { TokenStorage, Upstream } from '../../../src-shared/bridge/index.js';
import { Countdown } from '../../app/age.js';
import { useApp } from '../../app/app-context.js';
import { LocalServerCard } from './local-server-card.js';
import { UpstreamForm } from './upstream-form.js';

const REPLAY_TEXT = (r: boolean | null): string => (r === null ? 'Unknown' : r ? 'Yes' : 'No');

/** Where an upstream's token is kept, in words (Upstream.tokenStorage; older servers say only whether there is one). */
const TOKEN_TEXT: Record<TokenStorage, string> = {
  keychain: 'OS keychain',
  'keychain-locked': 'Waiting for the OS keychain',
  file: 'File (your user only)',
  config: 'Configuration',
};
const tokenText = (u: Upstream): string => (u.tokenStorage ? TOKEN_TEXT[u.tokenStorage] : u.hasToken ? 'Stored' : 'None');

/** What the reconcile and the gap marks did, in words (shown once either happened). */
const syncText = (u: Upstream): string => `Reconciled: ${u.reconciled ?? 0} · Gap marks: ${u.gapMarks ?? 0}`;

function UpstreamRow({ upstream, onEdit }: { upstream: Upstream; onEdit(): void }) {
  const store = useApp().stores.upstreams;
  const [confirming, setConfirming] = useState(false);
  const u = upstream;
  return (
    <tr>
      <th scope="row">{u.name}</th>
      <td><code>{u.url}</code></td>
      <td>
        <span className={`state-badge upstream-${u.state}`}>{u.state === 'lagging' ? `lagging ${Math.round(u.lagSeconds ?? 0)} s` : u.state}</span>
        {u.backfill ? <span className="backfill">Backfill: {u.backfill}</span> : null}
        {u.reconciled || u.gapMarks ? <span className="backfill sync-figures">{syncText(u)}</span> : null}
      </td>
      <td>{u.state === 'backoff' && u.nextRetryAt ? <Countdown at={Date.parse(u.nextRetryAt)} /> : '—'}</td>
      <td>{REPLAY_TEXT(u.replaySupported)}</td>
      <td className={u.tokenStorage === 'keychain-locked' ? 'token-waiting' : undefined}>{tokenText(u)}</td>
      <td className="num">{u.eventsReceived}</td>
      <td className="last-error">{u.lastError ?? ''}</td>
      <td className="row-actions">
        <button type="button" aria-label={`Edit ${u.name}`} onClick={onEdit}>Edit</button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void store.getState().remove(u.id)}>Remove “{u.name}”</button>
            <button type="button" onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <button type="button" aria-label={`Remove ${u.name}`} onClick={() => setConfirming(true)}>Remove</button>
        )}
      </td>
    </tr>
  );
}

export function ConnectionsView() {
  const store = useApp().stores.upstreams;
  const list = useStore(store, (s) => s.list);
  const error = useStore(store, (s) => s.error);
  const [editingId, setEditingId] = useState<string | null>(null);
  /** Bumped after each add, so the form starts empty again. */
  const [added, setAdded] = useState(0);
  const editing = list.find((u) => u.id === editingId) ?? null;
  return (
    <div className="connections">
      <LocalServerCard />
      <div className="upstreams-layout">
        <section className="card" aria-labelledby="upstreams-title">
          <h2 id="upstreams-title">Upstreams</h2>
          {error ? <p className="error" role="alert">{error}</p> : null}
          {list.length === 0 ? <p className="empty">No upstreams. Add a remote Incident Relay or LLM Incident Manager to relay its events.</p> : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th><th scope="col">URL</th><th scope="col">State</th><th scope="col">Next retry</th>
                  <th scope="col">Replay</th><th scope="col">Token</th><th scope="col" className="num">Events</th><th scope="col">Last error</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>{list.map((u) => <UpstreamRow key={u.id} upstream={u} onEdit={() => setEditingId(u.id)} />)}</tbody>
            </table>
          )}
        </section>
        <UpstreamForm
          key={editing?.id ?? `new-${added}`} editing={editing}
          onDone={() => {
            if (!editing) setAdded((n) => n + 1);
            setEditingId(null);
          }}
        />
      </div>
    </div>
  );
}
