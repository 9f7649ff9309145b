// The desktop NotificationSink: Electron's Notification, click → open the incident, buttons where the OS has them.
import {
  ACTION_LABELS, toPlainMessage, toastXml, type ChannelProbe, type NotificationActionId, type NotificationActivation, type NotificationSink,
} from '../../notify/index.js';

/** Options passed to `new Notification(...)` (a subset of Electron's NotificationConstructorOptions). */
export interface DesktopNotificationOptions {
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  silent: boolean;
  /** `never`: critical notifications stay until dismissed (Linux, Windows). */
  timeoutType: 'default' | 'never';
  /** Buttons; Electron shows them on macOS only. */
  actions?: { type: 'button'; text: string }[];
  /** Windows: the whole toast (urgent scenario for P0, Acknowledge / Snooze 1 h / Open); see notify/toast-xml.ts. */
  toastXml?: string;
}

/** The part of an Electron Notification used here. */
export interface DesktopNotification {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

export interface DesktopNotificationFactory {
  isSupported(): boolean;
  create(options: DesktopNotificationOptions): DesktopNotification;
}

export interface ElectronSinkOptions {
  notifications: DesktopNotificationFactory;
  platform: NodeJS.Platform;
  onError?(err: unknown): void;
}

/** Electron's `actions` are macOS-only (Windows needs toastXml, Linux has none). */
export const platformSupportsActions = (platform: NodeJS.Platform): boolean => platform === 'darwin';

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
  const withActions = platformSupportsActions(options.platform);

  return {
    async show(message) {
      if (!options.notifications.isSupported()) throw new Error('notifications are not supported on this system (on Linux: is a notification daemon running?)');
      const m = toPlainMessage(message);
      const actions: readonly NotificationActionId[] = withActions && message.incidentId ? (message.actions ?? []) : [];
      const n = options.notifications.create({
        title: m.title,
        body: m.body,
        urgency: m.urgency,
        silent: m.urgency === 'low',
        timeoutType: m.urgency === 'critical' ? 'never' : 'default',
        ...(actions.length > 0 ? { actions: actions.map((id) => ({ type: 'button' as const, text: ACTION_LABELS[id] })) } : {}),
        ...(options.platform === 'win32' ? { toastXml: toastXml(message) } : {}),
      });
      const incidentId = message.incidentId;
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
