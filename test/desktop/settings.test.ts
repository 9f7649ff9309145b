// Desktop settings over a real JSON file: defaults, migrations, corrupt files kept aside, sealed tokens, autostart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainTokenPort } from '../../src-main/desktop/control/keychain-token-port.js';
import { openPublishToken } from '../../src-main/desktop/control/sealed-publish-token.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import { quoteExecArg, XdgAutostart, xdgAutostartDir } from '../../src-main/desktop/settings/login-items.js';
import { SecretStore } from '../../src-main/desktop/settings/secret-store.js';
import { DEFAULT_DESKTOP_SETTINGS, SETTINGS_VERSION } from '../../src-main/desktop/settings/settings-schema.js';
import { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import { FakeSafeStorage } from './support/fake-electron.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const asideFiles = (): string[] => readdirSync(dir).filter((f) => f.startsWith('settings.corrupt-'));
const stored = (): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('desktop settings', () => {
  it('start with the defaults and write them', () => {
    const { store, report } = SettingsStore.open(new JsonFileBackend(file));
    expect(store.get()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(report).toEqual({ migrated: [] });
    expect(stored()).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('a corrupt file starts with the defaults and is kept aside, untouched', () => {
    const garbage = '{"schemaVersion": 1, "server": {"port": 80';
    writeFileSync(file, garbage);
    const { store, report } = SettingsStore.open(new JsonFileBackend(file));
    expect(store.get()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(report.recovered?.reason).toMatch(/JSON/);
    expect(asideFiles()).toHaveLength(1);
    expect(report.recovered?.keptAt).toBe(join(dir, asideFiles()[0]!));
    expect(readFileSync(report.recovered!.keptAt!, 'utf8')).toBe(garbage);
    expect(stored()).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('a file that breaks the schema, or comes from a newer build, is kept aside too', () => {
    for (const doc of [{ schemaVersion: 1, server: { port: 'eighty' } }, { schemaVersion: SETTINGS_VERSION + 1, server: { port: 9000 } }, [1, 2, 3], null]) {
      writeFileSync(file, JSON.stringify(doc));
      const { store, report } = SettingsStore.open(new JsonFileBackend(file));
      expect(store.get(), JSON.stringify(doc)).toEqual(DEFAULT_DESKTOP_SETTINGS);
      expect(report.recovered, JSON.stringify(doc)).toBeDefined();
    }
    expect(asideFiles().map((f) => readFileSync(join(dir, f), 'utf8')).sort()).toEqual(['[1,2,3]', 'null', '{"schemaVersion":1,"server":{"port":"eighty"}}', '{"schemaVersion":2,"server":{"port":9000}}']);
  });

  it('never overwrites a bad file it could not move aside', () => {
    writeFileSync(file, 'not json');
    const backend = new JsonFileBackend(file);
    backend.keepAside = () => { throw new Error('EACCES: permission denied'); };
    const { store, report } = SettingsStore.open(backend);
    expect(report.writeError).toMatch(/could not move .* aside: .*EACCES/);
    store.update((s) => ({ ...s, closeToTray: false }));
    expect(store.get().closeToTray).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });

  it('migrates an unversioned file and fills missing keys', () => {
    writeFileSync(file, JSON.stringify({ port: 9100, closeToTray: false }));
    const { store, report } = SettingsStore.open(new JsonFileBackend(file));
    expect(store.get()).toEqual({ ...DEFAULT_DESKTOP_SETTINGS, server: { port: 9100 }, closeToTray: false });
    expect(report.migrated).toHaveLength(1);
    expect(asideFiles()).toEqual([]);
    expect(stored()).toMatchObject({ schemaVersion: 1, server: { port: 9100 } });
  });

  it('validates every update, keeps the last good settings and tells listeners', () => {
    const { store } = SettingsStore.open(new JsonFileBackend(file));
    const seen: number[] = [];
    store.onChange((s) => seen.push(s.server.port));
    store.update((s) => ({ ...s, server: { port: 9200 } }));
    expect(() => store.update((s) => ({ ...s, server: { port: 70_000 } }))).toThrow(/server\.port/);
    expect(store.get().server.port).toBe(9200);
    expect(SettingsStore.open(new JsonFileBackend(file)).store.get().server.port).toBe(9200);
    expect(seen).toEqual([9200]);
  });
});

describe('sealed secrets', () => {
  it('keep only ciphertext in the settings file', () => {
    const { store } = SettingsStore.open(new JsonFileBackend(file));
    const secrets = new SecretStore(new FakeSafeStorage(), store);
    expect(secrets.set('upstream:eu', 'super-secret-token-value')).toEqual({ persisted: true });
    expect(readFileSync(file, 'utf8')).not.toContain('super-secret-token-value');
    const reopened = new SecretStore(new FakeSafeStorage(), SettingsStore.open(new JsonFileBackend(file)).store);
    expect(reopened.get('upstream:eu')).toBe('super-secret-token-value');
    reopened.delete('upstream:eu');
    expect(reopened.get('upstream:eu')).toBeUndefined();
  });

  it('are held in memory only when the OS cannot seal them', () => {
    const { store } = SettingsStore.open(new JsonFileBackend(file));
    const secrets = new SecretStore(new FakeSafeStorage(false), store);
    expect(secrets.protection()).toBe('unavailable');
    expect(secrets.set('upstream:eu', 'super-secret-token-value')).toEqual({ persisted: false });
    expect(secrets.get('upstream:eu')).toBe('super-secret-token-value');
    expect(readFileSync(file, 'utf8')).not.toContain('super-secret');
    expect(store.get().sealedSecrets).toEqual({});
  });

  it('report a sealed value that no longer opens, and tell Linux basic_text apart', () => {
    const { store } = SettingsStore.open(new JsonFileBackend(file));
    store.update((s) => ({ ...s, sealedSecrets: { lost: Buffer.from('garbage').toString('base64') } }));
    const unreadable: string[] = [];
    const secrets = new SecretStore(new FakeSafeStorage(), store, () => 'basic_text');
    secrets.onUnreadable = (name) => unreadable.push(name);
    expect(secrets.get('lost')).toBeUndefined();
    expect(unreadable).toEqual(['lost']);
    expect(secrets.protection()).toBe('weak');
  });

  it('keep the publish token sealed, stable across starts, and rotate it on the running server', () => {
    const open = () => new SecretStore(new FakeSafeStorage(), SettingsStore.open(new JsonFileBackend(file)).store);
    const first = openPublishToken(open(), join(dir, 'data'));
    expect(first).toMatchObject({ kind: 'keychain', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown });
    const token = (first as { token: string }).token;
    expect(openPublishToken(open(), join(dir, 'data'))).toEqual({ kind: 'keychain', token, movedFromFile: false });
    expect(readFileSync(file, 'utf8')).not.toContain(token);
    const applied: string[] = [];
    const port = keychainTokenPort({ secrets: open(), server: { setPublishToken: (t: string) => applied.push(t) }, source: first as { kind: 'keychain'; token: string; movedFromFile: boolean } });
    const next = port.rotate();
    expect(next).not.toBe(token);
    expect([port.reveal(), applied, port.storage()]).toEqual([next, [next], 'keychain']);
    expect(openPublishToken(open(), join(dir, 'data'))).toMatchObject({ kind: 'keychain', token: next });
  });
});

describe('start at login on Linux', () => {
  it('writes and removes an XDG autostart entry that starts hidden', () => {
    const autostart = join(dir, 'autostart');
    const items = new XdgAutostart({ dir: autostart, command: ['/opt/Incident Relay/incident-relay'] });
    expect(items.isEnabled()).toBe(false);
    items.setEnabled(true);
    expect(items.isEnabled()).toBe(true);
    const entry = readFileSync(join(autostart, 'incident-relay.desktop'), 'utf8');
    expect(entry).toContain('Exec="/opt/Incident Relay/incident-relay" --hidden\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    items.setEnabled(false);
    expect(existsSync(join(autostart, 'incident-relay.desktop'))).toBe(false);
    expect(items.isEnabled()).toBe(false);
  });

  it('quotes Exec arguments per the Desktop Entry spec and finds the autostart folder', () => {
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('/a b/"q"$x`y\\z')).toBe('"/a b/\\"q\\"\\$x\\`y\\\\z"');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/autostart');
  });
});
