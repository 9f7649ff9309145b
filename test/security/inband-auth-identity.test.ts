// In-band `auth`: a refused token leaves the session exactly as it was (its scopes and its expiry), and an accepted
// one replaces both, including replacing an expiring JWT with a static token that never expires.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { claims, hsKey, secsFromNow, signWith } from './support/jwt-keys.js';

const SECRET = 'inband-auth-secret-0123456789-abcdefghij';
const API_TOKEN = 'inband-api-token-0123456789abcdefghij';
const jwt = (over: Record<string, unknown> = {}, secret = SECRET) => signWith(hsKey(secret), 'HS256', claims({ scope: 'subscribe', ...over }));

let h: Harness | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await h?.stop();
  h = undefined;
});

async function connect(config: ConfigInput, token?: string): Promise<TestClient> {
  h = await startServer({ jwt_algorithm: 'HS256', jwt_secret: SECRET, jwt_clock_tolerance_secs: 0, api_tokens: [{ token: API_TOKEN, scopes: ['subscribe'] }], ...config });
  client = await TestClient.connect(h.wsUrl, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return client;
}

const REFUSED = [
  { name: 'a JWT signed with another secret', token: () => jwt({ exp: secsFromNow(3600) }, 'another-secret-0123456789-abcdefghijklmn') },
  { name: 'a JWT with no known scope', token: () => jwt({ scope: 'root', exp: secsFromNow(3600) }) },
  { name: 'an expired JWT', token: () => jwt({ exp: secsFromNow(-60) }) },
  { name: 'garbage', token: async () => 'not.a.jwt' },
];

describe('a refused in-band auth keeps the old credentials', () => {
  it.each(REFUSED)('$name: error unauthorized, and the old token still expires on time (closing token_expired, 1008)', async ({ token }) => {
    const c = await connect({ require_auth_for_read: true }, await jwt({ exp: secsFromNow(3) }));
    expect(await c.request({ type: 'auth', token: await token() }, 'authenticated')).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect((await c.request({ type: 'subscribe', subscription_id: 'after-refusal' }, 'subscribed')).type).toBe('subscribed');
    expect(await c.next((f) => f.type === 'closing', 0, 8000)).toMatchObject({ reason: 'token_expired' });
    expect(await c.waitClose()).toBe(1008);
    expect(c.frames.some((f) => f.type === 'authenticated')).toBe(false);
  });

  it('an anonymous loopback session stays anonymous and open after refused tokens', async () => {
    const c = await connect({});
    for (const r of REFUSED) expect(await c.request({ type: 'auth', token: await r.token() }, 'authenticated')).toMatchObject({ code: 'unauthorized' });
    expect((await c.request({ type: 'subscribe', subscription_id: 'still-anonymous' }, 'subscribed')).type).toBe('subscribed');
    expect((await c.request({ type: 'ping', timestamp: 'open' }, 'pong')).timestamp).toBe('open');
  });

  it('a refused auth sent right after an accepted one does not undo it', async () => {
    const c = await connect({ require_auth_for_read: true }, await jwt({ exp: secsFromNow(2) }));
    c.send({ type: 'auth', token: await jwt({ exp: secsFromNow(3600) }) });
    c.send({ type: 'auth', token: 'not.a.jwt' });
    await c.next((f) => f.type === 'error' && f.code === 'unauthorized');
    expect((await c.next((f) => f.type === 'authenticated')).expires_at).not.toBeNull();
    await new Promise((r) => setTimeout(r, 3000));
    expect((await c.request({ type: 'ping', timestamp: 'refreshed' }, 'pong')).timestamp).toBe('refreshed');
    expect(c.frames.some((f) => f.type === 'closing')).toBe(false);
  });
});

describe('an accepted in-band auth replaces the credentials', () => {
  it('a static API token replaces an expiring JWT: expires_at null, and the session outlives the JWT', async () => {
    const c = await connect({ require_auth_for_read: true }, await jwt({ exp: secsFromNow(2) }));
    expect(await c.request({ type: 'auth', token: API_TOKEN }, 'authenticated')).toMatchObject({ type: 'authenticated', expires_at: null, scopes: ['subscribe'] });
    await new Promise((r) => setTimeout(r, 3000));
    expect((await c.request({ type: 'ping', timestamp: 'static' }, 'pong')).timestamp).toBe('static');
    expect(c.frames.some((f) => f.type === 'closing')).toBe(false);
  });

  it('a JWT replacing a static token arms its expiry', async () => {
    const c = await connect({ require_auth_for_read: true }, API_TOKEN);
    expect((await c.request({ type: 'auth', token: await jwt({ exp: secsFromNow(2) }) }, 'authenticated')).type).toBe('authenticated');
    expect(await c.next((f) => f.type === 'closing', 0, 8000)).toMatchObject({ reason: 'token_expired' });
    expect(await c.waitClose()).toBe(1008);
  });
});
