// Where a token may travel: Authorization header or the browser subprotocol `bearer.<token>`; never the query string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { eavesdrop } from './support/eavesdrop.js';
import { probe, upgradeProbe } from './support/http-probe.js';

let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startServer({ require_auth_for_read: true });
  port = Number(new URL(h.url).port);
});
afterAll(async () => h?.stop());

describe('browser subprotocol bearer.<token>', () => {
  it('admits the token and answers incident-relay.v1 only, never echoing the token', async () => {
    const r = await upgradeProbe({ port, headers: { 'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, bearer.${TEST_TOKEN}` } });
    expect(r.status).toBe(101);
    expect(r.headers['sec-websocket-protocol']).toBe(SUBPROTOCOL);
    const ws = new WebSocket(h.wsUrl, [SUBPROTOCOL, `bearer.${TEST_TOKEN}`]);
    try {
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      expect(ws.protocol).toBe(SUBPROTOCOL);
    } finally {
      ws.terminate();
    }
  });

  it('refuses a wrong token offered as a subprotocol (401)', async () => {
    const r = await upgradeProbe({ port, headers: { 'Sec-WebSocket-Protocol': `${SUBPROTOCOL}, bearer.wrong-token-0123456789abcdef` } });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('tokens in the query string are ignored', () => {
  it.each(['token', 'access_token', 'bearer', 'auth'])('/ws?%s=<valid token> is refused as having no token', async (name) => {
    const spy = await eavesdrop(`${h.wsUrl}?${name}=${TEST_TOKEN}`);
    try {
      expect([spy.opened, spy.status]).toEqual([false, 401]);
    } finally {
      spy.close();
    }
  });

  it('HTTP routes ignore ?token= as well', async () => {
    const before = h.server.eventStats().total_events;
    const post = await probe({
      port, path: `/v1/events?token=${TEST_TOKEN}`, method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(created(incident())),
    });
    expect(post.status).toBe(401);
    expect(h.server.eventStats().total_events).toBe(before);
    expect((await probe({ port, path: `/metrics?access_token=${TEST_TOKEN}` })).status).toBe(401);
    expect((await probe({ port, path: '/metrics', headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(200);
  });
});

describe('a token offered on an open loopback server', () => {
  it('is still checked: a wrong one is refused rather than treated as anonymous', async () => {
    const open = await startServer();
    try {
      const p = Number(new URL(open.url).port);
      expect((await upgradeProbe({ port: p })).status).toBe(101);
      expect((await upgradeProbe({ port: p, headers: { Authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    } finally {
      await open.stop();
    }
  });
});
