// The desktop shell's own settings (port, window, tray, login, sealed tokens): schema, defaults, migrations.
// The UI's settings (notification policy, theme) are the control service's, in its data dir.
import { z } from 'zod';

/** Version written by this build; a document without `schemaVersion` is version 0. */
export const SETTINGS_VERSION = 1;

export const DesktopSettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  server: z.object({
    /** Port of the local server; 0 picks a free one at each start. */
    port: z.number().int().min(0).max(65535),
  }),
  window: z.object({
    /** Last size of the main window (pixels). */
    width: z.number().int().min(200).max(20_000),
    height: z.number().int().min(200).max(20_000),
    maximized: z.boolean(),
  }),
  /** Closing the window keeps the app running in the tray. */
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  /** Tokens sealed by the OS keychain (safeStorage), base64, by name. Never plain text. */
  sealedSecrets: z.record(z.string().min(1).max(200), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = Object.freeze({
  schemaVersion: SETTINGS_VERSION,
  server: { port: 8080 },
  window: { width: 1280, height: 820, maximized: false },
  closeToTray: true,
  startAtLogin: false,
  sealedSecrets: {},
}) as DesktopSettings;

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Migration {
  /** The version this migration produces; it runs on documents of version `to - 1`. */
  to: number;
  describe: string;
  migrate(doc: Doc): Doc;
}

/** In order; each takes a document of the previous version. */
export const SETTINGS_MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    describe: 'pre-release builds kept `port` at the top level and had no version',
    migrate(doc) {
      const { port, ...rest } = doc;
      const server = isObject(rest.server) ? rest.server : {};
      return { ...rest, server: { ...server, ...(typeof port === 'number' ? { port } : {}) } };
    },
  },
];

/** Migrates a stored document to SETTINGS_VERSION; throws when it is from a newer build or not an object. */
export function migrateSettings(stored: unknown, migrations: readonly Migration[] = SETTINGS_MIGRATIONS): { doc: Doc; applied: string[] } {
  if (!isObject(stored)) throw new Error('the settings file does not hold an object');
  const from = stored.schemaVersion === undefined ? 0 : stored.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) throw new Error(`schemaVersion ${JSON.stringify(from)} is not a version`);
  if (from > SETTINGS_VERSION) throw new Error(`written by a newer version (schemaVersion ${from}, this build reads up to ${SETTINGS_VERSION})`);
  let doc: Doc = stored;
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.to <= from) continue;
    doc = { ...m.migrate(doc), schemaVersion: m.to };
    applied.push(`${m.to}: ${m.describe}`);
  }
  return { doc, applied };
}

/** Fills keys missing from an older or hand-edited document with the defaults (one level into each section). */
export function withDefaults(doc: Doc): Doc {
  const out: Doc = { ...DEFAULT_DESKTOP_SETTINGS, ...doc };
  for (const [key, value] of Object.entries(DEFAULT_DESKTOP_SETTINGS)) {
    if (isObject(value) && isObject(doc[key]) && key !== 'sealedSecrets') out[key] = { ...value, ...doc[key] };
  }
  return out;
}
