// The shared protocol conformance suite, run against a started `incident-relay serve` with default settings.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';

const SUITE = resolve('../shared/conformance/run.mjs');
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

describe('conformance suite', () => {
  it('passes every check against serve', () => {
    expect(existsSync(SUITE), `${SUITE} must exist beside the project (../shared)`).toBe(true);
    const r = spawnSync(process.execPath, [SUITE, '--base', `http://127.0.0.1:${serve.port}`, '--token', serve.token], { encoding: 'utf8', timeout: 120_000 });
    const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    expect(summary, r.stdout + r.stderr).not.toBeNull();
    expect(Number(summary![2]), r.stdout).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(54);
    expect(r.status).toBe(0);
  }, 150_000);
});
