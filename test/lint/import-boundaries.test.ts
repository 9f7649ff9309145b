// The layer rules of eslint.config.js report a forbidden import (and stay quiet on an allowed one), run through ESLint's API.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages ESLint gives for one import written in a file at `filePath`. */
async function boundaryMessages(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { thing } from '${specifier}';\nexport const used = thing;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (npm run lint)', () => {
  it.each([
    ['the core imports a feature', 'src-main/server/hub/fixture.ts', '../../relay/index.js', 'never imports features'],
    ['the core imports a shell', 'src-main/server/fixture.ts', '../headless/cli.js', 'never imports features'],
    ['a feature imports another feature', 'src-main/relay/fixture.ts', '../notify/index.js', 'never import each other'],
    ['a feature imports control', 'src-main/ingest/fixture.ts', '../control/index.js', 'never imports control'],
    ['a feature reaches below the core face', 'src-main/cluster/fixture.ts', '../server/journal/journal.js', 'server/index.ts'],
    ['control reaches below the core face', 'src-main/control/fixture.ts', '../server/server.js', 'server/index.ts'],
    ['control imports the assembly', 'src-main/control/fixture.ts', '../app/index.js', 'never imports the app assembly'],
    ['the assembly imports a shell', 'src-main/app/fixture.ts', '../headless/cli.js', 'never imports a shell'],
    ['the desktop shell imports the headless shell', 'src-main/desktop/core/fixture.ts', '../../headless/cli.js', 'No shell imports another shell'],
    ['the headless shell imports the desktop shell', 'src-main/headless/fixture.ts', '../desktop/main.js', 'No shell imports another shell'],
    ['a non-desktop folder imports electron', 'src-main/notify/fixture.ts', 'electron', 'Only src-main/desktop'],
    ['the renderer imports the main process', 'src-renderer/fixture.ts', '../src-main/server/index.js', 'through the Bridge'],
    ['src-shared imports the renderer', 'src-shared/fixture.ts', '../src-renderer/main.js', 'imports neither side'],
    ['src-shared imports Node', 'src-shared/fixture.ts', 'node:fs', 'runtime-neutral'],
  ])('reports: %s', async (_what, filePath, specifier, why) => {
    const messages = await boundaryMessages(filePath, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(why);
  });

  it.each([
    ['a feature imports the core face', 'src-main/relay/fixture.ts', '../server/index.js'],
    ['control imports a feature', 'src-main/control/fixture.ts', '../relay/index.js'],
    ['the assembly imports control', 'src-main/app/fixture.ts', '../control/index.js'],
    ['a shell imports the assembly', 'src-main/desktop/core/fixture.ts', '../../app/index.js'],
    ['the desktop imports its own control folder', 'src-main/desktop/app/fixture.ts', '../control/control-port.js'],
    ['the core imports its own deep files', 'src-main/server/hub/fixture.ts', '../journal/journal.js'],
    ['the renderer imports src-shared', 'src-renderer/fixture.ts', '../src-shared/protocol/index.js'],
  ])('allows: %s', async (_what, filePath, specifier) => {
    expect(await boundaryMessages(filePath, specifier)).toEqual([]);
  });
});
