// A stand-in for the Rust LLM Incident Manager: its WebSocket stream (UUID message ids) and its incident REST routes with
// the request bodies its handlers deserialize (UpdateIncidentRequest, ResolveIncidentRequest), recording what it receives.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Incident } from '../../src-shared/protocol/index.js';

const STATES = ['Detected', 'Triaged', 'Investigating', 'Remediating', 'Resolved', 'Closed'];
const METHODS = ['Automated', 'Manual', 'AutoAssistedManual'];

export interface RustMock {
  wsUrl: string;
  /** Every REST write received: method, path, parsed body. */
  readonly writes: { method: string; path: string; body: Record<string, unknown> }[];
  /** Adds an incident and streams incident_created to subscribers. */
  create(incident: Incident): void;
  close(): Promise<void>;
}

/** Serde's view of a body: a type mismatch is a 422 from axum's Json extractor, as the Rust server answers. */
function checkUpdate(b: Record<string, unknown>): string | undefined {
  if (b.state !== undefined && b.state !== null && !STATES.includes(b.state as string)) return 'state: unknown variant';
  if (b.assignees !== undefined && b.assignees !== null && !(Array.isArray(b.assignees) && b.assignees.every((a) => typeof a === 'string'))) return 'assignees: expected a sequence of strings';
  if (b.actor !== undefined && b.actor !== null && typeof b.actor !== 'string') return 'actor: expected a string';
  return undefined;
}

function checkResolve(b: Record<string, unknown>): string | undefined {
  if (typeof b.resolved_by !== 'string' || b.resolved_by.length < 1) return 'resolved_by: missing or empty';
  if (!METHODS.includes(b.method as string)) return 'method: unknown variant';
  if (typeof b.notes !== 'string') return 'notes: missing field';
  if (b.root_cause !== undefined && b.root_cause !== null && typeof b.root_cause !== 'string') return 'root_cause: expected a string';
  return undefined;
}

export async function startRustMock(): Promise<RustMock> {
  const incidents = new Map<string, Incident>();
  const writes: RustMock['writes'] = [];
  const subscribed = new Map<WebSocket, string>();
  const emit = (event: unknown) => {
    for (const [ws, id] of subscribed) ws.send(JSON.stringify({ type: 'event', message_id: randomUUID(), timestamp: new Date().toISOString(), event, subscription_ids: [id] }));
  };
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/v1\/incidents\/([0-9a-f-]{36})(\/resolve)?$/.exec(req.url ?? '');
    if (!m) return reply(res, 404, { error: 'Not found' });
    const cur = incidents.get(m[1]!);
    if (!cur) return reply(res, 404, { error: `Incident not found: ${m[1]}` });
    if (req.method === 'GET' && !m[2]) return reply(res, 200, cur);
    let body: Record<string, unknown>;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>; } catch { return reply(res, 400, { error: 'invalid JSON' }); }
    writes.push({ method: req.method ?? '', path: req.url ?? '', body });
    const now = new Date().toISOString();
    if (req.method === 'PUT' && !m[2]) {
      const bad = checkUpdate(body);
      if (bad) return reply(res, 422, { error: bad });
      const next: Incident = { ...cur, updated_at: now, ...(body.state ? { state: body.state as Incident['state'] } : {}), ...(body.assignees ? { assignees: body.assignees as string[] } : {}) };
      incidents.set(cur.id, next);
      emit({ event_type: 'incident_updated', incident: next, previous_state: cur.state });
      return reply(res, 200, next);
    }
    if (req.method === 'POST' && m[2]) {
      const bad = checkResolve(body);
      if (bad) return reply(res, 422, { error: bad });
      const next: Incident = { ...cur, state: 'Resolved', updated_at: now, resolution: { resolved_at: now, resolved_by: String(body.resolved_by), resolution_method: body.method as 'Automated' | 'Manual' | 'AutoAssistedManual', root_cause: typeof body.root_cause === 'string' ? body.root_cause : null, notes: String(body.notes) } };
      incidents.set(cur.id, next);
      emit({ event_type: 'incident_resolved', incident: next });
      return reply(res, 200, next);
    }
    return reply(res, 405, { error: 'Method not allowed' });
  };
  const http = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'welcome', session_id: randomUUID(), server_time: new Date().toISOString() }));
    ws.on('close', () => subscribed.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
      if (msg.type === 'subscribe') {
        const id = String(msg.subscription_id);
        ws.send(JSON.stringify({ type: 'subscribed', subscription_id: id, filters: msg.filters ?? {} }));
        subscribed.set(ws, id);
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return {
    wsUrl: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`,
    writes,
    create(incident) {
      incidents.set(incident.id, incident);
      emit({ event_type: 'incident_created', incident });
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
