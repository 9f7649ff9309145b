// main.ts itself, booted with the `electron` module replaced: it wires the real ports, serves IPC, and quits gracefully.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/bridge/index.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { app, ipcMain, protocol, recorded } from './support/electron-module.js';

vi.mock('electron', () => import('./support/electron-module.js'));
// electron-store loads the real `electron` package from node_modules (no binary here): the same file, through the JSON backend.
vi.mock('../../src-main/desktop/settings/electron-store-backend.js', () => ({
  createElectronStoreBackend: (o: { cwd: string }) => new JsonFileBackend(join(o.cwd, 'settings.json')),
}));

beforeAll(() => {
  recorded.userData = mkdtempSync(join(tmpdir(), 'ir-main-entry-'));
  vi.stubEnv('INCIDENT_RELAY_PORT', '0');
  vi.stubEnv('INCIDENT_RELAY_JOURNAL', 'memory');
  vi.stubEnv('INCIDENT_RELAY_LOG_LEVEL', 'silent');
});
afterAll(async () => {
  if (recorded.quitted === 0) app.quit();
  await vi.waitFor(() => expect(recorded.quitted).toBe(1), { timeout: 10_000 });
  vi.unstubAllEnvs();
  rmSync(recorded.userData, { recursive: true, force: true });
});

describe('main.ts', () => {
  it('names the app, starts everything and answers IPC from its own page only', async () => {
    await import('../../src-main/desktop/main.js');
    await vi.waitFor(() => expect(recorded.windows).toHaveLength(1), { timeout: 20_000 });
    expect(recorded.errorBoxes).toEqual([]);
    expect(app.name).toBe('Incident Relay');
    expect([recorded.trays, recorded.appMenuSet]).toEqual([1, 1]);
    const win = recorded.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(win.options.webPreferences.preload)).toMatch(/src-main[/\\]desktop[/\\]preload\.cjs$/);
    const page = win.webContents.loaded[0]!;
    expect(page).toBe('app://bundle/index.html');
    // The scheme was made privileged before ready, and its handler (served files: app-protocol.test.ts) is confined.
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown }]);
    expect((await protocol.handlers.get('app')!({ url: 'app://bundle/..%2f..%2fpackage.json', method: 'GET' })).status).toBe(403);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());

    const status = ipcMain.handlers.get('server:status')!;
    const ok = await status({ senderFrame: { url: page } }, {}) as { ok: boolean; value: { address: string } };
    expect(await status({ senderFrame: { url: 'file:///app/dist-renderer/index.html' } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ok.ok).toBe(true);
    expect((await fetch(`${ok.value.address}/health`)).status).toBe(200);
    expect(await status({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(readdirSync(recorded.userData)).toContain('settings.json');
  });

  it('quits only after draining', async () => {
    app.quit();
    expect(recorded.quitted).toBe(0);
    await vi.waitFor(() => expect(recorded.quitted).toBe(1), { timeout: 10_000 });
    expect(recorded.exitCode).toBeUndefined();
  });
});
