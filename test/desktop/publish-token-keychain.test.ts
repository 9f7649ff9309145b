// The publish token when the keychain is late (autostart before the Linux keyring): same token, waiting shown, no switch.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainTokenPort } from '../../src-main/desktop/control/keychain-token-port.js';
import { openPublishToken, startPublishToken } from '../../src-main/desktop/control/sealed-publish-token.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { PUBLISH_TOKEN_FILE } from '../../src-main/server/auth/publish-token.js';
import { FakeSafeStorage } from './support/fake-electron.js';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-token-keychain-'));
  dataDir = join(dir, 'data');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A keychain whose readiness the test controls: Linux reports `basic_text` until the keyring service started. */
class LateKeychain extends FakeSafeStorage {
  ready = false;
  backend = (): string => (this.ready ? 'gnome_libsecret' : 'basic_text');
}

const store = (keychain: FakeSafeStorage, backend?: () => string): SecretStore =>
  new SecretStore(keychain, SettingsStore.open(new JsonFileBackend(join(dir, 'settings.json'))).store, backend);

/** A manual retry timer: the test runs the retries. */
function manualTimer() {
  const timer = { retry: undefined as (() => void) | undefined, cancelled: false };
  return { timer, every: (_ms: number, retry: () => void) => { timer.retry = retry; return () => { timer.cancelled = true; }; } };
}

describe('publish token with a late keychain', () => {
  it('keeps the sealed token: waits while the keyring is not up, refusing publishers, then uses the same token', () => {
    const first = openPublishToken(store(new FakeSafeStorage(), () => 'gnome_libsecret'), dataDir);
    expect(first.kind).toBe('keychain');
    const token = (first as { token: string }).token;

    // Next login: the app autostarts before the keyring.
    const late = new LateKeychain();
    const secrets = store(late, late.backend);
    const source = openPublishToken(secrets, dataDir);
    expect(source).toMatchObject({ kind: 'locked' });
    expect(existsSync(join(dataDir, PUBLISH_TOKEN_FILE))).toBe(false); // the old code fell back to (and created) the file
    const placeholder = startPublishToken(source);
    expect(placeholder).toBeDefined();
    expect(placeholder).not.toBe(token);

    const applied: string[] = [];
    const { timer, every } = manualTimer();
    let unlocked = 0;
    const port = keychainTokenPort({ secrets, server: { setPublishToken: (t) => applied.push(t) }, source: source as { kind: 'locked'; reason: string }, every, onUnlocked: () => { unlocked += 1; } });
    expect(port.storage()).toBe('keychain-locked');
    expect(() => port.reveal()).toThrow(expect.objectContaining({ code: 'unavailable', message: expect.stringContaining('waits for the keychain') as unknown }));
    expect(() => port.rotate()).toThrow(expect.objectContaining({ code: 'unavailable' }));
    timer.retry!();
    expect([applied, port.storage()]).toEqual([[], 'keychain-locked']);

    late.ready = true;
    timer.retry!();
    expect(applied).toEqual([token]);
    expect([port.storage(), port.reveal(), unlocked, timer.cancelled]).toEqual(['keychain', token, 1, true]);
    expect(openPublishToken(secrets, dataDir)).toMatchObject({ kind: 'keychain', token });
  });

  it('answers the status with a fresh look at the keychain (the Connections view\'s "Check again")', () => {
    openPublishToken(store(new FakeSafeStorage(), () => 'gnome_libsecret'), dataDir);
    const late = new LateKeychain();
    const secrets = store(late, late.backend);
    const source = openPublishToken(secrets, dataDir) as { kind: 'locked'; reason: string };
    const applied: string[] = [];
    const port = keychainTokenPort({ secrets, server: { setPublishToken: (t) => applied.push(t) }, source, every: manualTimer().every });
    expect(port.storage()).toBe('keychain-locked');
    late.ready = true;
    expect(port.storage()).toBe('keychain');
    expect(applied).toHaveLength(1);
  });

  it('does not replace a sealed token the keychain cannot open (reset): the user rotates deliberately', () => {
    const secrets = store(new FakeSafeStorage(), () => 'gnome_libsecret');
    openPublishToken(secrets, dataDir);
    const { store: settings } = SettingsStore.open(new JsonFileBackend(join(dir, 'settings.json')));
    settings.update((s) => ({ ...s, sealedSecrets: { 'publish-token': Buffer.from('sealed by a keychain since reset').toString('base64') } }));
    const reset = new SecretStore(new FakeSafeStorage(), settings, () => 'gnome_libsecret');
    const source = openPublishToken(reset, dataDir);
    expect(source.kind).toBe('locked');
    expect(settings.get().sealedSecrets['publish-token']).toBe(Buffer.from('sealed by a keychain since reset').toString('base64'));
    const applied: string[] = [];
    const port = keychainTokenPort({ secrets: reset, server: { setPublishToken: (t) => applied.push(t) }, source: source as { kind: 'locked'; reason: string }, every: manualTimer().every });
    const fresh = port.rotate();
    expect([applied, port.storage(), port.reveal()]).toEqual([[fresh], 'keychain', fresh]);
  });

  it('moves a token file into the keychain once there is one, keeping the token publishers already use', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, PUBLISH_TOKEN_FILE), 'file-token-0123456789abcdef-xyz\n', { mode: 0o600 });
    expect(openPublishToken(store(new FakeSafeStorage(), () => 'basic_text'), dataDir)).toEqual({ kind: 'file' });
    expect(existsSync(join(dataDir, PUBLISH_TOKEN_FILE))).toBe(true);
    const moved = openPublishToken(store(new FakeSafeStorage(), () => 'gnome_libsecret'), dataDir);
    expect(moved).toEqual({ kind: 'keychain', token: 'file-token-0123456789abcdef-xyz', movedFromFile: true });
    expect(existsSync(join(dataDir, PUBLISH_TOKEN_FILE))).toBe(false);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('file-token');
  });

  it('uses the token file when there is no keychain and nothing sealed', () => {
    const source = openPublishToken(store(new FakeSafeStorage(false)), dataDir);
    expect(source).toEqual({ kind: 'file' });
    expect(startPublishToken(source)).toBeUndefined();
  });
});
