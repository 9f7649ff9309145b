// The preload bundles into one CommonJS file that needs only `electron`, and exposes one Bridge object when run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CHANNEL_NAMES } from '../../src-shared/bridge/index.js';
import { PRELOAD_FILE, preloadBuildConfig } from '../../src-main/desktop/build/preload-bundle.js';
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

  it('exposes exactly one object, the Bridge, whose calls go over ipcRenderer', async () => {
    const main = new FakeIpcMain();
    main.handle('server:status', () => ({ ok: true, value: { address: 'http://127.0.0.1:8080', version: '0.1.0', startedAt: '2025-01-01T00:00:00Z', authRequired: false } }));
    const exposed: { key: string; api: Record<string, unknown> }[] = [];
    runPreload({
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) },
      ipcRenderer: new FakeIpcRenderer(main, 'file:///app/dist-renderer/index.html'),
    });
    expect(exposed.map((e) => e.key)).toEqual(['incidentRelay']);
    const api = exposed[0]!.api as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    const domains = [...new Set(CHANNEL_NAMES.map((c) => c.split(':')[0]!))];
    expect(Object.keys(api).sort()).toEqual([...domains, 'connection', 'on', 'onConnection'].sort());
    for (const channel of CHANNEL_NAMES) {
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof api[domain]![verb], channel).toBe('function');
    }
    await expect(api.server!.status!()).resolves.toMatchObject({ address: 'http://127.0.0.1:8080' });
  });
});
