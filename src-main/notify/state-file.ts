// The notification state file in the data dir: read once at start (a bad file is set aside), written atomically after changes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NotifyStateSchema, type NotifyState } from './notify-state.js';

/** File name of the state inside the data dir. */
export const NOTIFY_STATE_FILE_NAME = 'notify-state.json';

/** Where the notification state of a data dir lives. */
export const notifyStateFile = (dataDir: string): string => join(dataDir, NOTIFY_STATE_FILE_NAME);

/** Where a state file that could not be used is kept for a human to look at. */
export const corruptStateFile = (file: string): string => `${file}.corrupt`;

/** A warning for the log: a sentence, and fields (path, error). */
export type StateWarning = (message: string, fields: Record<string, unknown>) => void;

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Reads the saved state. A missing file is no state. A file that cannot be read, is not JSON or is not a state
 * of this version is reported through `warn`, moved aside to `<file>.corrupt`, and read as no state: notifications
 * go on from an empty memory rather than stop.
 */
export function loadNotifyState(file: string, warn: StateWarning): NotifyState | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return setAside(file, `cannot read the notification state (${describeError(err)})`, warn);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return setAside(file, `the notification state is not valid JSON (${describeError(err)})`, warn);
  }
  const parsed = NotifyStateSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return setAside(file, `the notification state has an unexpected shape (${where})`, warn);
  }
  return parsed.data;
}

function setAside(file: string, problem: string, warn: StateWarning): undefined {
  const aside = corruptStateFile(file);
  try {
    renameSync(file, aside);
    warn(`${problem}; starting with an empty notification memory (already-notified incidents may notify once more)`, { path: file, kept_as: aside });
  } catch (err) {
    warn(`${problem}; starting with an empty notification memory, and the file could not be moved aside (${describeError(err)})`, { path: file });
  }
  return undefined;
}

/** Writes `data` to `file` through a fresh temp file in the same folder (mode 0600, synced) and a rename. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Creates the folder of `file` when missing (owner only), so the first save can succeed. */
export function ensureStateFolder(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
}
