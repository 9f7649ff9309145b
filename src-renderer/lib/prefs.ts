// Per-browser display preferences (time zone, board order and grouping) kept in localStorage; absent storage is fine.

const PREFIX = 'incident-relay.';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings): preferences last for the page only
  }
}

/** The stored value of `name` when `accept` takes it, else `fallback`. */
export function readPref<T extends string>(name: string, fallback: T, accept: (value: string) => value is T): T {
  const value = storage()?.getItem(PREFIX + name);
  return value !== null && value !== undefined && accept(value) ? value : fallback;
}

export function writePref(name: string, value: string): void {
  try {
    storage()?.setItem(PREFIX + name, value);
  } catch {
    // quota or disabled storage: the choice still applies to this page
  }
}
