// JWT auth: every supported algorithm and key source accepts its tokens; scopes, exp tolerance, expiry close and refresh.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src-main/server/config/load.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import { createCoreServer } from '../../src-main/server/server.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { claims, hsKey, makeKeyPair, secsFromNow, signWith, type KeyPair } from './support/jwt-keys.js';

const SECRET = 'an-hs256-shared-secret-of-at-least-32-chars';
let dir: string;
const keys: Record<string, KeyPair> = {};
let harness: Harness | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ir-jwt-'));
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) keys[alg] = await makeKeyPair(alg, dir);
  writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function serve(config: ConfigInput): Promise<Harness> {
  harness = await startServer({ require_auth_for_read: true, ...config });
  return harness;
}

const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });

describe('each algorithm and key source accepts a correctly signed token', () => {
  const cases: { name: string; config: () => ConfigInput; sign: (p: ReturnType<typeof claims>) => Promise<string> }[] = [
    { name: 'HS256 with jwt_secret', config: () => ({ jwt_algorithm: 'HS256', jwt_secret: SECRET }), sign: (p) => signWith(hsKey(SECRET), 'HS256', p) },
    { name: 'HS256 with jwt_secret_file', config: () => ({ jwt_algorithm: 'HS256', jwt_secret_file: join(dir, 'secret.txt') }), sign: (p) => signWith(hsKey(SECRET), 'HS256', p) },
    ...(['RS256', 'ES256', 'EdDSA'] as const).flatMap((alg) => [
      { name: `${alg} with a PEM public key`, config: () => ({ jwt_algorithm: alg, jwt_public_key_file: keys[alg]!.pemFile }), sign: (p: ReturnType<typeof claims>) => signWith(keys[alg]!.privateKey, alg, p) },
      { name: `${alg} with a JWKS file`, config: () => ({ jwt_algorithm: alg, jwt_jwks_file: keys[alg]!.jwksFile }), sign: (p: ReturnType<typeof claims>) => signWith(keys[alg]!.privateKey, alg, p, 'k1') },
    ]),
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const h = await serve(c.config());
      const token = await c.sign(claims({ scope: 'subscribe publish' }));
      const client = await TestClient.connect(h.wsUrl, bearer(token));
      try {
        await client.subscribe('all');
        const published = await h.publish(created(incident({ title: 'jwt delivery' })), token);
        expect(published.status).toBe(202);
        const ev = await client.next((f) => f.type === 'event');
        expect((ev.event as { incident: { title: string } }).incident.title).toBe('jwt delivery');
      } finally {
        client.close();
      }
    });
  }
});

describe('scopes and expiry', () => {
  it('reads scope as a space-separated string or an array, admin implies every scope, publish implies respond', async () => {
    const h = await serve({ jwt_algorithm: 'HS256', jwt_secret: SECRET, jwt_clock_tolerance_secs: 0 });
    const exp = secsFromNow(600);
    const client = await TestClient.connect(h.wsUrl, bearer(await signWith(hsKey(SECRET), 'HS256', claims({ scope: ['subscribe'], exp }))));
    try {
      const asArray = await client.request({ type: 'auth', token: await signWith(hsKey(SECRET), 'HS256', claims({ scope: ['subscribe', 'publish'], exp })) }, 'authenticated');
      expect(asArray).toMatchObject({ type: 'authenticated', expires_at: new Date(exp * 1000).toISOString() });
      expect(new Set(asArray.scopes as string[])).toEqual(new Set(['subscribe', 'publish', 'respond']));
      const admin = await client.request({ type: 'auth', token: await signWith(hsKey(SECRET), 'HS256', claims({ scope: 'admin', exp })) }, 'authenticated');
      expect(new Set(admin.scopes as string[])).toEqual(new Set(['subscribe', 'publish', 'respond', 'admin']));
    } finally {
      client.close();
    }
    const readOnly = await signWith(hsKey(SECRET), 'HS256', claims({ scope: 'subscribe' }));
    expect((await h.publish(created(incident()), readOnly)).status).toBe(403);
  });

  it('accepts a token expired by less than the clock tolerance, and lives until exp plus the tolerance', async () => {
    const h = await serve({ jwt_algorithm: 'HS256', jwt_secret: SECRET, jwt_clock_tolerance_secs: 60 });
    const exp = secsFromNow(-5);
    const client = await TestClient.connect(h.wsUrl, bearer(await signWith(hsKey(SECRET), 'HS256', claims({ exp }))));
    try {
      const r = await client.request({ type: 'auth', token: await signWith(hsKey(SECRET), 'HS256', claims({ exp })) }, 'authenticated');
      expect(r).toMatchObject({ type: 'authenticated', expires_at: new Date((exp + 60) * 1000).toISOString() });
    } finally {
      client.close();
    }
  });

  it('closes a session whose token expires with closing {token_expired} and 1008', async () => {
    const h = await serve({ jwt_algorithm: 'HS256', jwt_secret: SECRET, jwt_clock_tolerance_secs: 0 });
    const client = await TestClient.connect(h.wsUrl, bearer(await signWith(hsKey(SECRET), 'HS256', claims({ exp: secsFromNow(2) }))));
    try {
      const closing = await client.next((f) => f.type === 'closing', 0, 6000);
      expect(closing).toMatchObject({ reason: 'token_expired' });
      expect(await client.waitClose()).toBe(1008);
    } finally {
      client.close();
    }
  });

  it('keeps a session open past the first exp after an in-band refresh', async () => {
    const h = await serve({ jwt_algorithm: 'HS256', jwt_secret: SECRET, jwt_clock_tolerance_secs: 0 });
    const firstExp = secsFromNow(2);
    const client = await TestClient.connect(h.wsUrl, bearer(await signWith(hsKey(SECRET), 'HS256', claims({ exp: firstExp }))));
    try {
      const r = await client.request({ type: 'auth', token: await signWith(hsKey(SECRET), 'HS256', claims({ exp: secsFromNow(3600) })) }, 'authenticated');
      expect(r.type).toBe('authenticated');
      while (Date.now() < firstExp * 1000 + 500) await new Promise((res) => setTimeout(res, 100));
      const pong = await client.request({ type: 'ping', timestamp: 'still-here' }, 'pong');
      expect(pong).toMatchObject({ type: 'pong', timestamp: 'still-here' });
      expect(client.frames.some((f) => f.type === 'closing')).toBe(false);
    } finally {
      client.close();
    }
  });
});

describe('JWT configuration errors stop start-up with the key named', () => {
  const build = (input: ConfigInput) => parseConfig({ port: 0, journal: 'memory', log_level: 'silent', ...input });

  it('refuses a key source that does not fit the algorithm', () => {
    expect(() => createCoreServer(build({ jwt_algorithm: 'RS256', jwt_secret: SECRET }))).toThrow(/jwt_algorithm RS256 needs exactly one of jwt_public_key_file, jwt_jwks_file/);
    expect(() => createCoreServer(build({ jwt_algorithm: 'HS256', jwt_public_key_file: keys.RS256!.pemFile }))).toThrow(/jwt_secret, jwt_secret_file/);
    expect(() => createCoreServer(build({ jwt_secret: SECRET }))).toThrow(/without jwt_algorithm/);
  });

  it('refuses a missing key file and a PEM of another algorithm', async () => {
    expect(() => createCoreServer(build({ jwt_algorithm: 'RS256', jwt_public_key_file: join(dir, 'nope.pem') }))).toThrow(/jwt_public_key_file: cannot read .*nope\.pem/);
    const server = createCoreServer(build({ jwt_algorithm: 'RS256', jwt_public_key_file: keys.ES256!.pemFile }));
    await expect(server.start()).rejects.toThrow(/jwt_public_key_file is not a RS256 public key/);
    await server.stop();
  });

  it('refuses a short HS256 secret', () => {
    expect(() => build({ jwt_algorithm: 'HS256', jwt_secret: 'short' })).toThrow(/jwt_secret/);
  });
});
