// Vite build of the renderer: src-renderer → dist-renderer, relative asset paths (served at `/` and from file://).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The CSP the page runs under in Electron and in the browser console (the server also sends it as a header). */
export const RENDERER_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
  "img-src 'self' data:", "base-uri 'none'", "form-action 'none'",
].join('; ');

/** Adds the CSP meta tag to the built page only: the dev server's React refresh preamble is an inline script. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'incident-relay-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' }],
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
