// More bad tokens: against an HS256 server with static API tokens (other HMAC algorithms, wrong secret, claim types,
// near-miss API tokens) and against a JWKS server (embedded jwk, jku, unknown kid). Each is refused on the upgrade
// (header and subprotocol), by HTTP publish and by in-band auth, and none of them receives an event.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, importSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBPROTOCOL } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { eavesdrop } from './support/eavesdrop.js';
import { claims, hsKey, makeKeyPair, signWith, type KeyPair } from './support/jwt-keys.js';

const AUD = 'incident-relay';
const ISS = 'https://issuer.test';
const SECRET = 'hs256-matrix-secret-0123456789-abcdefghij';
const API_TOKEN = 'api-token-matrix-0123456789abcdefghijkl';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A compact JWS made by hand, so headers jose refuses to sign (crit, other HMAC sizes) can be sent. */
function hmacToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[String(header.alg)] ?? 'sha256';
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

interface Target { h: Harness; watcher: TestClient }

async function open(config: Record<string, unknown>, goodToken: () => Promise<string>): Promise<Target> {
  // the matrix refuses over a hundred tokens from 127.0.0.1 on purpose: lift the failed-token slow-down (tested in http-hardening)
  const h = await startServer({ require_auth_for_read: true, jwt_audience: AUD, jwt_issuer: ISS, jwt_clock_tolerance_secs: 5, failed_auth_burst: 100_000, ...config });
  const watcher = await TestClient.connect(h.wsUrl, { headers: { Authorization: `Bearer ${await goodToken()}` } });
  await watcher.subscribe('all');
  return { h, watcher };
}

/** Publishes a marker and waits until the authorized watcher has it, so anything a refused client could get was sent. */
async function publishMarker(t: Target, title: string): Promise<void> {
  const from = t.watcher.frames.length;
  expect((await t.h.publish(created(incident({ title })))).status).toBe(202);
  await t.watcher.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === title, from);
}

/** `authCode`: the in-band refusal; a token longer than the auth message schema allows is `invalid_message`. */
async function expectRefusedEverywhere(t: Target, token: string, authCode = 'unauthorized'): Promise<void> {
  const viaHeader = await eavesdrop(t.h.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
  const viaProtocol = await eavesdrop(t.h.wsUrl, { protocols: [SUBPROTOCOL, `bearer.${token}`] });
  try {
    expect([viaHeader.opened, viaHeader.status, viaProtocol.opened, viaProtocol.status]).toEqual([false, 401, false, 401]);
    await publishMarker(t, `after ${token.slice(-12)}`);
    expect(viaHeader.events.length + viaProtocol.events.length).toBe(0);
  } finally {
    viaHeader.close();
    viaProtocol.close();
  }
  const before = t.h.server.eventStats();
  expect((await t.h.publish(created(incident({ title: 'must not appear' })), token)).status).toBe(401);
  expect(t.h.server.eventStats()).toEqual(before);
  expect(await t.watcher.request({ type: 'auth', token }, 'authenticated')).toMatchObject({ type: 'error', code: authCode });
  await publishMarker(t, `still subscribed ${token.slice(-12)}`);
}

describe('an HS256 server with static API tokens', () => {
  let t: Target;
  const good = (over: Record<string, unknown> = {}) => signWith(hsKey(SECRET), 'HS256', claims({ aud: AUD, iss: ISS, ...over }));
  const base = (over: Record<string, unknown> = {}) => claims({ aud: AUD, iss: ISS, ...over }) as Record<string, unknown>;

  beforeAll(async () => {
    t = await open({ jwt_algorithm: 'HS256', jwt_secret: SECRET, api_tokens: [{ token: API_TOKEN, scopes: ['subscribe'] }] }, () => good());
  });
  afterAll(async () => {
    t?.watcher.close();
    await t?.h.stop();
  });

  it('accepts the controls: a good JWT and the API token on the upgrade, and the API token cannot publish (403)', async () => {
    for (const token of [await good(), API_TOKEN]) {
      const spy = await eavesdrop(t.h.wsUrl, { protocols: [SUBPROTOCOL, `bearer.${token}`] });
      spy.close();
      expect(spy.opened).toBe(true);
    }
    const before = t.h.server.eventStats();
    expect((await t.h.publish(created(incident()), API_TOKEN)).status).toBe(403);
    expect(t.h.server.eventStats()).toEqual(before);
  });

  const BAD: { name: string; token: () => Promise<string> | string; authCode?: string }[] = [
    { name: 'signed with another secret', token: () => signWith(hsKey('another-secret-of-forty-characters-000000'), 'HS256', base()) },
    { name: 'HS384 with the right secret (algorithm not pinned)', token: () => hmacToken({ alg: 'HS384', typ: 'JWT' }, base(), SECRET) },
    { name: 'HS512 with the right secret (algorithm not pinned)', token: () => hmacToken({ alg: 'HS512', typ: 'JWT' }, base(), SECRET) },
    { name: 'alg none with the right claims', token: () => `${b64({ alg: 'none' })}.${b64(base())}.` },
    { name: 'signature stripped', token: async () => `${(await good()).split('.').slice(0, 2).join('.')}.` },
    { name: 'an unknown critical header', token: () => hmacToken({ alg: 'HS256', crit: ['x-evil'], 'x-evil': true }, base(), SECRET) },
    { name: 'no aud claim', token: () => good({ aud: undefined }) },
    { name: 'no iss claim', token: () => good({ iss: undefined }) },
    { name: 'aud list without ours', token: () => good({ aud: ['a', 'b'] }) },
    { name: 'exp as a string', token: () => hmacToken({ alg: 'HS256' }, base({ exp: '9999999999' }), SECRET) },
    { name: 'scope empty', token: () => good({ scope: '' }) },
    { name: 'scope as a number', token: () => good({ scope: 7 }) },
    { name: 'scope as an object', token: () => good({ scope: { subscribe: true, publish: true } }) },
    { name: 'scopes only in another claim', token: () => good({ scope: undefined, scp: ['subscribe', 'publish'], roles: ['admin'] }) },
    { name: 'over the length limit', token: () => good({ pad: 'x'.repeat(9000) }), authCode: 'invalid_message' },
    { name: 'the API token minus its last character', token: () => API_TOKEN.slice(0, -1) },
    { name: 'the API token plus a character', token: () => `${API_TOKEN}x` },
    { name: 'the API token in upper case', token: () => API_TOKEN.toUpperCase() },
    { name: 'the JWT secret itself', token: () => SECRET },
  ];

  it.each(BAD)('refuses $name everywhere and leaks no event', async ({ token, authCode }) => {
    await expectRefusedEverywhere(t, await token(), authCode);
  });
});

describe('an RS256 server with a JWKS file', () => {
  let dir: string;
  let rs: KeyPair;
  let attacker: KeyPair;
  let t: Target;
  const payload = () => claims({ aud: AUD, iss: ISS });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-jwks-matrix-'));
    rs = await makeKeyPair('RS256', dir);
    attacker = await makeKeyPair('RS256', dir, 'attacker');
    t = await open({ jwt_algorithm: 'RS256', jwt_jwks_file: rs.jwksFile }, () => signWith(rs.privateKey, 'RS256', payload(), 'k1'));
  });
  afterAll(async () => {
    t?.watcher.close();
    await t?.h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const attackerJwk = async () => ({ ...(await exportJWK(await importSPKI(attacker.publicPem, 'RS256', { extractable: true }))), kid: 'k1' });
  const signedByAttacker = (header: Record<string, unknown>) => new SignJWT(payload()).setProtectedHeader({ alg: 'RS256', ...header }).sign(attacker.privateKey);

  const BAD: { name: string; token: () => Promise<string> }[] = [
    { name: 'kid k1 signed with another key', token: () => signedByAttacker({ kid: 'k1' }) },
    { name: 'an unknown kid', token: () => signedByAttacker({ kid: 'k2' }) },
    { name: 'the attacker key embedded as a jwk header', token: async () => signedByAttacker({ kid: 'k1', jwk: await attackerJwk() }) },
    { name: 'a jku header pointing at the attacker', token: () => signedByAttacker({ kid: 'k1', jku: 'http://127.0.0.1:1/jwks.json' }) },
    { name: 'an x5u header pointing at the attacker', token: () => signedByAttacker({ x5u: 'http://127.0.0.1:1/cert.pem' }) },
    { name: 'HS256 keyed with the JWKS file text', token: async () => hmacToken({ alg: 'HS256', kid: 'k1' }, payload() as Record<string, unknown>, readFileSync(rs.jwksFile, 'utf8')) },
  ];

  it.each(BAD)('refuses $name everywhere and leaks no event', async ({ token }) => {
    await expectRefusedEverywhere(t, await token());
  });
});
