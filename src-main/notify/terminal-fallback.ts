// Headless fallback when the OS channel cannot deliver: a terminal bell and one plain line on stderr, P0/P1 only.
import { toPlainText } from './plain-text.js';
import type { NotificationMessage } from './types.js';

/** Severities that fall back when the channel fails; lower ones only count as failed deliveries. */
const FALLBACK_SEVERITIES: ReadonlySet<string> = new Set(['P0', 'P1']);

/** A fallback for one notification the channel could not show; true when it was used. */
export type Fallback = (n: NotificationMessage) => boolean;

/** True when a notification is important enough to fall back (P0/P1, or a summary of them). */
export const needsFallback = (n: NotificationMessage): boolean => n.severity !== undefined && FALLBACK_SEVERITIES.has(n.severity);

/** BEL, then `NOTIFICATION (channel down) P0 · db: title — first body line`. */
export function createTerminalFallback(write: (text: string) => void = (t) => process.stderr.write(t)): Fallback {
  return (n) => {
    if (!needsFallback(n)) return false;
    const first = toPlainText(n.body.split('\n')[0] ?? '', 200);
    write(`\u0007NOTIFICATION (desktop channel down) ${toPlainText(n.title, 200)}${first ? ` — ${first}` : ''}\n`);
    return true;
  };
}
