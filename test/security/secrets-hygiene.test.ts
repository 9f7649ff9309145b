// Secrets hygiene: the publish token file is 0600 in a 0700 directory, and no token shows in logs, metrics, /health or errors.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBPROTOCOL } from '../../src-shared/protocol/index.js';
import { loadOrCreatePublishToken, rotatePublishToken } from '../../src-main/server/auth/publish-token.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { eavesdrop } from './support/eavesdrop.js';
import { claims, hsKey, secsFromNow, signWith } from './support/jwt-keys.js';
import { probe, upgradeProbe } from './support/http-probe.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('publish token file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ir-token-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created with mode 0600 in a data directory created with mode 0700', () => {
    const dataDir = join(dir, 'fresh', 'data');
    const t = loadOrCreatePublishToken(dataDir);
    expect(t.created).toBe(true);
    expect(mode(t.path)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    expect(Buffer.from(t.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(t.path, 'utf8').trim()).toBe(t.token);
  });

  it('is tightened to 0600 when found readable by others, and stays 0600 after rotation', () => {
    const dataDir = join(dir, 'loose');
    mkdirSync(dataDir);
    const path = join(dataDir, 'publish-token');
    writeFileSync(path, 'a-token-that-was-written-by-hand-0123\n');
    chmodSync(path, 0o644);
    const t = loadOrCreatePublishToken(dataDir);
    expect([t.created, t.token, mode(path)]).toEqual([false, 'a-token-that-was-written-by-hand-0123', 0o600]);
    chmodSync(path, 0o666);
    const r = rotatePublishToken(dataDir);
    expect(r.token).not.toBe(t.token);
    expect(mode(path)).toBe(0o600);
  });
});

describe('no token in logs, metrics, /health or error messages', () => {
  const API_TOKEN = 'api-token-SECRET-abcdefghijklmnop';
  const JWT_SECRET = 'jwt-shared-SECRET-0123456789abcdefghij';
  const WRONG = 'wrong-token-SECRET-zyxwvutsrqponm';
  const logs: string[] = [];
  const seen: string[] = [];
  let h: Harness;
  let goodJwt: string;
  let expiredJwt: string;

  beforeAll(async () => {
    h = await startServer(
      { log_level: 'debug', api_tokens: [{ token: API_TOKEN, scopes: ['subscribe'] }], jwt_algorithm: 'HS256', jwt_secret: JWT_SECRET },
      { logger: createLogger('debug', (l) => logs.push(l)) },
    );
    goodJwt = await signWith(hsKey(JWT_SECRET), 'HS256', claims());
    expiredJwt = await signWith(hsKey(JWT_SECRET), 'HS256', claims({ exp: secsFromNow(-3600) }));
  });
  afterAll(async () => h?.stop());

  it('after every kind of use and misuse of tokens, none of them appears anywhere the server writes', async () => {
    const port = Number(new URL(h.url).port);
    const record = (r: { status: number; body: string; headers: Record<string, unknown> }) => seen.push(JSON.stringify(r));
    for (const token of [TEST_TOKEN, API_TOKEN, goodJwt, expiredJwt, WRONG]) {
      const body = JSON.stringify(created(incident()));
      record(await probe({ port, path: '/v1/events', method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }));
      record(await probe({ port, path: `/v1/events?token=${token}`, method: 'POST', body, headers: { 'Content-Type': 'application/json' } }));
      record(await probe({ port, path: `/nowhere?token=${token}`, headers: { Authorization: `Bearer ${token}` } }));
      record(await probe({ port, path: '/metrics', headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' } }));
      record(await upgradeProbe({ port, headers: { 'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, bearer.${token}` } }));
      record(await upgradeProbe({ port, path: `/ws?token=${token}`, headers: { Authorization: `Bearer ${token}` } }));
      const spy = await eavesdrop(`${h.wsUrl}?access_token=${token}`, { protocols: [SUBPROTOCOL, `bearer.${token}`] });
      spy.close();
    }
    const client = await TestClient.connect(h.wsUrl);
    try {
      for (const token of [TEST_TOKEN, API_TOKEN, goodJwt, expiredJwt, WRONG]) await client.request({ type: 'auth', token }, 'authenticated');
      await client.request({ type: 'auth', token: 42 }, 'authenticated');
      await client.request({ type: 'subscribe', subscription_id: WRONG, filters: { severities: [WRONG] } }, 'subscribed');
      seen.push(...client.frames.filter((f) => f.type === 'error').map((f) => JSON.stringify(f)));
    } finally {
      client.close();
    }
    for (const path of ['/health', '/health/live', '/health/ready', '/metrics']) record(await probe({ port, path, headers: { Authorization: `Bearer ${TEST_TOKEN}` } }));

    expect(logs.some((l) => l.includes('jwt refused') && l.includes('ERR_JWT_EXPIRED'))).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(38);
    const haystack = [...logs, ...seen].join('\n');
    for (const secret of [TEST_TOKEN, API_TOKEN, JWT_SECRET, goodJwt, expiredJwt, goodJwt.split('.')[2]!]) expect(haystack).not.toContain(secret);
    // The wrong token is the client's own input; it must not be logged, though the refused subscription id echoes it back as `ref`.
    expect(logs.join('\n')).not.toContain(WRONG);
  });
});
