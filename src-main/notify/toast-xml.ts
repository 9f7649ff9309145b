// Windows toast XML for a notification: P0 as scenario="urgent" (breaks through Focus Assist), buttons as actions.
import { ACTION_LABELS, type NotificationMessage } from './types.js';
import { toPlainMessage } from './plain-text.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Activation arguments of a toast button or body click: `<action>:<incident id>`. */
export const toastArguments = (action: string, incidentId: string): string => `${action}:${incidentId}`;

/** Parses `toastArguments` back; undefined for anything else. */
export function parseToastArguments(args: string): { action: string; incidentId: string } | undefined {
  const m = /^(acknowledge|snooze_1h|open):([0-9a-f-]{36})$/i.exec(args.trim());
  return m?.[1] && m[2] ? { action: m[1], incidentId: m[2].toLowerCase() } : undefined;
}

/**
 * The toast document. Critical: `scenario="urgent"` (shown over Focus Assist, stays until acted on) with the
 * looping alarm sound; normal: the default sound; low: silent. Text is made plain, then XML-escaped.
 */
export function toastXml(n: NotificationMessage): string {
  const m = toPlainMessage(n);
  const critical = m.urgency === 'critical';
  const launch = n.incidentId ? ` launch="${xml(toastArguments('open', n.incidentId))}" activationType="foreground"` : '';
  const audio = critical ? '<audio src="ms-winsoundevent:Notification.Looping.Alarm" loop="true"/>'
    : m.urgency === 'low' ? '<audio silent="true"/>' : '<audio src="ms-winsoundevent:Notification.Default"/>';
  const actions = n.incidentId && (n.actions ?? []).length > 0
    ? `<actions>${(n.actions ?? []).map((a) => `<action content="${xml(ACTION_LABELS[a])}" arguments="${xml(toastArguments(a, n.incidentId ?? ''))}" activationType="foreground"/>`).join('')}</actions>`
    : '';
  return `<toast${critical ? ' scenario="urgent"' : ''}${launch}>`
    + `<visual><binding template="ToastGeneric"><text>${xml(m.title)}</text><text>${xml(m.body)}</text></binding></visual>`
    + `${actions}${audio}</toast>`;
}
