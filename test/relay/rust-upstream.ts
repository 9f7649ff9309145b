// A stand-in for the Rust LLM Incident Manager as its handlers and processor behave: REST list paged by page/page_size
// (default 20, at most 100; limit/offset/cursor ignored), IncidentResponse bodies, PascalCase enums, and a /ws that
// never replays (resume_after ignored, no replay_complete) and publishes creation events only.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Incident } from '../../src-shared/protocol/index.js';
import { serveGuideEndpoint } from './support/guide-endpoint.js';

export interface RustUpstream {
  wsUrl: string;
  /** Every GET /v1/incidents query string, in order. */
  readonly listQueries: string[];
  /** Creates an incident as the Rust `Incident::new` does and publishes `incident_created` to subscribers. */
  create(over?: Partial<Incident>): Incident;
  /** Resolves as the Rust `resolve_incident` does: state and resolution change, no event on /ws. */
  resolve(id: string): void;
  /** Drops every /ws client without a close handshake. */
  dropClients(): void;
  subscribedClients(): number;
  close(): Promise<void>;
}

/** The Rust `IncidentResponse`: the REST body, without related_incidents, timeline, notes and the other optional fields. */
function incidentResponse(i: Incident): Record<string, unknown> {
  const { id, created_at, updated_at, state, severity, incident_type, source, title, description, affected_resources, labels, assignees } = i;
  return { id, created_at, updated_at, state, severity, incident_type, source, title, description, affected_resources, labels, assignees, resolution: i.resolution ?? null };
}

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startRustUpstream(): Promise<RustUpstream> {
  const incidents = new Map<string, Incident>();
  const listQueries: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/v1/incidents') {
      listQueries.push(url.search);
      const page = Number(url.searchParams.get('page') ?? 0);
      const pageSize = Math.min(Number(url.searchParams.get('page_size') ?? 20), 100);
      const activeOnly = url.searchParams.get('active_only') === 'true';
      const all = [...incidents.values()].filter((i) => !activeOnly || (i.state !== 'Resolved' && i.state !== 'Closed'));
      return sendJson(res, 200, { incidents: all.slice(page * pageSize, page * pageSize + pageSize).map(incidentResponse), total: all.length, page, page_size: pageSize });
    }
    const one = /^\/v1\/incidents\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const i = incidents.get(one[1]!);
      return i ? sendJson(res, 200, incidentResponse(i)) : sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Not found: ${one[1]}`, status: 404 } });
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no route', status: 404 } });
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  const endpoint = serveGuideEndpoint(wss, (ws, msg, { subscribed }) => {
    // serde ignores the unknown `resume_after`: nothing is replayed.
    ws.send(JSON.stringify({ type: 'subscribed', subscription_id: msg.subscription_id, filters: msg.filters ?? {} }));
    subscribed.set(ws, String(msg.subscription_id));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    listQueries,
    create(over = {}) {
      const now = new Date().toISOString();
      const i: Incident = {
        id: randomUUID(), created_at: now, updated_at: now, state: 'Detected', severity: 'P2', incident_type: 'Application', source: 'rust',
        title: 'Rust incident', description: 'made by the Rust stand-in', affected_resources: [], labels: {}, related_incidents: [],
        active_playbook: null, resolution: null, timeline: [{ timestamp: now, event_type: 'Created', actor: 'system', description: 'Incident created', metadata: {} }],
        assignees: [], notes: [], fingerprint: null, correlation_score: null, ...over,
      };
      incidents.set(i.id, i);
      const frame = JSON.stringify({ type: 'event', message_id: randomUUID(), event: { event_type: 'incident_created', incident: i }, timestamp: now });
      for (const ws of endpoint.subscribed.keys()) ws.send(frame);
      return i;
    },
    resolve(id) {
      const cur = incidents.get(id);
      if (!cur) throw new Error(`no incident ${id}`);
      const now = new Date(Math.max(Date.now(), Date.parse(cur.updated_at) + 1)).toISOString();
      incidents.set(id, {
        ...cur, state: 'Resolved', updated_at: now,
        resolution: { resolved_at: now, resolved_by: 'rust-responder', resolution_method: 'Manual', root_cause: null, notes: 'fixed upstream' },
      });
    },
    dropClients: endpoint.dropClients,
    subscribedClients: endpoint.subscribedClients,
    async close() {
      await endpoint.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
