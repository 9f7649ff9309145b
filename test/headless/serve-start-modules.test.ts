// `serve` loads at start only the packages it needs: the YAML parser waits for a YAML config file (a sizeable share of start-up).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ir-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports the built serve command (as the CLI does), loads a config, and prints the npm packages loaded. */
function packagesLoaded(configFile?: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { loadConfig } = await import(${JSON.stringify(resolve('dist/src-main/server/index.js'))});
    await import(${JSON.stringify(resolve('dist/src-main/headless/commands/serve.js'))});
    const config = loadConfig({ file: ${JSON.stringify(configFile)}, env: {}, flags: {} });
    const names = Object.keys(createRequire(import.meta.url).cache).map((k) => k.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]);
    console.log(JSON.stringify({ port: config.port, packages: [...new Set(names.filter(Boolean))] }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { port: number; packages: string[] };
  return [String(out.port), ...out.packages];
}

describe('serve start-up modules', () => {
  it('does not load the YAML parser or node-notifier without a YAML config file or --notify', () => {
    const loaded = packagesLoaded();
    expect(loaded).toContain('better-sqlite3'); // the check sees CommonJS packages
    expect(loaded).not.toContain('yaml');
    expect(loaded).not.toContain('node-notifier');
  });

  it('loads the YAML parser for a YAML config file, and reads it', () => {
    const file = join(dir, 'relay.yaml');
    writeFileSync(file, 'port: 9123\n');
    const loaded = packagesLoaded(file);
    expect(loaded[0]).toBe('9123');
    expect(loaded).toContain('yaml');
  });
});
