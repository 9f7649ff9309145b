// How the preload is bundled: one CommonJS file whose only `require` is `electron` (sandboxed preloads load nothing else).
import { join } from 'node:path';
import type { InlineConfig } from 'vite';

/** Output file name; main.ts loads `preload.cjs` next to itself. */
export const PRELOAD_FILE = 'preload.cjs';
const ENTRY = join(import.meta.dirname, '..', 'preload.ts');

/** Vite (library mode) options writing the bundle to `outDir`; chrome142 is a floor: Electron 45 runs a newer Chromium. */
export function preloadBuildConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      lib: { entry: ENTRY, formats: ['cjs'], fileName: () => PRELOAD_FILE },
      outDir,
      emptyOutDir: false,
      target: 'chrome142',
      minify: false,
      sourcemap: true,
      rolldownOptions: { external: ['electron'] },
    },
  };
}
