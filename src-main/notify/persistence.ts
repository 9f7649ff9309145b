// Connects a policy to its state file: loads it once at start, then saves whenever the policy's memory changed.
import { DEFAULT_STATE_LIMITS, type NotifyStateLimits } from './notify-state.js';
import type { NotificationPolicy } from './policy.js';
import { ensureStateFolder, loadNotifyState, notifyStateFile, type StateWarning } from './state-file.js';
import { StateWriter } from './state-writer.js';
import type { Clock } from './types.js';

/**
 * Where and how long the notification memory is kept. Semantics across a restart:
 * - a change that was decided before (same journal message id, or the same incident change / alert id
 *   re-published under a new id) does not notify again, whether it was shown, held by snooze or quiet hours,
 *   or folded into a summary;
 * - a new change notifies as usual: an escalation (a new `escalated` entry) after the restart notifies even if the
 *   incident notified before; a resolution follows up an incident that notified before the restart;
 * - acknowledgements and snoozes (until their end time) still hold; an unacknowledged P0 keeps reminding (one that
 *   fell due while the app was down fires right after start); notifications held for a storm summary are shown
 *   as one summary right after start instead of being lost.
 * A change is remembered when decided, before it is shown: at most once, never twice, if the process dies in between.
 */
export interface PersistOptions {
  /** The data dir; the state lives in `<dataDir>/notify-state.json` (mode 0600). */
  dataDir: string;
  /** Entries older than this are forgotten (ms); pass the journal retention. Default 7 days. */
  retentionMs?: number;
  /** Most remembered change keys. Default 10,000. */
  maxKeys?: number;
}

export interface Persistence {
  /** Saves (in the background) when the policy's memory changed since the last save. */
  saveIfChanged(): void;
  /** Resolves once every requested save is written. */
  flush(): Promise<void>;
}

export interface PersistenceDeps {
  clock: Clock;
  report(err: unknown, context: string): void;
  warn: StateWarning;
}

/** Loads the saved state into `policy` and returns the saver. Never throws: problems are reported and notifications go on. */
export function openPersistence(policy: NotificationPolicy, options: PersistOptions, deps: PersistenceDeps): Persistence {
  const file = notifyStateFile(options.dataDir);
  const limits: NotifyStateLimits = {
    retentionMs: options.retentionMs ?? DEFAULT_STATE_LIMITS.retentionMs, maxKeys: options.maxKeys ?? DEFAULT_STATE_LIMITS.maxKeys,
  };
  try {
    ensureStateFolder(file);
  } catch (err) {
    deps.report(err, `creating the folder of ${file}`);
  }
  const saved = loadNotifyState(file, deps.warn);
  if (saved) {
    try {
      policy.importState(saved, deps.clock.now(), limits);
    } catch (err) {
      deps.report(err, `restoring the notification state from ${file}`);
    }
  }
  const writer = new StateWriter({ file, snapshot: () => policy.exportState(deps.clock.now(), limits), onError: deps.report });
  let savedRevision = policy.revision;
  return {
    saveIfChanged() {
      if (policy.revision === savedRevision) return;
      savedRevision = policy.revision;
      writer.request();
    },
    flush: () => writer.flush(),
  };
}
