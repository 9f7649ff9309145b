// Where the settings document is kept: electron-store in the app, a plain JSON file in tests and tools.
import { existsSync, renameSync } from 'node:fs';

export interface SettingsBackend {
  /** The file, for messages. */
  readonly path: string;
  /** The stored document, or undefined when there is none yet; throws when it cannot be read (e.g. corrupt JSON). */
  read(): unknown;
  /** Replaces the stored document (atomically where the backend can). */
  write(doc: Record<string, unknown>): void;
  /** Moves the stored file aside, keeping it for the user; returns where it went, or undefined if there was none. */
  keepAside(reason: string): string | undefined;
}

/** `settings.json` → `settings.corrupt-2025-01-31T10-00-00-000Z.json`, next to it. */
export function asidePath(path: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return path.endsWith('.json') ? `${path.slice(0, -'.json'.length)}.corrupt-${stamp}.json` : `${path}.corrupt-${stamp}`;
}

/** Moves `path` aside without overwriting an earlier kept file; returns where it went, or undefined if absent. */
export function moveAside(path: string, at: Date = new Date()): string | undefined {
  if (!existsSync(path)) return undefined;
  const base = asidePath(path, at);
  let target = base;
  for (let k = 2; existsSync(target); k++) target = base.replace(/(\.json)?$/, `-${k}$1`);
  renameSync(path, target);
  return target;
}
