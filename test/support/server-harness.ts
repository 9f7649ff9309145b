// Starts a real relay server on 127.0.0.1 port 0 for a test, with a temp data dir, and stops it afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src-main/server/config/load.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import { rustBodyProblem } from './rust-types.js';
import { createCoreServer, type CoreServer, type CoreServerOptions } from '../../src-main/server/server.js';

export const TEST_TOKEN = 'test-publish-token-0123456789abcdef';

export interface Harness {
  server: CoreServer;
  url: string;
  wsUrl: string;
  dataDir: string;
  publish(body: unknown, token?: string | null, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

export async function startServer(config: ConfigInput = {}, opts: CoreServerOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-test-'));
  const cfg = parseConfig({ port: 0, data_dir: dataDir, journal: 'memory', log_level: 'silent', ...config });
  const server = createCoreServer(cfg, { publishToken: TEST_TOKEN, ...opts });
  const { url } = await server.start();
  return {
    server, url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, dataDir,
    async publish(body, token = TEST_TOKEN, headers = {}) {
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try { json = JSON.parse(text); } catch { json = text; }
      // An error body must deserialize into the Rust server's `{error:{code,message,status}}`.
      const problem = rustBodyProblem('POST', '/v1/events', res.status, json);
      if (problem) throw new Error(`POST /v1/events → ${res.status}: refused by the Rust types (${problem}): ${text.slice(0, 600)}`);
      return { status: res.status, json };
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
