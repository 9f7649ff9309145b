// Issue 19, findings 1–6 and 10: what a client built on the Rust server's types gets from frames and bodies the server builds.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src-main/server/http/routes/health.js';
import { RustAlert, RustHealth, RustIncident, RustIncidentList, rustFrameProblem } from '../support/rust-types.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { amAlert, startIngestServer, subscribeAll, TEST_TOKEN, type IngestHarness } from './ingest-harness.js';

let h: IngestHarness | undefined;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  await h?.stop();
  h = undefined;
});

const alertBody = (over: Record<string, unknown> = {}) => ({
  source: 'rust-client', title: 'Checkout latency', description: 'p99 above 2s', severity: 'P1', alert_type: 'Performance', ...over,
});
const eventFrames = (c: TestClient, type: string, from = 0) => c.events(from).filter((f) => (f.event as { event_type: string }).event_type === type);
const eventOf = (f: Frame) => f.event as Record<string, unknown>;

async function serverWithClient(config = {}) {
  h = await startIngestServer(config);
  const client = await subscribeAll(h);
  closers.push(() => client.close());
  return { h, client };
}

describe('Rust-complete output (issue 19)', () => {
  it('1: events built from /v1/alerts, PUT, resolve and Alertmanager carry every field the Rust Incident and Alert require', async () => {
    const { h, client } = await serverWithClient();
    const reply = await h.request('POST', '/v1/alerts', alertBody());
    const id = reply.json.incident_id as string;
    await client.next((f) => f.type === 'event' && eventOf(f).event_type === 'incident_created');
    expect((await h.request('PUT', `/v1/incidents/${id}`, { state: 'Investigating', assignees: ['ana'] })).status).toBe(200);
    expect((await h.request('POST', `/v1/incidents/${id}/resolve`, { resolved_by: 'ana', method: 'Manual', notes: 'restarted' })).status).toBe(200);
    expect((await h.request('POST', '/v1/integrations/alertmanager', { version: '4', status: 'firing', receiver: 'r', alerts: [amAlert()] })).status).toBeLessThan(300);
    await client.next((f) => f.type === 'event' && eventOf(f).event_type === 'incident_resolved');
    await client.next((f) => f.type === 'event' && eventOf(f).event_type === 'incident_created' && (eventOf(f).incident as { source: string }).source !== 'rust-client');
    const kinds = new Set(client.events().map((f) => eventOf(f).event_type));
    expect([...kinds].sort()).toEqual(['alert_converted', 'alert_received', 'assignment_changed', 'incident_created', 'incident_resolved', 'incident_updated']);
    for (const f of client.events()) expect(rustFrameProblem(f)).toBeNull();
    const alert = eventOf(eventFrames(client, 'alert_received')[0]!).alert;
    expect(RustAlert.parse(alert)).toMatchObject({ deduplicated: false, runbook_url: null, parent_alert_id: null });
    const created = eventOf(eventFrames(client, 'incident_created')[0]!).incident;
    expect(RustIncident.parse(created)).toMatchObject({ related_incidents: [], notes: [], timeline: [{ event_type: 'Created' }] });
  });

  it('2: a resolved incident has the Rust resolution, and the whole list still decodes', async () => {
    const { h } = await serverWithClient();
    const id = (await h.request('POST', '/v1/alerts', alertBody())).json.incident_id as string;
    const resolved = await h.request('POST', `/v1/incidents/${id}/resolve`, { resolved_by: 'ana', method: 'AutoAssistedManual', notes: 'rolled back', root_cause: null });
    expect(resolved.json.resolution).toEqual({
      resolved_at: expect.any(String), resolved_by: 'ana', resolution_method: 'AutoAssistedManual', root_cause: null, notes: 'rolled back',
    });
    const list = await h.request('GET', '/v1/incidents');
    expect(RustIncidentList.parse(list.json).incidents.map((i) => i.state)).toEqual(['Resolved']);
    // A method outside the Rust ResolutionMethod is refused, and changes nothing.
    expect((await h.request('POST', `/v1/incidents/${id}/resolve`, { method: 'manual' })).status).toBe(400);
  });

  it('3: the alert reply status is the Rust AckStatus spelling', async () => {
    const { h } = await serverWithClient();
    expect((await h.request('POST', '/v1/alerts', alertBody())).json.status).toBe('Accepted');
    expect((await h.request('POST', '/v1/alerts', alertBody())).json.status).toBe('Duplicate');
  });

  it('4: a Rust-style paging loop (page from 0, page_size) ends and sees every incident once', async () => {
    const { h } = await serverWithClient();
    for (let k = 0; k < 25; k++) await h.request('POST', '/v1/alerts', alertBody({ title: `incident ${k}` }));
    const seen: string[] = [];
    let page = 0;
    for (let asked = 0; asked < 10; asked++) {
      const body = RustIncidentList.parse((await h.request('GET', `/v1/incidents?page=${page}&page_size=10`)).json);
      expect(body).toMatchObject({ page, page_size: 10, total: 25 });
      seen.push(...body.incidents.map((i) => i.id));
      if ((page + 1) * body.page_size >= body.total) break;
      page += 1;
    }
    expect(page).toBe(2);
    expect(new Set(seen).size).toBe(25);
    expect(RustIncidentList.parse((await h.request('GET', '/v1/incidents?page=0')).json)).toMatchObject({ page_size: 20 });
    expect((await h.request('GET', '/v1/incidents?page_size=500')).json).toMatchObject({ page_size: 100 });
    expect((await h.request('GET', '/v1/incidents?page=1&offset=3')).status).toBe(400);
  });

  it('6: null where Rust has Option, actor on PUT, status in error bodies, POST /v1/incidents → 201', async () => {
    const { h, client } = await serverWithClient();
    const reply = await h.request('POST', '/v1/alerts', alertBody({ external_id: null, runbook_url: null }));
    expect(reply.status).toBe(202);
    const id = reply.json.incident_id as string;
    const put = await h.request('PUT', `/v1/incidents/${id}`, { state: 'Investigating', assignees: null, actor: 'ana' });
    expect(put.status).toBe(200);
    expect(put.json.timeline.at(-1)).toMatchObject({ event_type: 'StateChanged', actor: 'ana', metadata: { old_state: 'Detected', new_state: 'Investigating' } });
    const missing = await h.request('GET', '/v1/incidents/6f1c2a52-8a3e-4c1e-9a43-3f0e6d1b2c4d');
    expect(missing.json).toEqual({ error: { code: 'not_found', message: expect.any(String), status: 404 } });
    const bad = await h.request('PUT', `/v1/incidents/${id}`, { state: 'Nope' });
    expect(bad.json.error).toMatchObject({ code: 'invalid_message', status: 400 });
    const from = client.frames.length;
    const made = await h.request('POST', '/v1/incidents', { source: 'rust-client', title: 'made over REST', description: 'd', severity: 'P2', incident_type: 'Data' });
    expect(made.status).toBe(201);
    expect(RustIncident.parse(made.json)).toMatchObject({ state: 'Detected', title: 'made over REST' });
    const frame = await client.next((f) => f.type === 'event' && eventOf(f).event_type === 'incident_created' && (eventOf(f).incident as { title: string }).title === 'made over REST', from);
    expect((eventOf(frame).incident as { id: string }).id).toBe(made.json.id);
    expect((await h.request('POST', '/v1/incidents', { source: 'x', title: '', description: 'd', severity: 'P2', incident_type: 'Data' })).status).toBe(400);
  });

  it('10: an unsolicited app-level pong every heartbeat interval, announced in welcome', async () => {
    h = await startIngestServer({ heartbeat_interval_secs: 1 });
    const c = await TestClient.connect(h.wsUrl, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
    closers.push(() => c.close());
    expect(c.frames[0]).toMatchObject({ type: 'welcome', heartbeat_interval_secs: 1 });
    const pong = await c.next((f) => f.type === 'pong');
    expect(rustFrameProblem(pong)).toBeNull();
    expect(pong).toMatchObject({ heartbeat: true, timestamp: pong['server_time'] });
    await c.next((f) => f.type === 'pong', c.frames.indexOf(pong) + 1);
  });
});

describe('uptime (issue 19, finding 5)', () => {
  it('5: uptime_seconds is a whole number, as the Rust u64', async () => {
    const [route] = healthRoutes({ version: 't', startedAt: Date.now() - 618_400, isReady: () => true });
    const server = http.createServer((req, res) => void route!.handle(req, res, { url: new URL('http://x/health'), params: {} } as never));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const body: unknown = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`)).json();
    expect(RustHealth.parse(body).uptime_seconds).toBeGreaterThanOrEqual(618);
    expect(Number.isInteger((body as { uptime_seconds: number }).uptime_seconds)).toBe(true);
  });
});
