// The plain-ws baseline server: the benchmark's subset of the wire contract, done the ordinary way, for comparison.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  eventIncident, IncidentEventSchema, parseWith, PUBLISH_BATCH_MAX, PublishBodySchema, subjectOf, CLOSE_CODES,
  type Incident, type IncidentEvent,
} from '../../src-shared/protocol/index.js';
import { fanOut, handleFrame, welcome, type BaselineSession } from './baseline-session.js';

export interface BaselineOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Bearer token `POST /v1/events` requires. */
  token: string;
  /** permessage-deflate per socket, with ws defaults (context takeover, 1 KiB threshold). */
  compression: boolean;
  maxConnections: number;
  maxSubscriptionsPerSession: number;
  /** Seconds between ws pings; a peer silent (no message, no pong) for two intervals is terminated (PROTOCOL.md section 6). */
  heartbeatIntervalSecs: number;
}

export interface BaselineServer { url: string; port: number; close(): Promise<void> }

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const badRequest = (res: http.ServerResponse, code: string, message: string): void => json(res, 400, { error: { code, message } });

/** Validates a publish body: every event or none (PROTOCOL.md section 7). */
function parseEvents(text: string): { ok: true; events: IncidentEvent[] } | { ok: false; code: string; message: string } {
  let body: unknown;
  try { body = JSON.parse(text); } catch (err) { return { ok: false, code: 'invalid_json', message: (err as Error).message }; }
  const shape = parseWith(PublishBodySchema, body);
  if (!shape.ok) return { ok: false, code: 'invalid_message', message: shape.message };
  const raw = 'events' in shape.value && Array.isArray(shape.value.events) ? shape.value.events : [shape.value];
  if (raw.length < 1 || raw.length > PUBLISH_BATCH_MAX) return { ok: false, code: 'invalid_message', message: `events: 1..${PUBLISH_BATCH_MAX} events` };
  const events: IncidentEvent[] = [];
  for (const [i, e] of raw.entries()) {
    const p = parseWith(IncidentEventSchema, e, raw.length > 1 || 'events' in shape.value ? `events.${i}` : '');
    if (!p.ok) return { ok: false, code: 'invalid_message', message: p.message };
    events.push(p.value);
  }
  return { ok: true, events };
}

export async function startBaselineServer(o: BaselineOptions): Promise<BaselineServer> {
  const sessions = new Set<BaselineSession>();
  const incidents = new Map<string, Incident>();
  const epoch = randomBytes(4).toString('hex');
  const startedAt = Date.now();
  let seq = 0;
  const expected = Buffer.from(`Bearer ${o.token}`);
  const authorized = (h: string | undefined): boolean => h !== undefined && Buffer.byteLength(h) === expected.length && timingSafeEqual(Buffer.from(h), expected);

  const publish = (event: IncidentEvent, messageId: string, timestamp: string): void => {
    const subject = subjectOf(event, (id) => incidents.get(id));
    const incident = eventIncident(event);
    if (incident) incidents.set(incident.id.toLowerCase(), incident);
    if (event.event_type === 'escalated') {
      const cur = incidents.get(event.incident_id.toLowerCase());
      if (cur) incidents.set(event.incident_id.toLowerCase(), { ...cur, severity: event.to_severity, updated_at: timestamp });
    }
    fanOut(sessions, messageId, timestamp, event, subject);
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/health')) {
      const cpu = process.cpuUsage();
      return json(res, 200, { status: 'healthy', version: 'baseline', uptime_seconds: (Date.now() - startedAt) / 1000,
        process_cpu_user_seconds: cpu.user / 1e6, process_cpu_system_seconds: cpu.system / 1e6 });
    }
    if (req.method !== 'POST' || req.url !== '/v1/events') return json(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    if (!authorized(req.headers.authorization)) return json(res, 401, { error: { code: 'unauthorized', message: 'publish token required' } });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_BODY_BYTES) chunks.push(c); });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return badRequest(res, 'invalid_message', `body larger than ${MAX_BODY_BYTES} bytes`);
      const parsed = parseEvents(Buffer.concat(chunks).toString('utf8'));
      if (!parsed.ok) return badRequest(res, parsed.code, parsed.message);
      const timestamp = new Date().toISOString();
      const ids = parsed.events.map(() => `${epoch}-${++seq}`);
      json(res, 202, { message_ids: ids });
      parsed.events.forEach((e, i) => publish(e, ids[i] as string, timestamp));
    });
  });

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: o.compression, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') { socket.end('HTTP/1.1 404 Not Found\r\n\r\n'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (sessions.size >= o.maxConnections) { ws.close(CLOSE_CODES.tryAgainLater, 'connection limit'); return; }
      const s: BaselineSession = { ws, subscriptions: new Map(), lastSeenAt: Date.now() };
      sessions.add(s);
      ws.on('message', (data, isBinary) => {
        s.lastSeenAt = Date.now();
        handleFrame(s, data as Buffer, isBinary, o.maxSubscriptionsPerSession);
      });
      ws.on('pong', () => { s.lastSeenAt = Date.now(); });
      ws.on('close', () => sessions.delete(s));
      ws.on('error', (err) => { console.error(`baseline: socket error: ${err.message}`); });
      welcome(s, o.heartbeatIntervalSecs);
    });
  });

  const intervalMs = o.heartbeatIntervalSecs * 1000;
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const s of sessions) {
      if (now - s.lastSeenAt > 2 * intervalMs) s.ws.terminate();
      else s.ws.ping();
    }
  }, intervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port, o.host, resolve); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host}:${port}`, port,
    close: async () => {
      clearInterval(heartbeat);
      // A benchmark baseline needs no graceful drain: drop the sockets.
      for (const s of sessions) s.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
