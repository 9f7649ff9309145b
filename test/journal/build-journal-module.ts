// Compiles the SQLite journal (and only what it imports) into dist/, for child processes that run it with plain node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const source = join(repo, 'src-main/server/journal/sqlite-journal.ts');
/** The compiled module the crash-test child imports. */
export const builtJournal = join(repo, 'dist/src-main/server/journal/sqlite-journal.js');

/**
 * Same options and layout as `tsconfig.build.json`, but only this module's import graph, so the
 * build is quick and does not depend on unrelated files compiling.
 */
export function buildJournalModule(): void {
  const dir = mkdtempSync(join(tmpdir(), 'journal-build-'));
  try {
    const config = join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({
      extends: join(repo, 'tsconfig.build.json'),
      compilerOptions: { rootDir: repo, outDir: join(repo, 'dist'), typeRoots: [join(repo, 'node_modules/@types')] },
      files: [source],
      include: [],
    }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', config], { cwd: repo, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tsc failed (${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
    if (statSync(builtJournal).mtimeMs < statSync(source).mtimeMs) throw new Error(`${builtJournal} is older than its source after tsc`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
