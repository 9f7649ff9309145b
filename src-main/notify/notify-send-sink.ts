// Linux/BSD delivery: runs `notify-send` directly (an argument vector, no shell), the program node-notifier uses there.
import { execFile } from 'node:child_process';
import { toPlainMessage } from './plain-text.js';
import type { NotificationMessage, NotificationSink } from './types.js';

export interface NotifySendSinkOptions {
  /** Program to run; default `notify-send` from PATH. */
  command?: string;
  /** Application name shown by the daemon; default `Incident Relay`. */
  appName?: string;
  /** Environment of the program (needs DBUS_SESSION_BUS_ADDRESS, usually DISPLAY); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long a normal or low notification stays on screen, ms; critical ones stay until dismissed. Default 10000. */
  expireMs?: number;
  /** Kill the program if it has not finished after this many ms; default 10000. */
  processTimeoutMs?: number;
}

/** The notify-send arguments for an already plain message; `--` ends the options, so a title like `-u low` stays text. */
export function notifySendArgs(m: NotificationMessage, appName: string, expireMs: number): string[] {
  const args = [`--app-name=${appName}`, `--urgency=${m.urgency}`];
  if (m.urgency !== 'critical') args.push(`--expire-time=${expireMs}`);
  return [...args, '--', m.title, m.body];
}

/** A sink that shows each notification through notify-send (freedesktop notifications over D-Bus). */
export function createNotifySendSink(options: NotifySendSinkOptions = {}): NotificationSink {
  const command = options.command ?? 'notify-send';
  const appName = options.appName ?? 'Incident Relay';
  const expireMs = options.expireMs ?? 10_000;
  return {
    show(n) {
      const args = notifySendArgs(toPlainMessage(n), appName, expireMs);
      return new Promise<void>((resolve, reject) => {
        execFile(command, args, { env: options.env ?? process.env, shell: false, timeout: options.processTimeoutMs ?? 10_000, windowsHide: true },
          (err, _stdout, stderr) => {
            if (!err) resolve();
            else if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${command} not found: install libnotify-bin (Debian/Ubuntu) or libnotify`, { cause: err }));
            else reject(new Error(`${command} failed: ${err.message}${stderr ? ` (${stderr.trim().slice(0, 300)})` : ''}`, { cause: err }));
          });
      });
    },
  };
}
