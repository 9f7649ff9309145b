// A real prometheus-alertmanager on a free port whose only receiver is a relay's webhook (send_resolved), for silence tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type IncidentRelayApp } from '../../src-main/app/open-app.js';
import { createLogger, parseConfig } from '../../src-main/server/index.js';
import { freePort, waitFor } from '../writeback/writeback-harness.js';

export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerProcess {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** Reserves a port for Alertmanager (its URL goes into the relay's config before it starts). */
export async function alertmanagerUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Starts Alertmanager at `url` (state in `dir`) sending to `relayUrl`'s webhook with `token`; resolves once ready. */
export async function startAlertmanager(url: string, dir: string, relayUrl: string, token: string): Promise<AlertmanagerProcess> {
  const config = join(dir, 'am.yml');
  writeFileSync(config, `route:\n  receiver: relay\n  group_by: ['alertname']\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n`
    + `receivers:\n  - name: relay\n    webhook_configs:\n      - url: ${relayUrl}/v1/integrations/alertmanager\n        send_resolved: true\n`
    + `        http_config:\n          authorization:\n            credentials: ${token}\n`);
  let log = '';
  const am: ChildProcess = spawn(ALERTMANAGER, [
    `--config.file=${config}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=${new URL(url).host}`, '--cluster.listen-address=',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  am.stdout?.on('data', (d: Buffer) => { log += d.toString(); });
  am.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const stop = async () => {
    if (am.exitCode !== null || am.signalCode !== null) return;
    const exited = new Promise((r) => am.once('exit', r));
    am.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(async () => {
      if (am.exitCode !== null) throw new Error(`alertmanager exited:\n${log}`);
      return fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    }, 'alertmanager ready', 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, log: () => log, stop };
}

/** An app with `alertmanager_url` and a real Alertmanager sending to its webhook, with the calls the silence tests make. */
export interface AlertmanagerHarness {
  relay: IncidentRelayApp;
  am: AlertmanagerProcess;
  /** `startsAt` of every alert `firingIncident` fires (a minute before the harness started). */
  startsAt: string;
  /** A call to Alertmanager (`/api/...`) or to the relay (anything else), with the token; `json` is the parsed answer. */
  api: ReturnType<typeof harnessApi>;
  /** Fires an alert in Alertmanager and waits for its incident in the relay. */
  firingIncident(alertname: string, annotations?: Record<string, string>): Promise<{ id: string; labels: Record<string, string> }>;
  stop(): Promise<void>;
}

function harnessApi(amUrl: string, relayUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${path.startsWith('/api/') ? amUrl : relayUrl}${path}`, {
      method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

export async function startAlertmanagerHarness(o: { token: string; ackSilenceSecs: number; webControl: boolean }): Promise<AlertmanagerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ir-am-'));
  const amUrl = await alertmanagerUrl();
  const relay = await openApp(parseConfig({
    port: 0, data_dir: dir, journal: 'memory', log_level: 'silent', publish_token: o.token, alertmanager_url: amUrl, ack_silence_secs: o.ackSilenceSecs,
  }), createLogger('silent'), { webControl: o.webControl });
  const relayUrl = (await relay.server.start()).url;
  const am = await startAlertmanager(amUrl, dir, relayUrl, o.token);
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const api = harnessApi(amUrl, relayUrl, o.token);
  return {
    relay, am, api, startsAt,
    async firingIncident(alertname, annotations = {}) {
      const labels = { alertname, severity: 'critical', service: 'checkout' };
      const posted = await api('POST', '/api/v2/alerts', [{ labels, annotations, startsAt }]);
      if (posted.status !== 200) throw new Error(`Alertmanager refused the alert: ${posted.status}`);
      let id = '';
      await waitFor(() => {
        id = relay.server.incidents.list().find((i) => i.labels['alertname'] === alertname)?.id ?? '';
        return id !== '';
      }, `the incident for ${alertname}\n${am.log()}`, 30_000);
      return { id, labels };
    },
    async stop() {
      await am.stop();
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
