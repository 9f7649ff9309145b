// A real prometheus-alertmanager on a free port whose only receiver is a relay's webhook (send_resolved), for silence tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
