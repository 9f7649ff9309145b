// The `?` overlay listing the keyboard shortcuts; modal, closes on Escape, gives focus back where it was.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useApp } from './app-context.js';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['j / k', 'Next / previous incident'],
  ['Enter', 'Open the selected incident'],
  ['a', 'Acknowledge the selected incident'],
  ['x', 'Check the selected incident for a bulk action'],
  ['s', 'Snooze the selected incident (default snooze time)'],
  ['/', 'Search (incidents or feed)'],
  ['1 – 5', 'Incidents, Live feed, Subscriptions, Connections, Settings'],
  ['Esc', 'Close this help, the detail pane, or leave a search box'],
  ['?', 'Show or hide this help'],
];

export function HelpDialog() {
  const ui = useApp().stores.ui;
  const open = useStore(ui, (s) => s.helpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => previous?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}><th scope="row"><kbd>{keys}</kbd></th><td>{what}</td></tr>
            ))}
          </tbody>
        </table>
        <button ref={closeRef} type="button" onClick={() => ui.getState().setHelpOpen(false)}>Close</button>
      </div>
    </div>
  );
}
