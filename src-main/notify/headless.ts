// Headless delivery: the sink `incident-relay serve --notify` uses, and the sample behind `notify-test`.
import { createNodeNotifierSink } from './node-notifier-sink.js';
import { createNotifySendSink } from './notify-send-sink.js';
import type { NotificationMessage, NotificationSink } from './types.js';

/** `notify-send` runs the freedesktop client directly; `node-notifier` uses node-notifier's platform notifier. */
export type HeadlessBackend = 'auto' | 'notify-send' | 'node-notifier';

export interface HeadlessSinkOptions {
  /** Default `auto`: notify-send on Linux and the BSDs (no shell involved), node-notifier elsewhere. */
  backend?: HeadlessBackend;
  appName?: string;
  /** Environment for notify-send (DISPLAY, DBUS_SESSION_BUS_ADDRESS); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const FREEDESKTOP_PLATFORMS: ReadonlySet<string> = new Set(['linux', 'freebsd', 'openbsd', 'netbsd']);

/** The backend `auto` picks on a platform. */
export function defaultBackend(platform: string = process.platform): Exclude<HeadlessBackend, 'auto'> {
  return FREEDESKTOP_PLATFORMS.has(platform) ? 'notify-send' : 'node-notifier';
}

/** The notification sink of the headless CLI. */
export function createHeadlessSink(options: HeadlessSinkOptions = {}): NotificationSink {
  const backend = !options.backend || options.backend === 'auto' ? defaultBackend() : options.backend;
  const appName = options.appName ?? 'Incident Relay';
  return backend === 'notify-send'
    ? createNotifySendSink({ appName, ...(options.env ? { env: options.env } : {}) })
    : createNodeNotifierSink({ appName });
}

/** The sample `incident-relay notify-test` shows. */
export const TEST_NOTIFICATION: Readonly<NotificationMessage> = {
  title: 'Incident Relay: test notification',
  body: 'If you can read this, incident notifications reach this desktop.',
  urgency: 'normal',
};

/** Shows one sample notification; rejects with the delivery error (e.g. no notification daemon). */
export async function sendTestNotification(sink: NotificationSink = createHeadlessSink()): Promise<NotificationMessage> {
  await sink.show(TEST_NOTIFICATION);
  return TEST_NOTIFICATION;
}
