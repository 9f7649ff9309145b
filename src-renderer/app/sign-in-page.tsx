// The signed-out console: how to get a fresh login URL, and a field for its code; never an empty board.
import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { loginCodeFrom } from '../lib/login-code.js';
import { useApp } from './app-context.js';

export function SignInPage({ signIn }: { signIn: (code: string) => Promise<void> }) {
  const detail = useStore(useApp().stores.ui, (s) => s.connection.detail);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const code = loginCodeFrom(text);
    if (!code) {
      setError('Paste the whole console URL (http://…/?code=…) or just its code.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(code);
    } catch (err) {
      setError(`That code did not work (${err instanceof Error ? err.message : String(err)}). Codes work once and for 10 minutes: print a new one.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <div className="card sign-in-card">
        <h1 id="sign-in-title">Sign in to Incident Relay</h1>
        <p>This console is signed out{detail && detail !== 'signed out' ? ` (${detail})` : ''}. Incidents are not shown until you sign in.</p>
        <ol className="sign-in-steps">
          <li>On the machine running the server, run <code>incident-relay console</code> (add <code>--data-dir DIR</code> if
            {' '}<code>serve</code> was started with one, or <code>--url</code> for another port).</li>
          <li>It prints a fresh console URL. Open it in this browser, or paste it (or its code) here.</li>
        </ol>
        <form className="sign-in-form" onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="sign-in-code">Console URL or login code</label>
          <div className="sign-in-row">
            <input
              id="sign-in-code" type="text" autoComplete="off" spellCheck={false} value={text}
              placeholder="http://127.0.0.1:8080/?code=…" aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'sign-in-error' : undefined} onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="primary" disabled={busy}>Sign in</button>
          </div>
          {error ? <p id="sign-in-error" className="error" role="alert">{error}</p> : null}
        </form>
        <p className="hint">A code works once, for 10 minutes. Each browser or tab that lost its session needs its own URL.</p>
      </div>
    </main>
  );
}
