// POST /v1/events and /v1/alerts: auth, validation with field paths, batches, and that refused input publishes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

let h: Harness;
let c: TestClient;
beforeAll(async () => {
  h = await startServer({});
  c = await TestClient.connect(h.wsUrl);
  await c.subscribe('all');
});
afterAll(async () => {
  c.close();
  await h.stop();
});

const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

describe('POST /v1/events', () => {
  it('refuses a missing or wrong token with 401', async () => {
    expect((await h.publish(created(incident()), null)).status).toBe(401);
    expect((await h.publish(created(incident()), 'not-the-token-at-all')).status).toBe(401);
  });

  it('answers invalid bodies with 400 and the field path, publishing nothing', async () => {
    const before = h.server.eventStats().total_events;
    const bad = created(incident());
    (bad as { incident: { severity: string } }).incident.severity = 'P9';
    const r1 = await h.publish({ events: [created(incident()), bad] });
    expect(r1.status).toBe(400);
    expect(errorOf(r1.json)).toMatchObject({ code: 'invalid_message' });
    expect(errorOf(r1.json).message).toMatch(/events\.1\.incident\.severity/);
    const r2 = await h.publish('{"event_type":');
    expect(r2.status).toBe(400);
    expect(errorOf(r2.json).code).toBe('invalid_json');
    const r3 = await h.publish({ events: [] });
    expect(r3.status).toBe(400);
    const r4 = await h.publish([1, 2]);
    expect(r4.status).toBe(400);
    expect(h.server.eventStats().total_events).toBe(before);
  });

  it('refuses bodies over the 1 MiB limit with 413', async () => {
    const r = await h.publish(created(incident({ description: 'x'.repeat(1_100_000) })));
    expect(r.status).toBe(413);
  });

  it('publishes a batch in order and returns ids in the same order', async () => {
    const from = c.frames.length;
    const evs = [1, 2, 3].map((k) => created(incident({ title: `batch ${k}` })));
    const r = await h.publish({ events: evs });
    expect(r.status).toBe(202);
    const ids = (r.json as { message_ids: string[] }).message_ids;
    expect(ids).toHaveLength(3);
    await c.next((f) => f.type === 'event' && f.message_id === ids[2], from);
    expect(c.events(from).map((f) => f.message_id)).toEqual(ids);
  });

  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
    const r = await fetch(`${h.url}/v1/events`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('refuses a foreign Origin or Host with 403', async () => {
    expect((await h.publish(created(incident()), TEST_TOKEN, { Origin: 'http://localhost.evil.com' })).status).toBe(403);
    expect((await h.publish(created(incident()), TEST_TOKEN, { Origin: 'null' })).status).toBe(403);
    expect((await h.publish(created(incident()), TEST_TOKEN, { Origin: 'http://localhost:5173' })).status).toBe(403);
    expect((await h.publish(created(incident()), TEST_TOKEN, { Origin: `http://localhost:${new URL(h.url).port}` })).status).toBe(202);
  });
});

describe('POST /v1/alerts', () => {
  it('publishes alert_received and replies with the alert id', async () => {
    const from = c.frames.length;
    const res = await fetch(`${h.url}/v1/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` },
      body: JSON.stringify({ source: 'llm-sentinel', title: 'Latency', description: 'p99 up', severity: 'P1', alert_type: 'Performance' }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { alert_id: string; status: string };
    const ev = await c.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'alert_received', from);
    expect((ev.event as { alert: { id: string } }).alert.id).toBe(body.alert_id);
  });

  it('names the bad field of an invalid submission', async () => {
    const res = await fetch(`${h.url}/v1/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` },
      body: JSON.stringify({ source: 's', title: 't', description: 'd', severity: 'high', alert_type: 'Performance' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/severity/);
  });
});
