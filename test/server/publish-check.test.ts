// The one publish validator: typed results for in-process callers (no HttpError), the same 400s on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEvents, checkPublishBody, HttpError, PublishRefusedError, sendJson } from '../../src-main/server/index.js';
import { IncidentLedger } from '../../src-main/ingest/incident-ledger.js';
import { publishStaged } from '../../src-main/ingest/ingest-host.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

const badSeverity = () => {
  const bad = created(incident());
  (bad as { incident: { severity: string } }).incident.severity = 'P9';
  return bad;
};

let h: Harness;
beforeAll(async () => { h = await startServer({}); });
afterAll(async () => { await h.stop(); });

describe('checkEvents / checkPublishBody', () => {
  it('returns the valid events, or a refusal naming the bad field, never throwing', () => {
    const good = created(incident());
    const ok = checkEvents([good]);
    expect(ok).toEqual({ ok: true, value: [good] });
    expect(checkEvents([good, badSeverity()])).toMatchObject({ ok: false, code: 'invalid_message', status: 400, message: expect.stringMatching(/^events\.1\.incident\.severity/) });
  });

  it('refuses body shapes the HTTP route refuses, with the same messages', () => {
    expect(checkPublishBody([1, 2])).toMatchObject({ ok: false, message: 'body must be an event object or {"events":[...]}' });
    expect(checkPublishBody({ events: 'x' })).toMatchObject({ ok: false, message: 'events: must be an array' });
    expect(checkPublishBody({ events: [] })).toMatchObject({ ok: false, message: 'events: must hold 1..1000 events, got 0' });
    const single = checkPublishBody(badSeverity());
    expect(single).toMatchObject({ ok: false, message: expect.stringMatching(/^incident\.severity/) });
    expect(checkPublishBody({ events: [created(incident())] })).toMatchObject({ ok: true });
  });
});

describe('server.publish in-process', () => {
  it('rejects invalid events with a PublishRefusedError (not an HttpError) and publishes nothing', async () => {
    const before = h.server.eventStats().total_events;
    const err: unknown = await h.server.publish([created(incident()), badSeverity()]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PublishRefusedError);
    expect(err).not.toBeInstanceOf(HttpError);
    expect((err as PublishRefusedError).refusal).toMatchObject({ ok: false, code: 'invalid_message', status: 400 });
    expect((err as PublishRefusedError).message).toMatch(/^events\.1\.incident\.severity/);
    expect(h.server.eventStats().total_events).toBe(before);
  });

  it('still answers 400 invalid_message when a route handler publishes invalid events', async () => {
    h.server.addRoutes({
      method: 'POST', path: '/test/publish-bad', scope: 'publish',
      async handle(_req, res) {
        await h.server.publish([badSeverity()]);
        sendJson(res, 202, {});
      },
    });
    const res = await fetch(`${h.url}/test/publish-bad`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_message', status: 400, message: expect.stringMatching(/^events\.0\.incident\.severity/) } });
  });
});

describe('ingest publishStaged', () => {
  it('answers 500 for events ingest built that the schema refuses, publishing nothing and settling the ledger', async () => {
    const before = h.server.eventStats().total_events;
    const ledger = new IncidentLedger(() => h.server.incidents);
    const staged = incident();
    ledger.stage(staged);
    const err: unknown = await publishStaged(h.server, ledger, [badSeverity()], [staged]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 500, code: 'internal_error' });
    expect(h.server.eventStats().total_events).toBe(before);
    expect(ledger.stagedCount()).toBe(0);
  });
});
