// electron-builder.yml checked by electron-builder's own validator (its scheme.json), plus the files it points at.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ICON_ASSETS } from '../../src-main/desktop/icons/write-assets.js';
import { decodePng } from './support/png-decode.js';
import { staticPackages } from './support/import-graph.js';

const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const load = (): Record<string, unknown> => parse(text) as Record<string, unknown>;
const scheme = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as JsonSchema;
const noDebug = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];
const validate = (config: Record<string, unknown>): Promise<void> => validateConfiguration(config as Parameters<typeof validateConfiguration>[0], noDebug);

interface JsonSchema { $ref?: string; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; additionalProperties?: boolean | JsonSchema; definitions?: Record<string, JsonSchema>; type?: string | string[] }

/** Every key path of `value` that the schema does not declare (objects only; a precise message for typos). */
function unknownKeys(value: unknown, schema: JsonSchema, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const resolve = (s: JsonSchema): JsonSchema => (s.$ref ? resolve(scheme.definitions![s.$ref.replace('#/definitions/', '')]!) : s);
  const objectSchemas = [resolve(schema), ...(resolve(schema).anyOf ?? []).map(resolve)].filter((s) => s.properties);
  if (objectSchemas.length === 0) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const owner = objectSchemas.find((s) => s.properties![key]);
    if (!owner) return objectSchemas.some((s) => s.additionalProperties !== false) ? [] : [`${path}${key}`];
    return unknownKeys(v, owner.properties![key]!, `${path}${key}.`);
  });
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validate(load())).resolves.toBeUndefined();
  });

  it('fails validation on a misspelt key, at the top level and inside a platform block', async () => {
    await expect(validate({ ...load(), asarUnpak: ['x'] })).rejects.toThrow(/asarUnpak/);
    const config = load();
    await expect(validate({ ...config, mac: { ...(config.mac as object), hardenedRuntim: true } })).rejects.toThrow(/Invalid configuration/);
    expect(unknownKeys({ ...config, mac: { ...(config.mac as object), hardenedRuntim: true } }, scheme, '')).toEqual(['mac.hardenedRuntim']);
  });

  it('names only keys the schema knows', () => {
    expect(unknownKeys(load(), scheme, '')).toEqual([]);
  });

  it('says what the issue asks for', () => {
    const c = load() as {
      productName: string; appId: string; asarUnpack: string[]; npmRebuild: boolean; files: string[];
      linux: { target: string[] }; mac: { target: string[]; hardenedRuntime: boolean }; win: { target: string[] };
    };
    expect(c.productName).toBe('Incident Relay');
    expect(c.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(c.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(c.mac.target).toEqual(['dmg']);
    expect(c.mac.hardenedRuntime).toBe(true);
    expect(c.win.target).toEqual(['nsis']);
    expect(c.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(c.npmRebuild).toBe(true);
    expect(c.files).toEqual(expect.arrayContaining(['dist/src-main/desktop/preload.cjs', 'dist-renderer/**/*']));
  });

  it('uses the app id that main.ts registers for Windows notifications', () => {
    const main = readFileSync(join(root, 'src-main', 'desktop', 'main.ts'), 'utf8');
    expect(main).toContain(`APP_ID = '${(load() as { appId: string }).appId}'`);
  });

  it('points at icons that exist, the source being a 1024 × 1024 PNG', () => {
    const c = load() as { icon: string; directories: { buildResources: string }; linux: { icon: string }; mac: { icon: string }; win: { icon: string } };
    expect(existsSync(join(root, c.directories.buildResources))).toBe(true);
    for (const icon of [c.icon, c.linux.icon, c.mac.icon, c.win.icon]) {
      const png = decodePng(readFileSync(join(root, icon)));
      expect([png.width, png.height]).toEqual([1024, 1024]);
    }
  });
});

describe('the packaged app\'s security settings', () => {
  const c = load() as {
    electronFuses: Record<string, boolean>; forceCodeSigning: boolean; files: string[]; publish: unknown;
    mac: { entitlements: string; entitlementsInherit: string; notarize: boolean; hardenedRuntime: boolean };
    win: { verifyUpdateCodeSignature: boolean; signtoolOptions: { publisherName: string[] } };
    deb: { depends: string[] }; rpm: { depends: string[] };
  };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('flips the fuses: no run-as-node, NODE_OPTIONS or --inspect; cookies encrypted; app only from an integrity-checked asar', () => {
    expect(c.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('gives macOS a minimal entitlements file: the JIT exception only, no library-validation bypass', () => {
    expect([c.mac.hardenedRuntime, c.mac.entitlements, c.mac.entitlementsInherit]).toEqual([true, 'assets/entitlements.mac.plist', 'assets/entitlements.mac.plist']);
    const plist = readFileSync(join(root, c.mac.entitlements), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).not.toContain('disable-library-validation');
  });

  it('fails a build that cannot sign, notarizes on macOS and installs Windows updates only from the named publisher', () => {
    expect(c.forceCodeSigning).toBe(true);
    expect(c.mac.notarize).toBe(true);
    expect(c.win.verifyUpdateCodeSignature).toBe(true);
    expect(c.win.signtoolOptions.publisherName.length).toBeGreaterThan(0);
    expect(c.publish).toBeNull(); // no update feed unless the packager sets one
    expect(pkg.dependencies['electron-updater']).toBeDefined();
  });

  it('uses an Electron major that gets security fixes (43-45 on 2026-12-04) and the matching type definitions', () => {
    const major = Number(/\d+/.exec(pkg.devDependencies.electron!)![0]);
    expect(major).toBeGreaterThanOrEqual(45);
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBe(major);
  });

  it('declares Electron\'s runtime libraries for deb and rpm (minimal systems lack them)', () => {
    const debNames = c.deb.depends.flatMap((d) => d.split('|').map((alt) => alt.trim()));
    for (const lib of ['libgbm1', 'libasound2', 'libnss3', 'libgtk-3-0', 'libxkbcommon0', 'libdrm2', 'libsecret-1-0', 'libnotify4']) expect(debNames, lib).toContain(lib);
    for (const lib of ['mesa-libgbm', 'alsa-lib', 'nss', 'gtk3', 'libxkbcommon', 'libsecret', 'libnotify']) expect(c.rpm.depends, lib).toContain(lib);
  });

  it('leaves headless-only modules out: node-notifier is excluded and nothing the desktop loads imports it', () => {
    expect(c.files).toContain('!node_modules/node-notifier{,/**/*}');
    const packages = staticPackages(join(root, 'src-main', 'desktop', 'main.ts'));
    expect(packages).not.toContain('node-notifier');
    const runtime = new Set([...Object.keys(pkg.dependencies), 'electron']);
    expect(packages.filter((p) => !runtime.has(p))).toEqual([]);
  });
});

describe('assets/', () => {
  it('holds exactly what the icon generator draws', () => {
    for (const [name, draw] of Object.entries(ICON_ASSETS)) {
      const committed = decodePng(readFileSync(join(root, 'assets', name)));
      const drawn = decodePng(draw());
      expect([committed.width, committed.height], name).toEqual([drawn.width, drawn.height]);
      expect(Buffer.from(committed.rgba).equals(Buffer.from(drawn.rgba)), `${name} is stale: rebuild the desktop and run node dist/src-main/desktop/icons/write-assets.js assets`).toBe(true);
    }
  });
});
