// The options of one Electron notification, per severity (urgency) and platform: what each OS can do to break through.
import { ACTION_LABELS, toPlainMessage, toastXml, type NotificationActionId, type NotificationMessage } from '../../notify/index.js';

/**
 * Options passed to `new Notification(...)`: a subset of Electron 45's NotificationConstructorOptions. Electron 45 has
 * no macOS interruption level (time-sensitive) option (its options are id, groupId, groupTitle, title, subtitle, body,
 * silent, icon, hasReply, timeoutType, replyPlaceholder, sound, urgency, actions, closeButtonText, toastXml), so a
 * macOS P0 gets an alarm sound, and the desktop alert (window on top, flashing) until it is acknowledged.
 */
export interface DesktopNotificationOptions {
  title: string;
  body: string;
  /** Linux (and Windows without toastXml). */
  urgency: 'low' | 'normal' | 'critical';
  silent: boolean;
  /** `never`: critical notifications stay until dismissed (Linux, Windows). */
  timeoutType: 'default' | 'never';
  /** macOS: a system sound name, played instead of the default one. */
  sound?: string;
  /** Buttons; Electron shows them on macOS only. */
  actions?: { type: 'button'; text: string }[];
  /** Windows: the whole toast (urgent scenario for P0, Acknowledge / Snooze 1 h / Open); see notify/toast-xml.ts. */
  toastXml?: string;
}

/** The macOS sound of a critical (P0) notification: an alarm-like system sound, unlike the default one of P1. */
export const MACOS_CRITICAL_SOUND = 'Sosumi';

/** Electron's `actions` are macOS-only (Windows needs toastXml, Linux has none). */
export const platformSupportsActions = (platform: NodeJS.Platform): boolean => platform === 'darwin';

/** The buttons a message gets as Electron actions on this platform (in order; the `action` event gives the index). */
export function electronActions(message: NotificationMessage, platform: NodeJS.Platform): readonly NotificationActionId[] {
  return platformSupportsActions(platform) && message.incidentId ? (message.actions ?? []) : [];
}

/**
 * Critical (P0 by default): Linux `critical` urgency and no timeout, Windows `scenario="urgent"` with the looping alarm,
 * macOS the alarm sound. Normal: the default sound. Low: silent.
 */
export function desktopNotificationOptions(message: NotificationMessage, platform: NodeJS.Platform): DesktopNotificationOptions {
  const m = toPlainMessage(message);
  const actions = electronActions(message, platform);
  return {
    title: m.title,
    body: m.body,
    urgency: m.urgency,
    silent: m.urgency === 'low',
    timeoutType: m.urgency === 'critical' ? 'never' : 'default',
    ...(platform === 'darwin' && m.urgency === 'critical' ? { sound: MACOS_CRITICAL_SOUND } : {}),
    ...(actions.length > 0 ? { actions: actions.map((id) => ({ type: 'button' as const, text: ACTION_LABELS[id] })) } : {}),
    ...(platform === 'win32' ? { toastXml: toastXml(message) } : {}),
  };
}
