// The banner shown while the bridge is down or signed out; it announces itself (role=alert).
import { useStore } from 'zustand';
import { Countdown } from './age.js';
import { useApp } from './app-context.js';

export function ConnectionBanner() {
  const connection = useStore(useApp().stores.ui, (s) => s.connection);
  if (connection.state === 'unauthorized') {
    return (
      <div className="banner banner-unauthorized" role="alert">
        <strong>Signed out.</strong> Open the console URL that <code>incident-relay serve</code> printed to sign in again
        {connection.detail ? <> ({connection.detail})</> : null}.
      </div>
    );
  }
  if (connection.state !== 'disconnected') return null;
  return (
    <div className="banner banner-disconnected" role="alert">
      <strong>Disconnected from the server.</strong> What you see may be out of date.{' '}
      {connection.retryAt !== null ? <>Reconnecting <Countdown at={connection.retryAt} /></> : <>Reconnecting…</>}
      {connection.attempt > 1 ? ` (attempt ${connection.attempt})` : ''}
      {connection.detail ? <span className="banner-detail"> — {connection.detail}</span> : null}
    </div>
  );
}
