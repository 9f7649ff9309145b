// Admission that keeps serving: with hundreds of idle or trickling sockets held open, a 1,000-client reconnect storm
// and /health probes all get in (the pending-handshake cap sheds the oldest handshakes, not the new arrivals).
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServe, type ServeProcess } from '../support/cli-process.js';

const STALLED = 300;
const CLIENTS = 1000;
const PROBES = 20;

let serve: ServeProcess | undefined;
const held: Socket[] = [];
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  for (const c of clients.splice(0)) c.terminate();
  await serve?.stop('SIGKILL');
  serve = undefined;
});

/** Half send nothing at all; half trickle a request head that never ends (one header line a second). */
function stall(port: number, trickle: boolean): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      if (trickle) s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      resolve();
    });
    held.push(s);
    s.on('error', () => undefined);
    if (trickle) {
      const t = setInterval(() => (s.writable ? s.write('X-Slow: y\r\n') : clearInterval(t)), 1000);
      s.on('close', () => clearInterval(t));
    }
  });
}

/** A fresh connection each time (no keep-alive pool): the status, or the error's code. */
const probeHealth = (port: number): Promise<number | string> => new Promise((resolve) => {
  get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
    res.resume();
    resolve(res.statusCode ?? 0);
  }).on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
});

/** Opens a WebSocket and waits for `welcome`: 'in', or why it did not get in. */
const joinStorm = (port: number): Promise<string> => new Promise((resolve) => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  clients.push(ws);
  ws.once('message', (data) => resolve((JSON.parse(String(data)) as { type: string }).type === 'welcome' ? 'in' : 'no welcome'));
  ws.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  ws.once('close', (code) => resolve(`closed ${code}`));
});

describe('admission under a reconnect storm', () => {
  it(`${STALLED} stalled sockets held open, then ${CLIENTS} clients at once and ${PROBES} /health probes: every one gets in`, async () => {
    serve = await startServe(); // default limits
    const { port } = serve;
    await Promise.all(Array.from({ length: STALLED }, (_, i) => stall(port, i % 2 === 1)));
    const storm = Promise.all(Array.from({ length: CLIENTS }, () => joinStorm(port)));
    const probes = Promise.all(Array.from({ length: PROBES }, () => probeHealth(port)));
    const [joined, healthy] = await Promise.all([storm, probes]);
    const tally = (xs: (string | number)[]) => Object.fromEntries([...new Set(xs)].map((x) => [x, xs.filter((y) => y === x).length]));
    expect(tally(joined)).toEqual({ in: CLIENTS });
    expect(tally(healthy)).toEqual({ 200: PROBES });
  }, 120_000);
});
