// Bad tokens, each refused on every path (upgrade header, browser subprotocol, HTTP, in-band auth) without leaking an event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBPROTOCOL } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { eavesdrop } from './support/eavesdrop.js';
import { claims, hsKey, makeKeyPair, secsFromNow, signWith, unsignedToken, type KeyPair } from './support/jwt-keys.js';

const AUD = 'incident-relay';
const ISS = 'https://issuer.test';
let dir: string;
let rs: KeyPair;
let otherRs: KeyPair;
let es: KeyPair;
let h: Harness;
let watcher: TestClient;
const good = (over: Record<string, unknown> = {}) => signWith(rs.privateKey, 'RS256', claims({ aud: AUD, iss: ISS, ...over }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ir-badtok-'));
  rs = await makeKeyPair('RS256', dir);
  otherRs = await makeKeyPair('RS256', dir, 'other');
  es = await makeKeyPair('ES256', dir);
  h = await startServer({
    require_auth_for_read: true, jwt_algorithm: 'RS256', jwt_public_key_file: rs.pemFile,
    jwt_audience: AUD, jwt_issuer: ISS, jwt_clock_tolerance_secs: 5,
  });
  watcher = await TestClient.connect(h.wsUrl, { headers: { Authorization: `Bearer ${await good()}` } });
  await watcher.subscribe('all');
});
afterAll(async () => {
  watcher?.close();
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const BAD: { name: string; token: () => Promise<string> | string }[] = [
  { name: 'alg none', token: () => unsignedToken(claims({ aud: AUD, iss: ISS })) },
  { name: 'signed with the wrong RSA key', token: () => signWith(otherRs.privateKey, 'RS256', claims({ aud: AUD, iss: ISS })) },
  { name: 'HS256 signed with the server\'s RSA public key (algorithm confusion)', token: () => signWith(hsKey(rs.publicPem), 'HS256', claims({ aud: AUD, iss: ISS })) },
  { name: 'ES256 (an algorithm other than the pinned one)', token: () => signWith(es.privateKey, 'ES256', claims({ aud: AUD, iss: ISS })) },
  { name: 'expired an hour ago', token: () => good({ exp: secsFromNow(-3600) }) },
  { name: 'no exp claim', token: () => good({ exp: undefined }) },
  { name: 'not valid before an hour from now', token: () => good({ nbf: secsFromNow(3600) }) },
  { name: 'wrong aud', token: () => good({ aud: 'someone-else' }) },
  { name: 'wrong iss', token: () => good({ iss: 'https://evil.test' }) },
  { name: 'missing scope', token: () => good({ scope: undefined }) },
  { name: 'only unknown scopes', token: () => good({ scope: 'read write root' }) },
  { name: 'tampered payload', token: async () => { const [hd, , sig] = (await good()).split('.'); return `${hd}.${Buffer.from(JSON.stringify(claims({ aud: AUD, iss: ISS, scope: 'admin' }))).toString('base64url')}.${sig}`; } },
  { name: 'garbage', token: () => 'not-a-token-at-all-0123456789' },
];

/** Publishes a marker event and waits until the authorized watcher has it, so anything a bad client could get has been sent. */
async function publishMarker(title: string): Promise<void> {
  const from = watcher.frames.length;
  const r = await h.publish(created(incident({ title })));
  expect(r.status).toBe(202);
  await watcher.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === title, from);
}

describe('a good token is accepted on every path (control)', () => {
  it('header, subprotocol, HTTP and in-band auth', async () => {
    const token = await good();
    const viaHeader = await eavesdrop(h.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
    const viaProtocol = await eavesdrop(h.wsUrl, { protocols: [SUBPROTOCOL, `bearer.${token}`] });
    try {
      expect(viaHeader.opened && viaProtocol.opened).toBe(true);
      await publishMarker('control');
      await expect.poll(() => viaHeader.events.length + viaProtocol.events.length).toBe(2);
      expect((await h.publish(created(incident()), token)).status).toBe(202);
      expect((await watcher.request({ type: 'auth', token }, 'authenticated')).type).toBe('authenticated');
    } finally {
      viaHeader.close();
      viaProtocol.close();
    }
  });
});

describe.each(BAD)('token: $name', ({ token: make }) => {
  it('is refused on the upgrade (header and subprotocol) and receives no event', async () => {
    const token = await make();
    const viaHeader = await eavesdrop(h.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
    const viaProtocol = await eavesdrop(h.wsUrl, { protocols: [SUBPROTOCOL, `bearer.${token}`] });
    try {
      expect([viaHeader.opened, viaHeader.status, viaProtocol.opened, viaProtocol.status]).toEqual([false, 401, false, 401]);
      await publishMarker(`after ${token.slice(0, 12)}`);
      expect(viaHeader.events.length + viaProtocol.events.length).toBe(0);
    } finally {
      viaHeader.close();
      viaProtocol.close();
    }
  });

  it('is refused by HTTP publish (401) and nothing is published', async () => {
    const before = h.server.eventStats();
    const r = await h.publish(created(incident({ title: 'must not appear' })), await make());
    expect(r.status).toBe(401);
    expect(h.server.eventStats()).toEqual(before);
  });

  it('is refused by in-band auth, which keeps the session\'s old credentials', async () => {
    const r = await watcher.request({ type: 'auth', token: await make() }, 'authenticated');
    expect(r).toMatchObject({ type: 'error', code: 'unauthorized' });
    await publishMarker('still subscribed');
  });
});
