// The desktop settings: read once (migrated, validated, defaults filled), corrupt files kept aside, every write validated.
import { describeIssues } from '../../../src-shared/protocol/index.js';
import type { SettingsBackend } from './settings-backend.js';
import {
  DEFAULT_DESKTOP_SETTINGS, DesktopSettingsSchema, migrateSettings, withDefaults, type DesktopSettings,
} from './settings-schema.js';

/** What happened at open, for the log (and a notice in the UI). */
export interface SettingsOpenReport {
  /** Migrations applied to the stored document. */
  migrated: string[];
  /** Set when the stored document was unusable and the defaults were used instead. */
  recovered?: { reason: string; keptAt: string | undefined };
  /** Set when the settings could not be written back (read-only disk): the app runs on them in memory. */
  writeError?: string;
}

function tryWrite(backend: SettingsBackend, settings: DesktopSettings): { writeError: string } | Record<never, never> {
  try {
    backend.write(settings);
    return {};
  } catch (err) {
    return { writeError: err instanceof Error ? err.message : String(err) };
  }
}

const fresh = (): DesktopSettings => structuredClone(DEFAULT_DESKTOP_SETTINGS);

function load(raw: unknown): { settings: DesktopSettings; migrated: string[]; changed: boolean } {
  if (raw === undefined) return { settings: fresh(), migrated: [], changed: true };
  const { doc, applied } = migrateSettings(raw);
  const parsed = DesktopSettingsSchema.safeParse(withDefaults(doc));
  if (!parsed.success) throw new Error(`invalid settings: ${describeIssues(parsed.error.issues)}`);
  return { settings: parsed.data, migrated: applied, changed: applied.length > 0 || JSON.stringify(parsed.data) !== JSON.stringify(raw) };
}

export class SettingsStore {
  private settings: DesktopSettings;
  private readonly listeners = new Set<(s: DesktopSettings) => void>();

  /** `persist` is false when a bad file could not be moved aside: it is then never overwritten. */
  private constructor(private readonly backend: SettingsBackend, initial: DesktopSettings, private readonly persist = true) {
    this.settings = initial;
  }

  /**
   * Opens the settings. Never throws for a bad file: unreadable JSON, a document from a newer build or one that
   * fails the schema is moved aside (kept for the user) and the defaults are used.
   */
  static open(backend: SettingsBackend): { store: SettingsStore; report: SettingsOpenReport } {
    let loaded: ReturnType<typeof load>;
    try {
      loaded = load(backend.read());
    } catch (err) {
      return SettingsStore.recover(backend, err instanceof Error ? err.message : String(err));
    }
    const store = new SettingsStore(backend, loaded.settings);
    return { store, report: { migrated: loaded.migrated, ...(loaded.changed ? tryWrite(backend, loaded.settings) : {}) } };
  }

  private static recover(backend: SettingsBackend, reason: string): { store: SettingsStore; report: SettingsOpenReport } {
    let keptAt: string | undefined;
    try {
      keptAt = backend.keepAside(reason);
    } catch (err) {
      const store = new SettingsStore(backend, fresh(), false);
      return { store, report: { migrated: [], recovered: { reason, keptAt: undefined }, writeError: `could not move ${backend.path} aside: ${String(err)}` } };
    }
    const store = new SettingsStore(backend, fresh());
    return { store, report: { migrated: [], recovered: { reason, keptAt }, ...tryWrite(backend, store.settings) } };
  }

  get(): DesktopSettings {
    return this.settings;
  }

  /** Applies a change, validates the result (throws, naming the keys, if invalid), writes it and tells listeners. */
  update(change: (current: DesktopSettings) => DesktopSettings): DesktopSettings {
    const parsed = DesktopSettingsSchema.safeParse(change(structuredClone(this.settings)));
    if (!parsed.success) throw new Error(`invalid settings: ${describeIssues(parsed.error.issues)}`);
    if (this.persist) this.backend.write(parsed.data);
    this.settings = parsed.data;
    for (const l of [...this.listeners]) l(parsed.data);
    return parsed.data;
  }

  /** Listens to changes; returns the function that stops listening. */
  onChange(listener: (s: DesktopSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
