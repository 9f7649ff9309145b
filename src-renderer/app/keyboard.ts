// Global keyboard shortcuts (j/k, Enter, a, s, x, /, ?, 1–5, Esc), ignored while typing in a field (a ticked checkbox is not typing).
import { useEffect } from 'react';
import type { AppStores } from '../stores/app-stores.js';
import { boardOrder } from '../stores/incidents-store.js';
import { VIEWS } from '../stores/ui-store.js';

const FALLBACK_SNOOZE_MINUTES = 60;

/** Inputs that take no typed text: keys pressed while one has focus are still shortcuts. */
const UNTYPED_INPUTS: ReadonlySet<string> = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !UNTYPED_INPUTS.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Gives the keyboard back to the current view's list (the board or the feed), else to the view itself. */
export function focusViewList(): void {
  const list = document.querySelector<HTMLElement>('main [role="listbox"], main [role="list"][tabindex]') ?? document.querySelector<HTMLElement>('main');
  list?.focus({ preventScroll: true });
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

/** Focuses the current view's search box, switching to the feed when the view has none. */
function focusSearch(stores: AppStores): void {
  const box = document.querySelector<HTMLInputElement>('main [data-search]');
  if (box) {
    box.focus();
    box.select();
    return;
  }
  stores.ui.getState().setView('feed');
  setTimeout(() => document.querySelector<HTMLInputElement>('main [data-search]')?.focus(), 0);
}

/** Handles one keydown; exported for tests. Returns true when the key was a shortcut. */
export function handleShortcut(e: KeyboardEvent, stores: AppStores): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  const ui = stores.ui.getState();
  const incidents = stores.incidents.getState();
  if (e.key === 'Escape') {
    if (ui.helpOpen) {
      ui.setHelpOpen(false);
      return true;
    }
    if (isTypingTarget(e.target)) (e.target as HTMLElement).blur();
    else if (incidents.detail) incidents.close();
    else return false;
    focusViewList();
    return true;
  }
  if (isTypingTarget(e.target)) return false;
  if (e.key === '?') {
    ui.setHelpOpen(!ui.helpOpen);
    return true;
  }
  if (ui.helpOpen) return false;
  const viewIndex = ['1', '2', '3', '4', '5'].indexOf(e.key);
  if (viewIndex >= 0) {
    ui.setView(VIEWS[viewIndex]!);
    return true;
  }
  if (e.key === '/') {
    focusSearch(stores);
    return true;
  }
  if (ui.view !== 'incidents') return false;
  const target = incidents.selectedId ?? incidents.detail?.id ?? null;
  switch (e.key) {
    case 'j': incidents.moveSelection(1); return true;
    case 'k': incidents.moveSelection(-1); return true;
    case 'Enter':
      if (isActivatable(e.target) || !incidents.selectedId) return false;
      void incidents.open(incidents.selectedId);
      return true;
    case 'a':
      if (target) void incidents.acknowledge(target);
      return target !== null;
    case 'x': {
      // Checks or unchecks the selected row for a bulk action.
      if (!incidents.selectedId) return false;
      stores.selection.getState().toggle(incidents.selectedId, false, boardOrder(incidents).map((s) => s.incident.id.toLowerCase()));
      return true;
    }
    case 's': {
      const minutes = stores.settings.getState().settings?.notifications.defaultSnoozeMinutes ?? FALLBACK_SNOOZE_MINUTES;
      if (target) void incidents.snooze(target, minutes);
      return target !== null;
    }
    default:
      return false;
  }
}

export function useKeyboardShortcuts(stores: AppStores): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (handleShortcut(e, stores)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stores]);
}
