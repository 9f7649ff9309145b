// Runs the shared protocol conformance suite against a started server and asserts it reports no failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';

const SUITE = resolve('../shared/conformance/run.mjs');

/** `node ../shared/conformance/run.mjs --base … --token … --protocol 1.1`: at least 62 checks passed, none failed, exit 0. */
export function expectConformance(port: number, token: string): void {
  expect(existsSync(SUITE), `${SUITE} must exist beside the project (../shared)`).toBe(true);
  const r = spawnSync(process.execPath, [SUITE, '--base', `http://127.0.0.1:${port}`, '--token', token, '--protocol', '1.1'], { encoding: 'utf8', timeout: 120_000 });
  const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout);
  expect(summary, r.stdout + r.stderr).not.toBeNull();
  expect(Number(summary![2]), r.stdout).toBe(0);
  expect(Number(summary![1])).toBeGreaterThanOrEqual(62);
  expect(r.status).toBe(0);
}
