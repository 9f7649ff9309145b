// `tail --resume FILE` follows PROTOCOL 1.1 §5: an out_of_order event is printed but never becomes the resume point.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';
import { startGuideServer, type GuideServer } from '../relay/guide-server.js';
import { numbered, waitFor } from '../relay/relay-harness.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** Starts `tail --json --resume FILE` against the server; its stdout lines, and its exit. */
function startTail(server: GuideServer, resumeFile: string, extra: string[] = ['--no-reconnect']): { child: ChildProcess; lines(): string[]; exit: Promise<number | null> } {
  const url = server.wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
  const child = spawn(process.execPath, [CLI, 'tail', '--url', url, '--json', '--resume', resumeFile, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += String(d); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return { child, lines: () => out.split('\n').filter(Boolean), exit };
}

describe('tail --resume', () => {
  it('keeps the last in-order id in the resume file when an out_of_order event arrives, and resumes from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-tail-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const resumeFile = join(dir, 'resume');
    const server = await startGuideServer();
    cleanups.push(() => server.close());

    const first = startTail(server, resumeFile);
    await waitFor(() => server.subscribedClients() === 1, 'tail to subscribe');
    server.emit(numbered(1));
    server.emit(numbered(2), { outOfOrder: true });
    await waitFor(() => first.lines().length >= 2, 'tail to print both events');
    expect(first.lines().map((l) => (JSON.parse(l) as { message_id: string }).message_id)).toEqual(['evt-1', 'evt-2']);
    server.dropClients();
    await first.exit;
    expect(readFileSync(resumeFile, 'utf8')).toBe('evt-1');

    const second = startTail(server, resumeFile);
    await waitFor(() => server.subscribes.length === 2, 'tail to subscribe again');
    expect(server.subscribes[1]).toMatchObject({ resume_after: 'evt-1' });
    second.child.kill('SIGINT');
    await second.exit;
  });

  it('after a drop, reconnects from the last in-order id and does not print the overtaking event twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-tail-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // On every subscribe the server sends its latest event again, in order: here evt-2, which first came out_of_order.
    const server = await startGuideServer({ resendOnSubscribe: 1 });
    cleanups.push(() => server.close());
    const tail = startTail(server, join(dir, 'resume'), []);
    await waitFor(() => server.subscribedClients() === 1, 'tail to subscribe');
    server.emit(numbered(1));
    server.emit(numbered(2), { outOfOrder: true });
    await waitFor(() => tail.lines().length >= 2, 'tail to print both events');
    server.dropClients();
    await waitFor(() => server.subscribes.length === 2, 'tail to reconnect', 20_000);
    expect(server.subscribes[1]).toMatchObject({ resume_after: 'evt-1' });
    server.emit(numbered(3));
    await waitFor(() => tail.lines().some((l) => l.includes('"evt-3"')), 'the next event');
    expect(tail.lines().map((l) => (JSON.parse(l) as { message_id: string }).message_id)).toEqual(['evt-1', 'evt-2', 'evt-3']);
    tail.child.kill('SIGINT');
    expect(await tail.exit).toBe(0);
  });
});
