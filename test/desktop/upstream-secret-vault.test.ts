// The SecretVault the desktop hands the control service: sealed by safeStorage with a keychain, the 0600 file without.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamManager } from '../../src-main/control/upstream-manager.js';
import { desktopSecretVault, sealedSecretVault } from '../../src-main/desktop/control/sealed-secret-vault.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import type { UpstreamRelays, UpstreamStatus } from '../../src-main/relay/index.js';
import { FakeSafeStorage } from './support/fake-electron.js';

const TOKEN = 'upstream-token-0123456789abcdef';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-vault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function secretStore(cipher = new FakeSafeStorage(), linuxBackend?: () => string): SecretStore {
  return new SecretStore(cipher, SettingsStore.open(new JsonFileBackend(join(dir, 'settings.json'))).store, linuxBackend);
}

const filesContaining = (text: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).filter((f) => readFileSync(f).includes(text));

describe('the desktop secret vault', () => {
  it('with a keychain, seals: only ciphertext in the settings file, readable again after a restart, deletable', () => {
    const vault = desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent'));
    vault.set('upstream:eu', TOKEN);
    expect(filesContaining(TOKEN)).toEqual([]);
    const reopened = desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent'));
    expect(reopened.get('upstream:eu')).toBe(TOKEN);
    reopened.delete('upstream:eu');
    expect(desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent')).get('upstream:eu')).toBeUndefined();
  });

  it('with Linux\'s basic_text fallback (a hard-coded key), uses the data dir\'s 0600 file instead', () => {
    const vault = desktopSecretVault(secretStore(new FakeSafeStorage(), () => 'basic_text'), join(dir, 'data'), createLogger('silent'));
    vault.set('upstream:eu', TOKEN);
    expect(filesContaining(TOKEN)).toEqual([join(dir, 'data', 'ui-secrets.json')]);
  });

  it('refuses, keeping nothing, when safeStorage cannot seal (rather than a token that is gone after a restart)', () => {
    const secrets = secretStore(new FakeSafeStorage(false));
    const vault = sealedSecretVault(secrets);
    expect(() => vault.set('upstream:eu', TOKEN)).toThrow(expect.objectContaining({ code: 'unavailable' }));
    expect(vault.get('upstream:eu')).toBeUndefined();
    expect(filesContaining(TOKEN)).toEqual([]);
  });

  it('moves tokens an earlier start kept in the file into the keychain once it is there (same value, file emptied)', () => {
    desktopSecretVault(secretStore(new FakeSafeStorage(), () => 'basic_text'), join(dir, 'data'), createLogger('silent')).set('upstream:eu', TOKEN);
    expect(filesContaining(TOKEN)).toEqual([join(dir, 'data', 'ui-secrets.json')]);
    const withKeychain = desktopSecretVault(secretStore(new FakeSafeStorage(), () => 'gnome_libsecret'), join(dir, 'data'), createLogger('silent'));
    expect(withKeychain.get('upstream:eu')).toBe(TOKEN);
    expect(filesContaining(TOKEN)).toEqual([]);
  });

  it('keeps the sealed vault when the keychain is not open yet, instead of switching to an empty file', () => {
    desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent')).set('upstream:eu', TOKEN);
    const early = desktopSecretVault(secretStore(new FakeSafeStorage(), () => 'basic_text'), join(dir, 'data'), createLogger('silent'));
    expect(early.get('upstream:eu')).toBeUndefined();
    // Not sealed with basic_text's hard-coded key, not written to the file either: refused, with the reason.
    expect(() => early.set('upstream:us', TOKEN)).toThrow(expect.objectContaining({ code: 'unavailable' }));
    expect(filesContaining(TOKEN)).toEqual([]);
    expect(desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent')).get('upstream:eu')).toBe(TOKEN);
  });
});

describe('upstream tokens with a late keychain (autostart before the Linux keyring)', () => {
  it('waits while the keychain is locked (no token, nothing replaced), then restarts the upstream with the same token', async () => {
    // An earlier start sealed the upstream and its token.
    const first = desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent'));
    new UpstreamManager(fakeRelay(), join(dir, 'data'), () => undefined, createLogger('silent'), first)
      .add({ name: 'eu', url: 'wss://eu.example.test/v1/stream', token: TOKEN, filters: {}, enabled: true });
    const sealedBefore = readFileSync(join(dir, 'settings.json'), 'utf8');

    const late = new LateKeychain();
    let retry: (() => void) | undefined;
    let cancelled = false;
    const every = (_ms: number, r: () => void) => { retry = r; return () => { cancelled = true; }; };
    const vault = desktopSecretVault(secretStore(late, late.backend), join(dir, 'data'), createLogger('silent'), { every });
    const relay = fakeRelay();
    const manager = new UpstreamManager(relay, join(dir, 'data'), () => undefined, createLogger('silent'), vault);
    expect(relay.started).toEqual([{ name: 'eu', token: undefined }]);
    // The Connections view says the token waits for the keychain (it used to read as "no token").
    expect([vault.locked?.('upstream:eu'), manager.list()[0]]).toEqual([true, expect.objectContaining({ hasToken: true, tokenStorage: 'keychain-locked' })]);
    retry!();
    expect(relay.started).toHaveLength(1);

    late.ready = true;
    retry!();
    await new Promise((r) => setImmediate(r));
    expect(relay.started).toEqual([{ name: 'eu', token: undefined }, { name: 'eu', token: TOKEN }]);
    expect([vault.locked?.('upstream:eu'), vault.get('upstream:eu'), manager.list()[0]?.hasToken, cancelled]).toEqual([false, TOKEN, true, true]);
    expect(manager.list()[0]?.tokenStorage).toBe('keychain');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(sealedBefore);
    expect(filesContaining(TOKEN)).toEqual([]);
  });

  it('records per secret which store holds it, and the upstream list shows it: keychain, file, none', () => {
    // Linux without a keyring: the 0600 file, said as such (the vault records it, not guessed from what is sealed).
    const filed = desktopSecretVault(secretStore(new FakeSafeStorage(), () => 'basic_text'), join(dir, 'filed'), createLogger('silent'));
    new UpstreamManager(fakeRelay(), join(dir, 'filed'), () => undefined, createLogger('silent'), filed)
      .add({ name: 'eu', url: 'wss://eu.example.test/v1/stream', token: TOKEN, filters: {}, enabled: true });
    expect(filed.backendOf('upstream:eu')).toBe('file');
    const reopened = new UpstreamManager(fakeRelay(), join(dir, 'filed'), () => undefined, createLogger('silent'), filed);
    expect(reopened.list()[0]).toMatchObject({ hasToken: true, tokenStorage: 'file' });

    const sealed = desktopSecretVault(secretStore(), join(dir, 'sealed'), createLogger('silent'));
    const sealedManager = new UpstreamManager(fakeRelay(), join(dir, 'sealed'), () => undefined, createLogger('silent'), sealed);
    sealedManager.add({ name: 'eu', url: 'wss://eu.example.test/v1/stream', token: TOKEN, filters: {}, enabled: true });
    sealedManager.add({ name: 'us', url: 'wss://us.example.test/v1/stream', filters: {}, enabled: true });
    expect([sealed.backendOf('upstream:eu'), sealed.backendOf('upstream:us')]).toEqual(['keychain', undefined]);
    expect(sealedManager.list().map((u) => [u.id, u.hasToken, u.tokenStorage])).toEqual([['eu', true, 'keychain'], ['us', false, null]]);
  });

  it('refuses to rename an upstream whose token is still locked, so the token is neither moved nor dropped', async () => {
    const first = desktopSecretVault(secretStore(), join(dir, 'data'), createLogger('silent'));
    new UpstreamManager(fakeRelay(), join(dir, 'data'), () => undefined, createLogger('silent'), first)
      .add({ name: 'eu', url: 'wss://eu.example.test/v1/stream', token: TOKEN, filters: {}, enabled: true });
    const late = new LateKeychain();
    const vault = desktopSecretVault(secretStore(late, late.backend), join(dir, 'data'), createLogger('silent'), { every: () => () => undefined });
    const manager = new UpstreamManager(fakeRelay(), join(dir, 'data'), () => undefined, createLogger('silent'), vault);
    await expect(manager.update({ id: 'eu', name: 'europe' })).rejects.toMatchObject({ code: 'conflict' });
    expect(manager.list().map((u) => u.id)).toEqual(['eu']);
    late.ready = true;
    expect(vault.get('upstream:eu')).toBe(TOKEN);
  });
});

/** A keychain whose readiness the test controls: Linux reports `basic_text` until the keyring service started. */
class LateKeychain extends FakeSafeStorage {
  ready = false;
  backend = (): string => (this.ready ? 'gnome_libsecret' : 'basic_text');
}

/** A relay that records the upstreams started (name and token) and keeps them as running. */
function fakeRelay() {
  const running = new Map<string, UpstreamStatus>();
  const started: { name: string; token: string | undefined }[] = [];
  const relay = {
    started,
    addUpstream(input: { name: string; url: string; token?: string | undefined }) {
      started.push({ name: input.name, token: input.token });
      const status = { name: input.name, url: input.url, hasToken: input.token !== undefined, state: 'connecting' } as unknown as UpstreamStatus;
      running.set(input.name, status);
      return status;
    },
    removeUpstream: (name: string) => Promise.resolve(running.delete(name)),
    list: () => [...running.values()],
    status: (name: string) => running.get(name),
  };
  return relay as typeof relay & UpstreamRelays;
}
