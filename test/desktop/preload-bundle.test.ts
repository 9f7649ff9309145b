// The preload bundles into one CommonJS file that needs only `electron`, and exposes one bridge object when run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CHANNEL_NAMES } from '../../src-shared/bridge/index.js';
import { PRELOAD_FILE, preloadBuildConfig } from '../../src-main/desktop/build/preload-bundle.js';
import { createPreloadBridge } from '../../src-renderer/bridge/preload-bridge.js';
import { fakeContextBridge } from './support/fake-context-bridge.js';
import { FakeIpcMain, FakeIpcRenderer } from './support/fake-electron.js';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'ir-preload-'));
  await build(preloadBuildConfig(outDir));
  code = readFileSync(join(outDir, PRELOAD_FILE), 'utf8');
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Runs the bundle the way a sandboxed preload runs: a CommonJS wrapper whose require knows only `electron`. */
function runPreload(electron: unknown): void {
  const required: string[] = [];
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id} (sandboxed preloads can only require electron)`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(sandboxRequire, module, module.exports);
  expect(required).toEqual(['electron']);
}

describe('the preload bundle', () => {
  it('requires nothing but electron', () => {
    const requires = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
  });

  it('exposes exactly one object of named calls, which the page turns into the Bridge, over ipcRenderer', async () => {
    const main = new FakeIpcMain();
    main.handle('server:status', () => ({ ok: true, value: { address: 'http://127.0.0.1:8080', version: '0.1.0', startedAt: '2025-01-01T00:00:00Z', authRequired: false } }));
    main.handle('incidents:get', () => ({ ok: false, error: { code: 'not_found', message: 'no incident' } }));
    const contextBridge = fakeContextBridge();
    runPreload({ contextBridge, ipcRenderer: new FakeIpcRenderer(main, 'app://bundle/index.html') });
    expect(Object.keys(contextBridge.mainWorld)).toEqual(['incidentRelay']);
    const api = contextBridge.mainWorld.incidentRelay as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    const domains = [...new Set(CHANNEL_NAMES.map((c) => c.split(':')[0]!))];
    expect(Object.keys(api).sort()).toEqual([...domains, 'onPush'].sort());
    for (const channel of CHANNEL_NAMES) {
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof api[domain]![verb], channel).toBe('function');
    }
    await expect(api.server!.status!()).resolves.toMatchObject({ ok: true, value: { address: 'http://127.0.0.1:8080' } });
    const bridge = createPreloadBridge(api as unknown as Parameters<typeof createPreloadBridge>[0]);
    await expect(bridge.server.status()).resolves.toMatchObject({ address: 'http://127.0.0.1:8080' });
    await expect(bridge.incidents.get({ id: '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c' })).rejects.toMatchObject({ name: 'BridgeError', code: 'not_found' });
  });
});
