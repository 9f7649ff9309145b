// Schema messages placed on form fields: zod issues (client-side) or a refusal message (server-side) → field → text.
import type { z } from 'zod';

/** Message per field key: `name`, `url`, `filters.severities`, …; `''` for messages that belong to no field. */
export type FieldErrors = Readonly<Record<string, string>>;

type Path = readonly PropertyKey[];

/** Fields are top-level keys, except under `filters`, where each of the seven keys is its own field. */
export function fieldKeyOf(path: Path): string {
  const segments = path.map(String);
  return segments[0] === 'filters' ? segments.slice(0, 2).join('.') : (segments[0] ?? '');
}

function valueAt(input: unknown, path: Path): unknown {
  let v: unknown = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** Every path its own field (nested settings forms). */
export const fullPathKey = (path: Path): string => path.map(String).join('.');

type KeyOf = (path: Path) => string;

/** Names the offending list item in the message, e.g. `"abc": must be a UUID`. */
function withItem(path: Path, message: string, input: unknown, keyOf: KeyOf): string {
  const field = keyOf(path).split('.').length;
  if (path.length <= field) return message;
  const value = valueAt(input, path);
  return typeof value === 'string' ? `"${value}": ${message}` : message;
}

function add(out: Record<string, string>, key: string, text: string): void {
  out[key] = out[key] ? `${out[key]}; ${text}` : text;
}

/** Groups zod issues by field. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown, keyOf: KeyOf = fieldKeyOf): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of issues) add(out, keyOf(issue.path), withItem(issue.path, issue.message, input, keyOf));
  return out;
}

/** Parses a `path: message; path: message` refusal (the shared describeIssues format) back into fields. */
export function fieldErrorsFromMessage(message: string, input: unknown, keyOf: KeyOf = fieldKeyOf): FieldErrors {
  const out: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const m = /^([A-Za-z_][\w]*(?:\.[\w-]+)*): (.+)$/.exec(part);
    if (!m) {
      add(out, '', part);
      continue;
    }
    const path = m[1]!.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    add(out, keyOf(path), withItem(path, m[2]!, input, keyOf));
  }
  return out;
}

/** Errors under `prefix.` with the prefix removed (what a nested field group shows). */
export function errorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}
