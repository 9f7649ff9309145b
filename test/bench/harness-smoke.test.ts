// `npm run bench` end to end at smoke size: separate server and load-client processes, every delivery counted, JSON written.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioResult } from './measure.js';

// Built by `npm test`'s pretest step (tsconfig.build.json compiles test/bench into dist/).
const RUN = fileURLToPath(new URL('../../dist/test/bench/run.js', import.meta.url));

describe('bench harness', () => {
  let dir: string | undefined;
  afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('runs burst and idle against the baseline, counts every delivery and writes the JSON', { timeout: 180_000 }, async () => {
    expect(existsSync(RUN), `${RUN} missing: run npm run build first`).toBe(true);
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-'));
    const out = path.join(dir, 'latest.json');
    const child = spawn(process.execPath, [RUN, '--quick', '--only', 'burst,idle', '--servers', 'baseline', '--client-workers', '1', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { text += c.toString(); });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, text).toBe(0);
    expect(text).toMatch(/scenario\s+server\s+conns/);
    const doc = JSON.parse(await readFile(out, 'utf8')) as { results: ScenarioResult[] };
    const burst = doc.results.find((r) => r.scenario === 'burst');
    const idle = doc.results.find((r) => r.scenario === 'idle');
    expect(burst).toMatchObject({ server: 'baseline', complete: true, connections: 100, problems: [] });
    expect(burst?.deliveries).toBe(burst?.expectedDeliveries);
    expect(burst?.serverCpuSeconds).toBeGreaterThan(0);
    expect(burst?.latencyMs?.p99).toBeGreaterThanOrEqual(burst?.latencyMs?.p50 ?? Infinity);
    expect(idle).toMatchObject({ connections: 500, subscriptions: 500 });
    expect(idle?.rssPerConnectionKiB).toBeGreaterThan(0);
  });
});
