// macOS/Windows delivery through node-notifier (terminal-notifier, SnoreToast: run without a shell there).
import { createRequire } from 'node:module';
import { toPlainMessage } from './plain-text.js';
import type { NotificationSink } from './types.js';

/** The part of node-notifier this adapter calls (a fake or a specific notifier can replace it). */
export interface NodeNotifierLike {
  notify(options: Record<string, unknown>, callback: (err: Error | string | null) => void): unknown;
}

export interface NodeNotifierSinkOptions {
  /** Default: node-notifier's notifier for this platform. */
  notifier?: NodeNotifierLike;
  /** Application name (Windows app id, Linux app name); default `Incident Relay`. */
  appName?: string;
}

/**
 * A sink over node-notifier. On Linux node-notifier builds a shell command line for notify-send (quoted,
 * but a shell all the same), so the headless sink uses `createNotifySendSink` there instead.
 */
export function createNodeNotifierSink(options: NodeNotifierSinkOptions = {}): NotificationSink {
  // Loaded here, not at import: node-notifier is headless-only and left out of the desktop package.
  const target: NodeNotifierLike = options.notifier ?? (createRequire(import.meta.url)('node-notifier') as NodeNotifierLike);
  const appName = options.appName ?? 'Incident Relay';
  return {
    show(n) {
      const m = toPlainMessage(n);
      const request = {
        title: m.title, message: m.body === '' ? m.title : m.body, appName, 'app-name': appName, urgency: m.urgency,
        sound: m.urgency === 'critical', wait: false, timeout: m.urgency === 'critical' ? false : 10,
      };
      return new Promise<void>((resolve, reject) => {
        target.notify(request, (err) => {
          if (err instanceof Error) reject(err);
          else if (typeof err === 'string' && err.trim() !== '') reject(new Error(`node-notifier: ${err.trim().slice(0, 300)}`));
          else resolve();
        });
      });
    },
  };
}
