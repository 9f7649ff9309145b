// A stop never hangs: a socket an upgrade route keeps open (or a client that never finishes) is destroyed after the grace.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type Harness } from '../support/server-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop().catch(() => undefined);
  h = undefined;
});

describe('endpoint close', () => {
  it('destroys a connection an upgrade route kept open, so the server stops', async () => {
    h = await startServer({}, {
      upgradeRoutes: {
        // Switches protocols and then never ends the socket: a route with a bug, or a peer that never answers a close.
        '/hold': (_req, socket) => void socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: hold\r\nConnection: Upgrade\r\n\r\n'),
      },
    });
    const port = Number(new URL(h.url).port);
    const client = connect(port, '127.0.0.1');
    let answer = '';
    client.on('data', (d: Buffer) => { answer += d.toString(); });
    const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.write(`GET /hold HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: hold\r\nConnection: Upgrade\r\n\r\n`);
    await expect.poll(() => answer, { timeout: 10_000 }).toMatch(/^HTTP\/1\.1 101/);

    const server = h;
    h = undefined;
    await server.stop(); // hung forever before: the listener waited for that socket to end
    await clientClosed;
    expect(client.destroyed).toBe(true);
  }, 30_000);
});
