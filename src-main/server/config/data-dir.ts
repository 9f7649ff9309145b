// The user's data directory for Incident Relay (token file, journal), per platform conventions.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'incident-relay';

/** $XDG_DATA_HOME/incident-relay on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), APP_DIR_NAME);
}
