// A real relay server on port 0 with ingest attached, HTTP helpers, and Alertmanager webhook builders for the ingest tests.
import { parseConfig } from '../../src-main/server/config/load.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import type { CoreServerOptions } from '../../src-main/server/server.js';
import { createIngest, type Ingest } from '../../src-main/ingest/index.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { rustBodyProblem } from '../support/rust-types.js';
import { TestClient, type Frame } from '../support/ws-client.js';

export { TEST_TOKEN };

export interface IngestHarness extends Harness {
  ingest: Ingest;
  /** JSON request with the publish token unless `token` is null; the parsed reply is loosely typed for reading in assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; json: any }>;
}

export async function startIngestServer(config: ConfigInput = {}, opts: CoreServerOptions = {}): Promise<IngestHarness> {
  const ingest = createIngest(parseConfig({ ...config }));
  const h = await startServer(config, { alertConverter: ingest.alertConverter, ...opts });
  ingest.attach(h.server);
  return {
    ...h, ingest,
    async request(method, path, body, token = TEST_TOKEN) {
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown = text;
      try { json = JSON.parse(text); } catch { json = text; }
      // Every answer must deserialize into the Rust server's type for the route (PROTOCOL 1.1 §7).
      const problem = rustBodyProblem(method, path, res.status, json);
      if (problem) throw new Error(`${method} ${path} → ${res.status}: refused by the Rust types (${problem}): ${text.slice(0, 600)}`);
      return { status: res.status, json };
    },
  };
}

/** A subscriber to everything, for counting what was published. */
export async function subscribeAll(h: Harness): Promise<TestClient> {
  const c = await TestClient.connect(h.wsUrl, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
  await c.subscribe('all');
  return c;
}

/** Publishes a marker and returns the event types the client received before it (everything published earlier). */
export async function eventTypesUntilMarker(h: Harness, c: TestClient, from = 0): Promise<string[]> {
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  const r = await h.publish({ event_type: 'system_event', category: 'test', message: marker, metadata: {} });
  if (r.status !== 202) throw new Error(`marker refused: ${JSON.stringify(r.json)}`);
  const isMarker = (f: Frame) => f.type === 'event' && (f['event'] as { message?: string }).message === marker;
  await c.next(isMarker, from);
  const upTo = c.frames.findIndex((f, k) => k >= from && isMarker(f));
  return c.frames.slice(from, upTo).filter((f) => f.type === 'event').map((f) => (f['event'] as { event_type: string }).event_type);
}

export interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export function amAlert(over: Partial<AmAlert> = {}): AmAlert {
  return {
    status: 'firing',
    labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', instance: 'web-1:9100', job: 'web' },
    annotations: { summary: 'Checkout latency above 2s', description: 'p99 latency is 2.4s' },
    startsAt: '2025-11-12T10:30:00.123456789Z', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=latency', fingerprint: 'c0ffee0000000001',
    ...over,
  };
}

export function amWebhook(alerts: AmAlert[], extra: Record<string, unknown> = {}) {
  return {
    version: '4', groupKey: '{}:{alertname="HighLatency"}', truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved', receiver: 'incident-relay',
    groupLabels: { alertname: 'HighLatency' }, commonLabels: {}, commonAnnotations: {},
    externalURL: 'http://alertmanager:9093', alerts, ...extra,
  };
}
