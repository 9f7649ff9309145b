// `simulate` looks like a real shift (issue 20: after 22 minutes 877 incidents were active): incidents progress and resolve around --active.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent, IncidentState } from '../../src-shared/protocol/index.js';
import { createSimulator } from '../../src-main/headless/simulator.js';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';

const simulate = (args: string[]) => spawnSync(process.execPath, [CLI, 'simulate', ...args], { encoding: 'utf8', timeout: 60_000 });

async function total(s: ServeProcess, states: string): Promise<number> {
  const res = await fetch(`${s.url}/v1/incidents?states=${states}&limit=1`);
  return ((await res.json()) as { total: number }).total;
}
const ACTIVE = 'Detected,Triaged,Investigating,Remediating';
const ESC = '\x1b';

describe('the simulator', () => {
  it('keeps the active count around the target and walks each incident Detected → Triaged → Investigating → Resolved', () => {
    const sim = createSimulator({ seed: 42, active: 25 });
    const path = new Map<string, IncidentState[]>();
    const counts: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const e: IncidentEvent = sim.next();
      if (e.event_type === 'incident_created' || e.event_type === 'incident_updated' || e.event_type === 'incident_resolved') {
        path.set(e.incident.id, [...(path.get(e.incident.id) ?? []), e.incident.state]);
      }
      if (i >= 1000) counts.push(sim.activeCount);
    }
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...counts)).toBeLessThanOrEqual(45);
    const finished = [...path.values()].filter((p) => p.at(-1) === 'Resolved');
    expect(finished.length).toBeGreaterThan(2000);
    for (const p of finished) expect(p).toEqual(['Detected', 'Triaged', 'Investigating', 'Resolved']);
    expect(sim.stats().opened - sim.stats().resolved).toBe(sim.activeCount);
  });
});

describe('simulate against a server', () => {
  let s: ServeProcess;
  beforeAll(async () => { s = await startServe(); });
  afterAll(async () => { await s.stop(); });

  it('holds the server\'s active count near --active across runs (a new run takes over what the last one left open); --rate 0 is unpaced', async () => {
    for (const seed of [1, 2, 3]) {
      const r = simulate(['--url', s.url, '--data-dir', s.dataDir, '--rate', '0', '--count', '600', '--active', '10', '--seed', String(seed)]);
      expect(r.status, r.stderr).toBe(0);
      const m = /^simulate: published 600 events to \S+ in \d+\.\d s; (\d+) incidents opened, (\d+) resolved, (\d+) active\n$/.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      const active = await total(s, ACTIVE);
      expect(active).toBe(Number(m![3]));
      expect(active).toBeGreaterThanOrEqual(3);
      expect(active).toBeLessThanOrEqual(25);
    }
    expect(await total(s, 'Resolved')).toBeGreaterThan(150);
  });

  it('documents --rate 0 and --active in its help', () => {
    const help = simulate(['--help']).stdout;
    expect(help).toContain('0 = no pacing, as fast as the server accepts');
    expect(help).toMatch(/--active N +active incidents to hover around \(default 25\)/);
  });

  it('draws a live one-line status on a terminal (through script(1)), and only the summary when piped', () => {
    const cmd = `${process.execPath} ${CLI} simulate --url ${s.url} --data-dir ${s.dataDir} --rate 0 --count 300 --seed 9`;
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(tty.status, tty.stderr).toBe(0);
    const clearLine = `\r${ESC}[2K`;
    expect(tty.stdout).toContain(`${clearLine}simulate: 100 events · `);
    expect(tty.stdout.split(clearLine).map((s) => s.trim())).toContainEqual(expect.stringMatching(/^simulate: 200 events · \d+ active \(P\d \d+[^)]*\) · \d+ resolved · [\d.]+\/s$/));
    expect(tty.stdout).toMatch(/simulate: published 300 events to \S+ in \d+\.\d s; \d+ incidents opened, \d+ resolved, \d+ active\r?\n/);
    const piped = simulate(['--url', s.url, '--data-dir', s.dataDir, '--rate', '0', '--count', '300', '--seed', '9']);
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).not.toContain(ESC);
    expect(piped.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
