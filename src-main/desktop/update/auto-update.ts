// Updates through electron-updater: off unless the package names a feed; installed only when signed like the running app.
import type { Logger } from '../../server/index.js';

/** The part of electron-updater's `autoUpdater` used here. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

export interface UpdateContext {
  platform: NodeJS.Platform;
  /** False when run from the source tree (`electron .`). */
  isPackaged: boolean;
  /** Whether the package holds `app-update.yml`: electron-builder writes it only when `publish` names a feed. */
  feedConfigured: boolean;
}

export type UpdateDecision = { enabled: true } | { enabled: false; reason: string };

/** Every six hours, after the check at start. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Updates run only in a packaged app whose build set a feed, and only where electron-updater verifies the update's
 * code signature against the running app's: Windows (Authenticode publisher) and macOS (Squirrel.Mac). Linux
 * packages are updated by the package manager; AppImage updates would only be checked against the feed's own hash.
 */
export function updateDecision(context: UpdateContext): UpdateDecision {
  if (!context.isPackaged) return { enabled: false, reason: 'not a packaged build' };
  if (!context.feedConfigured) return { enabled: false, reason: 'this build names no update feed (electron-builder `publish` is unset)' };
  if (context.platform !== 'win32' && context.platform !== 'darwin') return { enabled: false, reason: 'updates come from the system package manager here' };
  return { enabled: true };
}

export interface AutoUpdateOptions {
  decision: UpdateDecision;
  /** Loads electron-updater (only when enabled: it needs a packaged Electron). */
  load(): Promise<UpdaterPort>;
  logger: Logger;
  /** Repeats `check` every `ms` until stopped; default setInterval (unref'd). */
  every?: (ms: number, check: () => void) => () => void;
}

/** Starts checking when the decision allows; returns the function that stops the periodic check. */
export async function startAutoUpdate(options: AutoUpdateOptions): Promise<() => void> {
  const { decision, logger } = options;
  if (!decision.enabled) {
    logger.info('automatic updates off', { reason: decision.reason });
    return () => undefined;
  }
  const updater = await options.load();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.on('error', (err) => logger.warn('update failed', { error: err.message }));
  updater.on('update-downloaded', (info) => logger.info('update downloaded; installed at the next quit', { version: info.version }));
  const check = (): void => {
    updater.checkForUpdates().catch((err: unknown) => logger.warn('update check failed', { error: err instanceof Error ? err.message : String(err) }));
  };
  check();
  const every = options.every ?? ((ms, run) => {
    const timer = setInterval(run, ms);
    timer.unref();
    return () => clearInterval(timer);
  });
  return every(UPDATE_CHECK_INTERVAL_MS, check);
}
