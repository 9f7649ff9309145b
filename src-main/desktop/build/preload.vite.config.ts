// `vite build -c src-main/desktop/build/preload.vite.config.ts`: the preload bundle into dist/src-main/desktop/.
import { join } from 'node:path';
import { defineConfig } from 'vite';
import { preloadBuildConfig } from './preload-bundle.js';

export default defineConfig(preloadBuildConfig(join(import.meta.dirname, '..', '..', '..', 'dist', 'src-main', 'desktop')));
