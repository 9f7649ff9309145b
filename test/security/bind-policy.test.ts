// Binding: a non-loopback address needs auth configured unless `insecure`, which warns; off loopback reads need a token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src-main/server/config/load.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { createCoreServer, type CoreServer } from '../../src-main/server/server.js';
import { TEST_TOKEN } from '../support/server-harness.js';
import { probe, upgradeProbe } from './support/http-probe.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function make(config: ConfigInput, publishToken?: string): { server: CoreServer; logs: string[] } {
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-bind-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const logs: string[] = [];
  const cfg = parseConfig({ port: 0, data_dir: dataDir, journal: 'memory', ...config });
  const server = createCoreServer(cfg, { publishToken, logger: createLogger('debug', (l) => logs.push(l)) });
  cleanups.push(() => server.stop());
  return { server, logs };
}

describe('binding a non-loopback address', () => {
  it('is refused when no auth is configured', async () => {
    const { server } = make({ host: '0.0.0.0' });
    await expect(server.start()).rejects.toThrow(/refusing to bind 0\.0\.0\.0: a non-loopback address needs auth configured/);
  });

  it('starts with --insecure, logs a warning, and leaves reads open', async () => {
    const { server, logs } = make({ host: '0.0.0.0', insecure: true });
    const { port } = await server.start();
    expect(logs.some((l) => l.includes('"level":"warn"') && l.includes('--insecure'))).toBe(true);
    expect((await upgradeProbe({ port })).status).toBe(101);
  });

  it('with a token configured, requires it for /ws and /metrics but not /health, and warns that TLS is off', async () => {
    const { server, logs } = make({ host: '0.0.0.0' }, TEST_TOKEN);
    const { port } = await server.start();
    expect(logs.some((l) => l.includes('"level":"warn"') && l.includes('without TLS'))).toBe(true);
    expect((await upgradeProbe({ port })).status).toBe(401);
    expect((await upgradeProbe({ port, headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(101);
    expect((await probe({ port, path: '/metrics' })).status).toBe(401);
    expect((await probe({ port, path: '/health' })).status).toBe(200);
  });
});

describe('binding loopback', () => {
  it('needs no auth and keeps reads open by default', async () => {
    const { server, logs } = make({ host: '127.0.0.1' });
    const { port } = await server.start();
    expect((await upgradeProbe({ port })).status).toBe(101);
    expect(logs.some((l) => l.includes('"level":"warn"'))).toBe(false);
  });
});
