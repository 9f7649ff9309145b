// `tail` survives a server restart (issue 20: it exited 1) or a dead path: it reconnects with backoff and resumes, every event once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from '../support/fixtures.js';
import { waitFor } from '../relay/relay-harness.js';
import { activeSubscriptions, publish, startTail } from './tail-process.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const batch = (n: number, tag: string) => Array.from({ length: n }, (_, k) => created(incident({ title: `${tag} ${k}` })));
const ids = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { message_id: string }).message_id);

describe('tail across a server restart', () => {
  it('reconnects to the restarted server (same port, same data dir) and prints every event exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ir-tail-restart-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let serve: ServeProcess = await startServe([], { dataDir });
    cleanups.push(() => serve.stop('SIGKILL'));
    const tail = startTail(['--url', serve.url, '--json']);
    cleanups.push(() => { if (tail.child.exitCode === null) tail.child.kill('SIGKILL'); });
    await waitFor(async () => (await activeSubscriptions(serve.url)) === 1, 'tail to subscribe');

    const published = await publish(serve, ...batch(5, 'before'));
    await waitFor(() => tail.lines().length >= 5, 'the first five events');
    const port = serve.port;
    expect(await serve.stop('SIGTERM')).toBe(0);
    serve = await startServe(['--port', String(port)], { dataDir });
    expect(serve.port).toBe(port);
    published.push(...await publish(serve, ...batch(5, 'while reconnecting')));
    await waitFor(async () => (await activeSubscriptions(serve.url)) === 1, 'tail to subscribe again', 40_000);
    published.push(...await publish(serve, ...batch(5, 'after')));
    // Frames arrive in order, so once the last id is printed any repeat of an earlier one would already be there.
    await waitFor(() => ids(tail.lines()).includes(published.at(-1)!), 'the last event');

    expect(tail.child.exitCode).toBeNull();
    expect(ids(tail.lines())).toEqual(published);
    expect(tail.stderr()).toContain('incident-relay tail: server closing the connection: the server is shutting down');
    expect(tail.stderr()).toMatch(/connection lost \(the server went away\); reconnecting in \d+\.\d s/);
    expect(tail.stderr()).toMatch(new RegExp(`resumed after ${published[4]}, nothing missed \\(\\d+ events? replayed\\)`));
    expect(tail.stderr()).not.toContain('{"type"');
    tail.child.kill('SIGINT');
    expect(await tail.exit).toBe(0);
  }, 90_000);

  it('--no-reconnect keeps the old behaviour: exit 1 when the server goes away', async () => {
    const serve = await startServe();
    cleanups.push(() => serve.stop('SIGKILL'));
    const tail = startTail(['--url', serve.url, '--no-reconnect']);
    cleanups.push(() => { if (tail.child.exitCode === null) tail.child.kill('SIGKILL'); });
    await waitFor(async () => (await activeSubscriptions(serve.url)) === 1, 'tail to subscribe');
    await serve.stop('SIGTERM');
    expect(await tail.exit).toBe(1);
    expect(tail.stderr()).toBe('incident-relay tail: server closing the connection: the server is shutting down\n');
  });

  it('gives up a connection that stays silent for three announced heartbeat periods, and reconnects', async () => {
    // A server that announces a 1 s heartbeat, answers the subscribe, then never sends anything again (a dead path).
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }));
    let connections = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.send(JSON.stringify({ type: 'welcome', session_id: `s${connections}`, server_time: new Date().toISOString(), heartbeat_interval_secs: 1 }));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; subscription_id?: string };
        if (msg.type === 'subscribe') ws.send(JSON.stringify({ type: 'subscribed', subscription_id: msg.subscription_id, filters: {} }));
      });
    });
    const port = (wss.address() as { port: number }).port;
    const child = spawn(process.execPath, [CLI, 'tail', '--url', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += String(d); });
    const exit = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
    await waitFor(() => connections >= 2, 'tail to give up the silent connection and reconnect', 30_000);
    expect(err).toMatch(/^incident-relay tail: connection lost \(no heartbeat from the server for 3 s\); reconnecting in \d+\.\d s\n/);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
