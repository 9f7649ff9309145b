// The desktop's read-only token: sealed with a keychain, a 0600 file without one (moved in later), in api_tokens as subscribe.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadToken, READ_TOKEN_FILE } from '../../src-main/desktop/control/read-token.js';
import { desktopConfig } from '../../src-main/desktop/core/desktop-config.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { FakeSafeStorage } from './support/fake-electron.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-read-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = (backend: string, available = true): SecretStore =>
  new SecretStore(new FakeSafeStorage(available), SettingsStore.open(new JsonFileBackend(join(dir, 'settings.json'))).store, () => backend);

describe('the read-only token', () => {
  it('without a keychain lives in a 0600 file, and moves into the keychain unchanged once there is one', () => {
    const data = join(dir, 'data');
    const first = openReadToken(store('basic_text'), data)!;
    expect(first.storage).toBe('file');
    const file = join(data, READ_TOKEN_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(openReadToken(store('basic_text'), data)).toEqual(first);
    expect(openReadToken(store('gnome_libsecret'), data)).toEqual({ token: first.token, storage: 'keychain' });
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain(first.token);
  });

  it('is not replaced while a sealed one cannot be opened', () => {
    const data = join(dir, 'data');
    openReadToken(store('gnome_libsecret'), data);
    expect(openReadToken(store('basic_text'), data)).toBeUndefined();
    expect(existsSync(join(data, READ_TOKEN_FILE))).toBe(false);
  });

  it('is added to the configured api_tokens with the subscribe scope only', () => {
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, 'api_tokens:\n  - token: dashboard-token-0123456789\n    scopes: [subscribe, publish]\n');
    const config = desktopConfig({ settingsPort: 0, dataDir: join(dir, 'data'), readToken: 'read-only-token-0123456789', configFile, env: {} });
    expect(config.api_tokens).toEqual([
      { token: 'dashboard-token-0123456789', scopes: ['subscribe', 'publish'] },
      { token: 'read-only-token-0123456789', scopes: ['subscribe'] },
    ]);
  });
});
