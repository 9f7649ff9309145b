// Small JSON state files in the data dir: read against a schema (a bad file is set aside, never fatal), written atomically.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { describeIssues } from '../../src-shared/protocol/index.js';

export type ProblemReporter = (message: string, fields?: Record<string, unknown>) => void;

/**
 * The file's content parsed with `schema`, or undefined when it does not exist. A file that is not JSON or
 * fails the schema is renamed to `<file>.bad-<time>` and reported, so a hand edit gone wrong never stops the app.
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, report: ProblemReporter): z.output<S> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    problem = describeIssues(parsed.error.issues);
  } catch (err) {
    problem = `not JSON: ${(err as Error).message}`;
  }
  const aside = `${path}.bad-${Date.now()}`;
  renameSync(path, aside);
  report('state file set aside, starting from defaults', { file: path, moved_to: aside, problem });
  return undefined;
}

/** Writes `value` as JSON through a temporary file and a rename (never half-written), readable by its owner only. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
