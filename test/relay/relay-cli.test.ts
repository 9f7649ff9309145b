// `incident-relay serve --upstream ws://...` from the built CLI relays an upstream's events to its own clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { startServer } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { numbered, publishEvents, range, receivedNumbers, waitFor } from './relay-harness.js';

const CLI = resolve('dist/src-main/headless/cli.js');
const BUILT_RELAY = resolve('dist/src-main/relay/relay.js');

const cleanups = cleanupsAfterEach();

/** Stops a child with SIGTERM (SIGKILL after 5 s) and waits for it to exit. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(force);
}

/** Runs `serve` and resolves with its address once it prints `listening on ...`, plus all it printed. */
async function serve(args: string[]): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => stopChild(child));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  await waitFor(() => /listening on (\S+)/.test(out) || child.exitCode !== null, 'serve to print its address', 15_000);
  const m = /listening on (\S+)/.exec(out);
  if (!m) throw new Error(`serve exited with ${child.exitCode}: ${err}`);
  return { url: m[1]!, output: () => out };
}

describe('incident-relay serve --upstream', () => {
  it('relays an upstream given on the command line and shows it in /health', async () => {
    if (!existsSync(BUILT_RELAY)) throw new Error(`${BUILT_RELAY} is missing: build first (npm run build, which npm test runs)`);
    const upstream = await startServer();
    cleanups.push(() => upstream.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-cli-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const local = await serve(['--port', '0', '--data-dir', dataDir, '--no-journal', '--log-level', 'warn', '--upstream', upstream.wsUrl]);
    await waitFor(() => local.output().includes(`upstream:      ${new URL(upstream.url).host}`), 'serve to name the upstream');

    const health = async () => (await (await fetch(`${local.url}/health`)).json()) as { upstreams?: { state: string }[] };
    await waitFor(async () => (await health()).upstreams?.[0]?.state === 'connected', 'the CLI relay to connect upstream');
    const client = await TestClient.connect(`${local.url.replace(/^http/, 'ws')}/ws`);
    cleanups.push(() => client.close());
    await client.subscribe('everything');
    await publishEvents(upstream, range(1, 5).map(numbered));
    await waitFor(() => client.events().length >= 5, 'events relayed by the CLI server');
    expect(receivedNumbers(client)).toEqual(range(1, 5));
  });
});
