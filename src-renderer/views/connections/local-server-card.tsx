// The local server: address, counters, and the publish token (masked; reveal, copy, rotate with confirmation).
import { useState } from 'react';
import { useStore } from 'zustand';
import { useApp } from '../../app/app-context.js';
import { useTimeZone } from '../../app/use-time-zone.js';
import { formatDateTime } from '../../lib/format.js';
import type { TokenStorage } from '../../../src-shared/bridge/index.js';
import { errorText } from '../../stores/errors.js';

const MASK = '••••••••••••••••••••••••';

/** How the token is protected, in words (ServerStatus.tokenStorage). */
const STORAGE_TEXT: Record<TokenStorage, string> = {
  keychain: 'OS keychain',
  'keychain-locked': 'OS keychain (not open yet)',
  file: 'File readable by your user only (no OS keychain)',
  config: 'Configuration file or environment',
};

/** Writes text to the clipboard; resolves with the message to announce. */
async function copyText(text: string, what: string): Promise<string> {
  if (!navigator.clipboard) return `Copying is not available here; select the ${what} and copy it by hand.`;
  try {
    await navigator.clipboard.writeText(text);
    return `Copied the ${what}.`;
  } catch (err) {
    return `Could not copy the ${what}: ${errorText(err)}`;
  }
}

export function LocalServerCard() {
  const { bridge, stores } = useApp();
  const { status, stats, token, readToken, tokenError, error } = useStore(stores.server);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const server = stores.server.getState();
  const zone = useTimeZone();

  const copyToken = async (): Promise<void> => {
    try {
      setNotice(await copyText(token ?? (await bridge.token.reveal()).token, 'publish token'));
    } catch (err) {
      setNotice(`Could not read the token: ${errorText(err)}`);
    }
  };

  return (
    <section className="card" aria-labelledby="local-title">
      <h2 id="local-title">Local server</h2>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <dl className="fields compact">
        <div className="field">
          <dt>Address</dt>
          <dd>
            <code>{status?.address ?? '–'}</code>
            {status ? <button type="button" className="link" onClick={() => void copyText(status.address, 'address').then(setNotice)}>Copy</button> : null}
          </dd>
        </div>
        <div className="field"><dt>Version</dt><dd>{status?.version ?? '–'}</dd></div>
        <div className="field"><dt>Started</dt><dd>{status ? formatDateTime(status.startedAt, zone) : '–'}</dd></div>
        <div className="field"><dt>Auth for /ws</dt><dd>{status ? (status.authRequired ? 'Token required' : 'Open on loopback') : '–'}</dd></div>
        <div className="field"><dt>Token storage</dt><dd>{status?.tokenStorage ? STORAGE_TEXT[status.tokenStorage] : '–'}</dd></div>
        <div className="field"><dt>Connected clients</dt><dd>{stats?.connectedClients ?? '–'}</dd></div>
        <div className="field"><dt>Active subscriptions</dt><dd>{stats?.activeSubscriptions ?? '–'}</dd></div>
        <div className="field"><dt>Events published</dt><dd>{stats?.eventsPublished ?? '–'}</dd></div>
        <div className="field"><dt>Deliveries</dt><dd>{stats?.deliveries ?? '–'}</dd></div>
      </dl>
      <h3 id="token-title">Publish token</h3>
      {status?.tokenStorage === 'keychain-locked' ? (
        <p className="error" role="alert">
          The publish token is sealed in the OS keychain, which is not open yet. Incident Relay keeps the same token and
          waits for the keychain; tools that publish are refused until then.
          <button type="button" className="link" onClick={() => void server.load()}>Check again</button>
        </p>
      ) : null}
      <div className="token-row">
        <code className="token" aria-label={token ? 'Publish token' : 'Publish token, hidden'}>{token ?? MASK}</code>
        <button type="button" onClick={() => (token ? server.hideToken() : void server.revealToken())}>{token ? 'Hide' : 'Reveal'}</button>
        <button type="button" onClick={() => void copyToken()}>Copy</button>
        {confirmRotate ? (
          <span className="confirm" role="group" aria-label="Confirm rotation">
            Tools using the current token will be refused.
            <button type="button" className="danger" onClick={() => void server.rotateToken().then((ok) => {
              setConfirmRotate(false);
              if (ok) setNotice('Rotated the publish token.');
            })}
            >
              Rotate now
            </button>
            <button type="button" onClick={() => setConfirmRotate(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirmRotate(true)}>Rotate…</button>
        )}
      </div>
      {readToken ? (
        <div className="token-row">
          <span id="read-token-title">Read-only token, for local tools that only read the stream:</span>
          <code className="token" aria-labelledby="read-token-title">{readToken}</code>
          <button type="button" onClick={() => void copyText(readToken, 'read-only token').then(setNotice)}>Copy read-only token</button>
        </div>
      ) : null}
      {tokenError ? <p className="error" role="alert">{tokenError}</p> : null}
      <p className="notice" role="status">{notice ?? ''}</p>
    </section>
  );
}
