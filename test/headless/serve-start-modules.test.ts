// `serve` loads at start only the packages it needs: the YAML parser waits for a YAML config file, jose for JWT auth (start-up time).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ir-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ESM resolutions, reported from the loader thread (ES module packages do not show in the CommonJS cache). */
const RESOLVE_HOOK = `let port; export function initialize(d) { port = d.port; }
  export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;

/** Imports the built serve command (as the CLI does), loads a config, and prints the npm packages loaded. */
function packagesLoaded(configFile?: string): string[] {
  const script = `
    import { createRequire, register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const { port1, port2 } = new MessageChannel();
    const urls = [];
    port1.on('message', (u) => urls.push(u));
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RESOLVE_HOOK)}), { data: { port: port2 }, transferList: [port2] });
    const { loadConfig } = await import(${JSON.stringify(resolve('dist/src-main/server/index.js'))});
    await import(${JSON.stringify(resolve('dist/src-main/headless/commands/serve.js'))});
    const config = loadConfig({ file: ${JSON.stringify(configFile)}, env: {}, flags: {} });
    // Messages on one port arrive in order: once the sentinel's resolution is here, every earlier one is.
    const sentinel = 'data:text/javascript,export default 1';
    await import(sentinel);
    await new Promise((done) => { const check = () => (urls.includes(sentinel) ? done() : port1.once('message', check)); check(); });
    port1.close();
    const names = [...Object.keys(createRequire(import.meta.url).cache), ...urls].map((k) => k.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]);
    console.log(JSON.stringify({ port: config.port, packages: [...new Set(names.filter(Boolean))] }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { port: number; packages: string[] };
  return [String(out.port), ...out.packages];
}

describe('serve start-up modules', () => {
  it('does not load the YAML parser, jose, node-notifier or NATS without a YAML config file, JWT auth, --notify or --cluster', () => {
    const loaded = packagesLoaded();
    expect(loaded).toContain('better-sqlite3'); // the check sees CommonJS packages
    expect(loaded).toContain('zod'); // and ES module ones
    for (const name of ['yaml', 'jose', 'node-notifier', '@nats-io/jetstream', '@nats-io/kv']) expect(loaded).not.toContain(name);
  });

  it('loads the YAML parser for a YAML config file, and reads it', () => {
    const file = join(dir, 'relay.yaml');
    writeFileSync(file, 'port: 9123\n');
    const loaded = packagesLoaded(file);
    expect(loaded[0]).toBe('9123');
    expect(loaded).toContain('yaml');
  });
});
