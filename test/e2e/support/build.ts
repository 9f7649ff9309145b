// Makes sure the e2e suite runs the current code: builds dist/ (CLI) and dist-renderer/ (UI) when missing or stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'dist/src-main/headless/cli.js');
const RENDERER_INDEX = join(ROOT, 'dist-renderer/index.html');

/** Newest modification time of the files under `dirs` (ms). */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(ROOT, d));
  return newest;
}

const builtAt = (file: string): number => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(what: string, args: string[], allowTypeErrors = false): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  if (r.status === 0 || (allowTypeErrors && r.status === 2)) return;
  throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

/** Builds what is missing or older than its sources; returns what was rebuilt. */
export function ensureBuilt(): string[] {
  const rebuilt: string[] = [];
  if (builtAt(CLI) < newestMtime(['src-main', 'src-shared'])) {
    // tsc still emits when another module has a type error (exit 2); the CLI must exist afterwards.
    run('tsc -p tsconfig.build.json', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], true);
    if (!existsSync(CLI)) throw new Error(`the build did not produce ${CLI}`);
    rebuilt.push('dist');
  }
  if (builtAt(RENDERER_INDEX) < newestMtime(['src-renderer', 'src-shared'])) {
    run('vite build', [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn']);
    rebuilt.push('dist-renderer');
  }
  return rebuilt;
}
