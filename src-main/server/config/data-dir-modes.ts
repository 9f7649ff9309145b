// Start-up hygiene of the data dir: the dir is made 0700 and every file in it 0600, with a warning naming each change.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../telemetry/logger.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');

/**
 * Everything in the data dir is private (publish token, console sessions, upstream secrets, incident data), so a dir
 * or file found readable by others (755/644 after a copy or a hand edit) is tightened. Returns what was changed.
 */
export function tightenDataDir(dataDir: string, logger: Logger): string[] {
  if (process.platform === 'win32' || !existsSync(dataDir)) return [];
  const changed: string[] = [];
  const tighten = (path: string, name: string, wanted: number): void => {
    const mode = statSync(path).mode & 0o777;
    if ((mode & ~wanted) === 0) return;
    chmodSync(path, mode & wanted);
    changed.push(`${name} ${octal(mode)} -> ${octal(mode & wanted)}`);
  };
  tighten(dataDir, '(data dir)', DIR_MODE);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(join(dataDir, entry.name), entry.name, FILE_MODE);
  }
  if (changed.length > 0) logger.warn('data dir permissions were too open and have been tightened', { data_dir: dataDir, changed });
  return changed;
}
