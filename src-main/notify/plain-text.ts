// Turns untrusted incident text into short plain text no notification daemon can read as markup or controls.
import type { NotificationMessage } from './types.js';

/** Fixed maximum lengths, in code points, including the trailing ellipsis of a truncated text. */
export const PLAIN_TEXT_LIMITS = { title: 120, body: 400 } as const;

const ELLIPSIS = '…';
/** C0 and C1 controls and DEL, except the newline a body may keep. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
/** Bidirectional overrides and isolates (Trojan Source, CVE-2021-42574), zero-width space, BOM. */
const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Freedesktop servers may render the body as markup (`<b>`, `<a href>`, `<img>`, entities); look-alike
 * characters keep the text readable and inert on every server, whether or not it supports markup.
 */
const MARKUP_LOOKALIKES: Readonly<Record<string, string>> = { '<': '\u2039', '>': '\u203A', '&': '\uFF06' };

export interface PlainTextOptions {
  /** Keep line breaks (bodies); otherwise they become spaces (titles). Default false. */
  multiline?: boolean;
}

/** Plain, single- or multi-line text of at most `maxLength` code points; an ellipsis marks a cut. */
export function toPlainText(input: unknown, maxLength: number, options: PlainTextOptions = {}): string {
  const raw = typeof input === 'string' ? input : String(input ?? '');
  // Bound the work on huge inputs: nothing past this point can survive truncation unless controls shrink it.
  const bounded = raw.length > maxLength * 8 ? raw.slice(0, maxLength * 8) : raw;
  const lineBreak = options.multiline ? '\n' : ' ';
  let text = bounded
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?|[\n\u2028\u2029\u0085]/g, lineBreak)
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(/[<>&]/g, (c) => MARKUP_LOOKALIKES[c] ?? '');
  if (!options.multiline) text = text.replace(/\n/g, ' ');
  text = text.replace(/[ ]{2,}/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  const cut = bounded.length < raw.length;
  return truncateCodePoints(text, maxLength, cut);
}

/** Cuts to `maxLength` code points (never inside a surrogate pair), ending with an ellipsis when cut. */
export function truncateCodePoints(text: string, maxLength: number, alreadyCut = false): string {
  const points = Array.from(text);
  if (points.length <= maxLength && !alreadyCut) return text;
  const kept = points.slice(0, Math.max(0, maxLength - 1)).join('').trimEnd();
  return kept + ELLIPSIS;
}

/** A notification title: one line, at most `PLAIN_TEXT_LIMITS.title`, never empty. */
export function plainTitle(input: unknown, fallback = 'Incident Relay'): string {
  const t = toPlainText(input, PLAIN_TEXT_LIMITS.title);
  return t === '' ? fallback : t;
}

/** A notification body: lines kept, at most `PLAIN_TEXT_LIMITS.body`. */
export function plainBody(input: unknown): string {
  return toPlainText(input, PLAIN_TEXT_LIMITS.body, { multiline: true });
}

/** The message a sink hands to the OS: plain, truncated title and body, a known urgency. */
export function toPlainMessage(n: NotificationMessage): NotificationMessage {
  const urgency = n.urgency === 'critical' || n.urgency === 'low' ? n.urgency : 'normal';
  return {
    title: plainTitle(n.title), body: plainBody(n.body), urgency,
    ...(n.incidentId ? { incidentId: n.incidentId } : {}),
    ...(n.severity ? { severity: n.severity } : {}),
    ...(n.actions ? { actions: n.actions } : {}),
  };
}
