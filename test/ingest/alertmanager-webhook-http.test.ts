// POST /v1/integrations/alertmanager on a real server: auth, one publish per firing, whole-payload rejection, 5xx on failure.
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerIncidentId } from '../../src-main/ingest/uuid-v5.js';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import type { NewJournalEntry } from '../../src-main/server/journal/journal.js';
import type { TestClient } from '../support/ws-client.js';
import { amAlert, amWebhook, eventTypesUntilMarker, startIngestServer, subscribeAll, type IngestHarness } from './ingest-harness.js';

const PATH = '/v1/integrations/alertmanager';
const ID = alertmanagerIncidentId('c0ffee0000000001');

/** A memory journal whose appends fail while `failing` is set (a full disk, say). */
class FlakyJournal extends MemoryJournal {
  failing = false;
  override append(batch: readonly NewJournalEntry[]) {
    if (this.failing) throw new Error('disk full');
    return super.append(batch);
  }
}

let h: IngestHarness | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await h?.stop();
  h = undefined;
});

describe('Alertmanager webhook over HTTP', () => {
  it('creates an incident on first firing and publishes nothing for nine repeats', async () => {
    h = await startIngestServer();
    client = await subscribeAll(h);
    const replies = [];
    for (let k = 0; k < 10; k++) replies.push(await h.request('POST', PATH, amWebhook([amAlert()])));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies[0]!.json).toMatchObject({ status: 'success', alerts: 1, created: 1, incident_ids: [ID] });
    expect(replies[0]!.json.message_ids).toHaveLength(3);
    expect(replies[9]!.json).toMatchObject({ created: 0, unchanged: 1, message_ids: [] });
    expect(await eventTypesUntilMarker(h, client)).toEqual(['alert_received', 'alert_converted', 'incident_created']);
    expect(h.server.incidents.get(ID)).toMatchObject({ state: 'Detected', severity: 'P1' });
  });

  it('creates once when the same webhook arrives concurrently (an HA Alertmanager pair)', async () => {
    h = await startIngestServer();
    client = await subscribeAll(h);
    const replies = await Promise.all(Array.from({ length: 5 }, () => h!.request('POST', PATH, amWebhook([amAlert()]))));
    expect(replies.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(replies.reduce((n, r) => n + (r.json.created as number), 0)).toBe(1);
    expect(await eventTypesUntilMarker(h, client)).toEqual(['alert_received', 'alert_converted', 'incident_created']);
  });

  it('publishes incident_updated on a label change and incident_resolved on resolve', async () => {
    h = await startIngestServer();
    client = await subscribeAll(h);
    await h.request('POST', PATH, amWebhook([amAlert()]));
    const changed = await h.request('POST', PATH, amWebhook([amAlert({ labels: { ...amAlert().labels, severity: 'warning' } })]));
    expect(changed.json).toMatchObject({ updated: 1 });
    const resolved = await h.request('POST', PATH, amWebhook([amAlert({ status: 'resolved', endsAt: '2025-11-12T10:45:00Z' })]));
    expect(resolved.json).toMatchObject({ resolved: 1 });
    expect(await eventTypesUntilMarker(h, client)).toEqual(['alert_received', 'alert_converted', 'incident_created', 'incident_updated', 'incident_resolved']);
    expect(h.server.incidents.get(ID)).toMatchObject({ state: 'Resolved', severity: 'P3' });
  });

  it('rejects a partially valid webhook whole with 400 naming the field, publishing nothing', async () => {
    h = await startIngestServer();
    client = await subscribeAll(h);
    const bad = amWebhook([amAlert({ fingerprint: 'ok-one' }), { ...amAlert({ fingerprint: 'bad-one' }), status: 'pending' as 'firing' }]);
    const r = await h.request('POST', PATH, bad);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_message');
    expect(r.json.error.message).toMatch(/^alerts\.1\.status: /);
    expect((await h.request('POST', PATH, '{"alerts": [')).json.error.code).toBe('invalid_json');
    expect((await h.request('POST', PATH, [])).status).toBe(400);
    expect(await eventTypesUntilMarker(h, client)).toEqual([]);
    expect(h.server.incidents.size()).toBe(0);
  });

  it('needs the publish scope', async () => {
    const reader = 'reader-token-0123456789abcdef';
    h = await startIngestServer({ api_tokens: [{ token: reader, scopes: ['subscribe'] }] });
    expect((await h.request('POST', PATH, amWebhook([amAlert()]), null)).status).toBe(401);
    expect((await h.request('POST', PATH, amWebhook([amAlert()]), reader)).status).toBe(403);
    expect(h.server.incidents.size()).toBe(0);
  });

  it('answers 5xx when publishing fails, so Alertmanager retries, and creates on the retry', async () => {
    const journal = new FlakyJournal(1000);
    h = await startIngestServer({}, { journal });
    journal.failing = true;
    const failed = await h.request('POST', PATH, amWebhook([amAlert()]));
    expect(failed.status).toBe(500);
    expect(failed.json.error.code).toBe('internal_error');
    journal.failing = false;
    const retried = await h.request('POST', PATH, amWebhook([amAlert()]));
    expect(retried.json).toMatchObject({ created: 1 });
    expect(h.server.incidents.get(ID)).toBeDefined();
  });

  it('counts requests in the ingest metric', async () => {
    h = await startIngestServer();
    const before = await (await fetch(`${h.url}/metrics`)).text();
    for (const outcome of ['accepted', 'rejected', 'error']) expect(before).toContain(`incident_relay_ingest_requests_total{route="alertmanager",outcome="${outcome}"} 0`);
    await h.request('POST', PATH, amWebhook([amAlert()]));
    await h.request('POST', PATH, { alerts: 'no' });
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(/incident_relay_ingest_requests_total\{route="alertmanager",outcome="accepted"\} 1/);
    expect(text).toMatch(/incident_relay_ingest_requests_total\{route="alertmanager",outcome="rejected"\} 1/);
  });
});
