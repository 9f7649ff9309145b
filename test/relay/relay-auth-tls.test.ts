// Credentials and certificates: 401/403 stop fast retrying and say so; wss checks certificates, a CA file extends trust.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { startServer } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { FAST_TIMINGS, numbered, publishEvents, receivedNumbers, sleep, startRelayedLocal, waitFor } from './relay-harness.js';

const cleanups = cleanupsAfterEach();

const SUBSCRIBE_TOKEN = 'subscribe-only-token-0123456789';
const PUBLISH_ONLY_TOKEN = 'publish-only-token-0123456789ab';

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with the openssl program. */
function makeCertificates(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Relay Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
  return { caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}

/** Terminates TLS in front of a plain server, as a reverse proxy would. */
async function startTlsFront(targetPort: number, key: Buffer, cert: Buffer): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const front = tls.createServer({ key, cert }, (secure) => {
    const plain = net.connect(targetPort, '127.0.0.1');
    sockets.add(secure).add(plain);
    secure.pipe(plain).pipe(secure);
    const end = () => {
      secure.destroy();
      plain.destroy();
    };
    secure.on('error', end).on('close', end);
    plain.on('error', end).on('close', end);
  });
  front.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    port: (front.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

describe('relay credentials', () => {
  it('stops fast retrying on 401 and 403 and says why, while a good token connects', async () => {
    const upstream = await startServer({
      require_auth_for_read: true,
      api_tokens: [{ token: SUBSCRIBE_TOKEN, scopes: ['subscribe'] }, { token: PUBLISH_ONLY_TOKEN, scopes: ['publish'] }],
    });
    cleanups.push(() => upstream.stop());
    const { local, relay, stop } = await startRelayedLocal([
      { url: upstream.wsUrl, name: 'no-token' },
      { url: upstream.wsUrl, name: 'wrong-scope', token: PUBLISH_ONLY_TOKEN },
      { url: upstream.wsUrl, name: 'good', token: SUBSCRIBE_TOKEN },
    ]);
    cleanups.push(stop);
    await waitFor(() => relay.status('no-token')?.state === 'failed_auth' && relay.status('wrong-scope')?.state === 'failed_auth', 'both refusals');
    await waitFor(() => relay.status('good')?.state === 'connected', 'the good token to connect');
    await sleep(10 * FAST_TIMINGS.backoffBaseMs!); // ten backoff bases: a fast retry loop would have tried again

    const noToken = relay.status('no-token')!;
    expect(noToken.reconnects).toBe(0);
    expect(noToken.lastError).toMatch(/HTTP 401/);
    expect(noToken.detail).toMatch(/not retrying fast/);
    expect(Date.parse(noToken.nextRetryAt!) - Date.now()).toBeGreaterThan(FAST_TIMINGS.authRetryMs! / 2);
    expect(relay.status('wrong-scope')).toMatchObject({ state: 'failed_auth', reconnects: 0, lastError: expect.stringMatching(/HTTP 403/) });

    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('everything');
    await publishEvents(upstream, [numbered(1), numbered(2)]);
    await waitFor(() => client.events().length >= 2, 'events through the good upstream');
    expect(receivedNumbers(client)).toEqual([1, 2]);
    expect(upstream.server.connectionStats().active_subscriptions).toBe(1);
  });
});

describe('relay over wss://', () => {
  it('refuses a certificate it cannot verify and accepts it with the configured CA file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { caFile, key, cert } = makeCertificates(dir);
    const upstream = await startServer();
    cleanups.push(() => upstream.stop());
    const front = await startTlsFront(Number(new URL(upstream.url).port), key, cert);
    cleanups.push(() => front.close());
    const url = `wss://127.0.0.1:${front.port}/ws`;
    const { local, relay, stop } = await startRelayedLocal([{ url, name: 'untrusted' }, { url, name: 'trusted', ca_file: caFile }]);
    cleanups.push(stop);

    await waitFor(() => relay.status('trusted')?.state === 'connected', 'the wss connection with the CA file');
    await waitFor(() => (relay.status('untrusted')?.reconnects ?? 0) >= 1, 'the untrusted upstream to fail and retry');
    const untrusted = relay.status('untrusted')!;
    expect(untrusted.state).not.toBe('connected');
    expect(untrusted.lastError).toMatch(/certificate/i);

    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('everything');
    await publishEvents(upstream, [numbered(7)]);
    await waitFor(() => client.events().length >= 1, 'an event over wss');
    expect(receivedNumbers(client)).toEqual([7]);
    expect(upstream.server.connectionStats().active_subscriptions).toBe(1);
  });

  it('reports an unreadable CA file instead of connecting without it', async () => {
    const { relay, stop } = await startRelayedLocal([{ url: 'wss://127.0.0.1:9/ws', name: 'bad-ca', ca_file: '/nonexistent/ca.pem' }]);
    cleanups.push(stop);
    await waitFor(() => relay.status('bad-ca')?.state === 'backing_off', 'the CA file error');
    expect(relay.status('bad-ca')!.lastError).toMatch(/cannot read the CA file \/nonexistent\/ca\.pem/);
  });
});
