// End to end with the real Prometheus Alertmanager binary: its webhook creates and resolves incidents seen by a WebSocket client.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type IncidentRelayApp } from '../../src-main/app/index.js';
import { alertmanagerIncidentId } from '../../src-main/ingest/uuid-v5.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { TestClient, type Frame } from '../support/ws-client.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const TOKEN = 'alertmanager-e2e-token-0123456789abcdef';
/** Alertmanager waits group_wait (1s) before the first notification and group_interval (1s) between updates. */
const DELIVERY_TIMEOUT_MS = 30_000;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function alertmanagerYaml(relayUrl: string): string {
  return `route:
  receiver: incident-relay
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: incident-relay
    webhook_configs:
      - url: ${relayUrl}/v1/integrations/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${TOKEN}
`;
}

/** Stops the process: SIGTERM, then SIGKILL if it has not exited within 5 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

describe('real Prometheus Alertmanager', () => {
  let dir = '';
  let relay: IncidentRelayApp | undefined;
  let am: ChildProcess | undefined;
  let amUrl = '';
  let amLog = '';
  let client: TestClient | undefined;

  beforeAll(async () => {
    expect(existsSync(ALERTMANAGER), `${ALERTMANAGER} is missing: install the Debian package prometheus-alertmanager (npm test's pretest does)`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'ir-alertmanager-'));
    const config = parseConfig({ port: 0, data_dir: dir, journal: 'memory', log_level: 'silent', publish_token: TOKEN });
    relay = await openApp(config, createLogger('silent'));
    const { url } = await relay.server.start();
    client = await TestClient.connect(`${url.replace(/^http/, 'ws')}/ws`);
    await client.subscribe('incidents', { event_types: ['incident_created', 'incident_resolved'] });

    writeFileSync(join(dir, 'alertmanager.yml'), alertmanagerYaml(url));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    am = spawn(ALERTMANAGER, [
      `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    am.stdout?.on('data', (d: Buffer) => { amLog += d.toString(); });
    am.stderr?.on('data', (d: Buffer) => { amLog += d.toString(); });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (am.exitCode !== null) throw new Error(`alertmanager exited with ${am.exitCode}:\n${amLog}`);
      const ready = await fetch(`${amUrl}/-/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`alertmanager not ready after 30 s:\n${amLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (am) await stopProcess(am);
    client?.close();
    await relay?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const postAlerts = async (alerts: unknown[]) => {
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.status, await res.text()).toBe(200);
  };

  it('delivers incident_created for a firing alert and incident_resolved once its endsAt is past', async () => {
    const labels = { alertname: 'RelayEndToEnd', severity: 'critical', service: 'checkout', instance: 'web-1:9100' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await postAlerts([{ labels, annotations: { summary: 'Checkout is failing', description: 'HTTP 5xx above 5%' }, startsAt, generatorURL: 'http://prometheus.test/graph' }]);

    const isEvent = (type: string) => (f: Frame) => f.type === 'event' && (f['event'] as { event_type: string }).event_type === type;
    const createdFrame = await client!.next(isEvent('incident_created'), 0, DELIVERY_TIMEOUT_MS).catch((err: Error) => {
      throw new Error(`${err.message}\nalertmanager log:\n${amLog}`);
    });
    const incident = (createdFrame['event'] as { incident: Record<string, unknown> }).incident;
    expect(incident).toMatchObject({
      state: 'Detected', severity: 'P1', source: 'alertmanager', title: 'Checkout is failing', description: 'HTTP 5xx above 5%',
      affected_resources: ['checkout', 'web-1:9100'], labels,
    });
    expect(incident['id']).toBe(alertmanagerIncidentId(incident['fingerprint'] as string));

    await postAlerts([{ labels, annotations: { summary: 'Checkout is failing', description: 'HTTP 5xx above 5%' }, startsAt, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    const resolvedFrame = await client!.next(isEvent('incident_resolved'), 0, DELIVERY_TIMEOUT_MS).catch((err: Error) => {
      throw new Error(`${err.message}\nalertmanager log:\n${amLog}`);
    });
    expect((resolvedFrame['event'] as { incident: Record<string, unknown> }).incident).toMatchObject({ id: incident['id'], state: 'Resolved', resolution: { resolved_by: 'alertmanager' } });
    expect(client!.events().filter(isEvent('incident_created'))).toHaveLength(1);
    expect(relay!.server.incidents.get(incident['id'] as string)?.state).toBe('Resolved');
  });
});
