// Issue 23, desktop wiring (fakes of Electron, real core): the escalation form's calls over IPC; a push target's token
// entered there is sealed with safeStorage, never in a stored file in clear, and the escalator pages with it at once.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopSecretVault } from '../../src-main/desktop/control/sealed-secret-vault.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { EscalationSettingsKeeper } from '../../src-main/control/escalation-settings-keeper.js';
import { startEscalation } from '../../src-main/notify/index.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { incident } from '../support/fixtures.js';
import { waitFor } from '../notify/support/recording.js';
import { startPushRecorder } from '../notify/support/push-recorder.js';
import { FakeIpcMain, FakeSafeStorage } from './support/fake-electron.js';
import { startedDesktop } from './support/started-desktop.js';

const TOKEN = 'tk_sealed-ntfy-token-0123456789abcdef';
const APP_URL = 'app://bundle/index.html';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const filesContaining = (dir: string, text: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).filter((f) => readFileSync(f).includes(text));

describe('desktop escalation settings', () => {
  it('seals a target token set through the form with safeStorage and escalates with it, no restart', async () => {
    const phone = await startPushRecorder();
    cleanups.push(() => phone.close());
    const dir = mkdtempSync(join(tmpdir(), 'ir-desktop-escalation-vault-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const ipc = new FakeIpcMain();
    const desktop = await startedDesktop(dir, cleanups, { ipc });

    expect(await ipc.invoke(APP_URL, 'escalation:get', {})).toMatchObject({ ok: true, value: { enabled: false, source: 'none' } });
    const saved = await ipc.invoke(APP_URL, 'escalation:save', {
      enabled: true,
      escalation: { targets: [{ name: 'alice-phone', kind: 'ntfy', url: phone.url, topic: 'alice' }], steps: [{ after_minutes: { P0: 0 }, targets: ['alice-phone'] }] },
      secrets: { 'alice-phone': TOKEN },
    });
    expect(saved).toMatchObject({ ok: true, value: { secrets: [{ target: 'alice-phone', source: 'settings', storage: 'keychain' }] } });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    // Only safeStorage's ciphertext is stored: the token is in no file in clear (settings, data dir, anything).
    expect(filesContaining(dir, TOKEN)).toEqual([]);
    const sealed = Buffer.from(`sealed:${Buffer.from(TOKEN).toString('hex')}`).toString('base64');
    expect(filesContaining(dir, sealed)).toEqual([join(dir, 'settings.json')]);

    await desktop.core.core.server.publish([{ event_type: 'incident_created', incident: incident({ severity: 'P0', title: 'Primary DB down' }) }]);
    await waitFor('the page at the phone', () => phone.requests.length === 1, 20_000);
    expect(phone.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  }, 60_000);
});

/** safeStorage whose keychain opens late (autostart before the Linux keyring): `basic_text` until ready. */
class LateKeychain extends FakeSafeStorage {
  ready = false;
  backend = (): string => (this.ready ? 'gnome_libsecret' : 'basic_text');
}

describe('escalation tokens with a late keychain', () => {
  it('waits for the keychain instead of running without the sealed token, then applies the saved settings with it', async () => {
    const gotify = await startPushRecorder();
    cleanups.push(() => gotify.close());
    const dir = mkdtempSync(join(tmpdir(), 'ir-escalation-late-keychain-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const secretStore = (cipher: FakeSafeStorage, backend?: () => string) =>
      new SecretStore(cipher, SettingsStore.open(new JsonFileBackend(join(dir, 'settings.json'))).store, backend);
    const escalator = () => startEscalation({ getIncident: () => undefined, publish: async () => undefined, onWarning: () => undefined });
    const form = {
      targets: [{ name: 'bob-phone', kind: 'gotify' as const, url: gotify.url }], steps: [{ after_minutes: { P0: 5 }, targets: ['bob-phone'] }],
      escalate_when_idle: true, attempts: 1, retry_base_secs: 1,
    };
    const first = escalator();
    new EscalationSettingsKeeper(join(dir, 'data'), () => undefined, desktopSecretVault(secretStore(new FakeSafeStorage()), join(dir, 'data'), createLogger('silent')), { escalator: first })
      .save(true, form, { 'bob-phone': TOKEN });
    expect(first.enabled()).toBe(true);
    first.stop();

    const late = new LateKeychain();
    let retry: (() => void) | undefined;
    const vault = desktopSecretVault(secretStore(late, late.backend), join(dir, 'data'), createLogger('silent'), { every: (_ms, r) => { retry = r; return () => undefined; } });
    const problems: string[] = [];
    const running = escalator();
    cleanups.push(() => running.stop());
    const keeper = new EscalationSettingsKeeper(join(dir, 'data'), (m) => void problems.push(m), vault, { escalator: running });
    expect(running.enabled()).toBe(false);
    expect(keeper.view().secrets).toEqual([{ target: 'bob-phone', source: 'settings', storage: 'keychain-locked' }]);
    expect(problems[0]).toBe('escalation target tokens wait for the OS keychain; applied once it opens');

    late.ready = true;
    retry!();
    expect(running.enabled()).toBe(true);
    expect(await keeper.test('bob-phone')).toMatchObject({ delivered: true });
    expect(gotify.requests[0]!.headers['x-gotify-key']).toBe(TOKEN);
    expect(filesContaining(dir, TOKEN)).toEqual([]);
  }, 30_000);
});
