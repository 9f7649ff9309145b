// The desktop NotificationSink: Electron's Notification, click → open the incident, buttons where the OS has them.
import {
  parseToastArguments, type ChannelProbe, type NotificationActionId, type NotificationActivation, type NotificationSink,
} from '../../notify/index.js';
import { desktopNotificationOptions, electronActions, type DesktopNotificationOptions } from './notification-options.js';

export { platformSupportsActions, type DesktopNotificationOptions } from './notification-options.js';

/** The part of an Electron Notification used here. */
export interface DesktopNotification {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

/** What Windows passes for a toast activation (Electron's ActivationArguments): the clicked part's `arguments`. */
export interface ToastActivation {
  type: string;
  arguments: string;
}

export interface DesktopNotificationFactory {
  isSupported(): boolean;
  create(options: DesktopNotificationOptions): DesktopNotification;
  /**
   * Windows: Electron's `Notification.handleActivation` (45+), the documented way to receive toast clicks and button
   * presses, also after the Notification object is gone; it is called in addition to instance events.
   */
  handleActivation?(callback: (details: ToastActivation) => void): void;
}

export interface ElectronSinkOptions {
  notifications: DesktopNotificationFactory;
  platform: NodeJS.Platform;
  onError?(err: unknown): void;
}

/** Shown notifications are kept referenced until closed, else the GC drops them and their click handlers. */
const MAX_LIVE = 100;

export function createElectronSink(options: ElectronSinkOptions): NotificationSink & ChannelProbe & { liveCount(): number } {
  const listeners = new Set<(a: NotificationActivation) => void>();
  const live = new Set<DesktopNotification>();
  const emit = (a: NotificationActivation): void => {
    for (const l of [...listeners]) {
      try {
        l(a);
      } catch (err) {
        options.onError?.(err);
      }
    }
  };
  // Windows toasts come back through handleActivation with their `arguments` (`acknowledge:<id>`, see toast-xml.ts);
  // instance events would report the same click a second time, so they are not used there.
  const toastActivations = options.platform === 'win32' && options.notifications.handleActivation !== undefined;
  options.notifications.handleActivation?.((details) => {
    const parsed = parseToastArguments(details.arguments);
    if (parsed) emit({ action: parsed.action as NotificationActionId, incidentId: parsed.incidentId });
    else options.onError?.(new Error(`unknown toast activation (${details.type}): ${details.arguments.slice(0, 100)}`));
  });

  return {
    async show(message) {
      if (!options.notifications.isSupported()) throw new Error('notifications are not supported on this system (on Linux: is a notification daemon running?)');
      const actions = electronActions(message, options.platform);
      const n = options.notifications.create(desktopNotificationOptions(message, options.platform));
      const incidentId = toastActivations ? undefined : message.incidentId;
      n.on('click', () => {
        live.delete(n);
        if (incidentId) emit({ action: 'open', incidentId });
      });
      n.on('action', (_event, index) => {
        const action = actions[index];
        if (incidentId && action) emit({ action, incidentId });
      });
      n.on('close', () => live.delete(n));
      n.on('failed', (_event, error) => {
        live.delete(n);
        options.onError?.(new Error(`notification failed: ${error}`));
      });
      live.add(n);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      n.show();
    },
    onActivation(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    liveCount: () => live.size,
    probe: async () => (options.notifications.isSupported() ? { ok: true } : {
      ok: false, cause: 'Electron reports notifications as not supported here',
      fix: options.platform === 'linux' ? 'start a notification daemon (dunst, mako) or a desktop environment that has one' : 'allow notifications for Incident Relay in the system settings',
    }),
  };
}
