// Vite build of the renderer: src-renderer → dist-renderer, relative asset paths (served at `/` and from file://).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PAGE_CSP } from '../src-shared/web-console.js';

/** Adds the CSP meta tag to the built page only: the dev server's React refresh preamble is an inline script. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'incident-relay-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
});
