// The SecretVault the desktop hands the control service: sealed by safeStorage with a keychain, the 0600 file without.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopSecretVault, sealedSecretVault } from '../../src-main/desktop/control/sealed-secret-vault.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
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
