// Real servers as `serve` assembles them (openRelay, SQLite journal in a temp data dir), chained by upstreams, for write-back tests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type IncidentRelayApp, type OpenAppOptions } from '../../src-main/app/open-app.js';
import { createLogger, parseConfig } from '../../src-main/server/index.js';
import type { ConfigInput } from '../../src-main/server/index.js';
import type { Incident } from '../../src-shared/protocol/index.js';

export interface Node {
  relay: IncidentRelayApp;
  url: string;
  wsUrl: string;
  port: number;
  dir: string;
  token: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }>;
  incident(id: string): Incident | undefined;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `ir-wb-${name}-`));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Opens a node on `dir` (kept across restarts) and `port` (0: any); `options` e.g. a notification sink. */
export async function openNode(dir: string, config: ConfigInput = {}, port = 0, webControl = false, options: Omit<OpenAppOptions, 'webControl'> = {}): Promise<Node> {
  const relay = await openApp(parseConfig({ port, data_dir: dir, log_level: 'silent', ...config }), createLogger('silent'), { ...options, webControl });
  const { url } = await relay.server.start();
  const token = readFileSync(join(dir, 'publish-token'), 'utf8').trim();
  return {
    relay, url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, port: Number(new URL(url).port), dir, token,
    async request(method, path, body, tok = token) {
      const res = await fetch(`${url}${path}`, {
        method, headers: { Authorization: `Bearer ${tok}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown = text;
      try { json = JSON.parse(text); } catch { json = text; }
      return { status: res.status, json };
    },
    incident: (id) => relay.server.incidents.get(id.toLowerCase()),
    close: () => relay.close(),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until every upstream of `n` is connected and done with its first-connect backfill (so live events are relayed). */
export function relayReady(n: Node): Promise<void> {
  return waitFor(() => n.relay.relay.list().every((u) => u.state === 'connected' && u.backfill?.state !== 'running'), 'the relay connected');
}
