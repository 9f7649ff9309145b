// TLS for headless mode: tls_cert_file + tls_key_file serve https:// and wss://, checked with a real self-signed cert.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src-main/server/config/load.js';
import { createCoreServer } from '../../src-main/server/server.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { makeSelfSignedCert, type SelfSigned } from './support/tls-cert.js';

let dir: string;
let cert: SelfSigned;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ir-tls-'));
  cert = makeSelfSignedCert(dir);
  h = await startServer({ tls_cert_file: cert.certFile, tls_key_file: cert.keyFile });
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function httpsGet(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('TLS', () => {
  it('reports an https URL and serves /health over TLS to a client that trusts the certificate', async () => {
    expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsGet(`${h.url}/health`, cert.certPem);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'healthy' });
  });

  it('streams events over wss:// and accepts publishes over https://', async () => {
    expect(h.wsUrl).toMatch(/^wss:\/\//);
    const client = await TestClient.connect(h.wsUrl, { ca: cert.certPem });
    try {
      await client.subscribe('all');
      const res = await fetchOverTls(`${h.url}/v1/events`, JSON.stringify(created(incident({ title: 'over tls' }))));
      expect(res).toBe(202);
      const ev = await client.next((f) => f.type === 'event');
      expect((ev.event as { incident: { title: string } }).incident.title).toBe('over tls');
    } finally {
      client.close();
    }
  });

  it('refuses clients that do not trust the certificate, and plain-text HTTP on the TLS port', async () => {
    await expect(httpsGet(`${h.url}/health`)).rejects.toThrow(/self[- ]signed|certificate/i);
    const port = Number(new URL(h.url).port);
    const answer = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString('latin1')));
      s.on('close', () => resolve(text));
      s.on('error', () => resolve(text));
    });
    expect(answer).not.toContain('healthy');
  });

  it('stops start-up when only one TLS file is given or the files are not a certificate and key', async () => {
    const base = { port: 0, journal: 'memory' as const, log_level: 'silent' as const };
    const onlyCert = createCoreServer(parseConfig({ ...base, tls_cert_file: cert.certFile }), { publishToken: TEST_TOKEN });
    await expect(onlyCert.start()).rejects.toThrow(/tls_cert_file and tls_key_file must be given together/);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a pem');
    const bad = createCoreServer(parseConfig({ ...base, tls_cert_file: junk, tls_key_file: junk }), { publishToken: TEST_TOKEN });
    await expect(bad.start()).rejects.toThrow(/tls_cert_file\/tls_key_file: not a usable certificate and key/);
    const missing = createCoreServer(parseConfig({ ...base, tls_cert_file: join(dir, 'nope.pem'), tls_key_file: cert.keyFile }), { publishToken: TEST_TOKEN });
    await expect(missing.start()).rejects.toThrow(/tls_cert_file: cannot read/);
  });
});

/** POSTs with the test token over https, trusting the self-signed certificate. */
function fetchOverTls(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ca: cert.certPem, agent: false,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('TLS and the handshake deadline', () => {
  it('closes a TCP connection that never starts TLS, and leaves an established wss:// session alone', async () => {
    const timeoutMs = 1000;
    const tight = await startServer({ tls_cert_file: cert.certFile, tls_key_file: cert.keyFile, handshake_timeout_ms: timeoutMs });
    const client = await TestClient.connect(tight.wsUrl, { ca: cert.certPem });
    const silent = connect(Number(new URL(tight.url).port), '127.0.0.1');
    try {
      const closed = new Promise<boolean>((resolve) => {
        silent.on('close', () => resolve(true));
        setTimeout(() => resolve(false), timeoutMs + 2000);
      });
      silent.on('error', () => undefined);
      expect(await closed).toBe(true);
      expect((await client.request({ type: 'ping', timestamp: 'tls-alive' }, 'pong')).timestamp).toBe('tls-alive');
    } finally {
      silent.destroy();
      client.close();
      await tight.stop();
    }
  });
});
