// One helper for zod at every boundary: parse `unknown`, or get a message naming each bad path.
import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Formats zod issues as `path: message; path: message`, paths dotted (`filters.severities.0`). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues.slice(0, 5).map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.');
    return path ? `${path}: ${i.message}` : i.message;
  }).join('; ');
}

/** Parses with a schema, never throwing. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): Parsed<z.infer<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: describeIssues(r.error.issues, prefix) };
}
