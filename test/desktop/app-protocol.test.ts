// The app:// handler over a real bundle folder: serves its files with their types, refuses every way out of it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, bundlePath, createAppProtocolHandler } from '../../src-main/desktop/window/app-protocol.js';

const base = mkdtempSync(join(tmpdir(), 'ir-app-protocol-'));
const root = join(base, 'dist-renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Incident Relay</title>');
writeFileSync(join(root, 'assets', 'main-1a2b.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
writeFileSync(join(base, 'secret.txt'), 'publish token file');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppProtocolHandler(root);
const get = (url: string, method = 'GET'): Promise<Response> => handler({ url, method });

describe('app:// handler', () => {
  it('serves the bundle\'s page and assets with their content types', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Incident Relay</title>');
    const script = await get('app://bundle/assets/main-1a2b.js?v=1#x');
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await get('app://bundle/assets/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await (await get('app://bundle/')).text()).toContain('Incident Relay');
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('refuses paths that leave the bundle, in every spelling', async () => {
    for (const url of [
      'app://bundle/../secret.txt', 'app://bundle/assets/../../secret.txt', 'app://bundle/%2e%2e/secret.txt',
      'app://bundle/..%2fsecret.txt', 'app://bundle/assets%2f..%2f..%2fsecret.txt', 'app://bundle/..%5csecret.txt',
      'app://bundle/assets\\..\\..\\secret.txt', 'app://bundle/index.html%00.js', `app://bundle/${encodeURIComponent(join(base, 'secret.txt'))}`,
    ]) {
      const res = await get(url);
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('publish token file');
    }
    expect((await get('app://bundle/..%2fsecret.txt')).status).toBe(403);
  });

  it('refuses a symbolic link that points out of the bundle', async () => {
    const res = await get('app://bundle/assets/link.txt');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('publish token file');
  });

  it('answers 404 for missing files and folders, 400 for other hosts or bad escapes, 405 for writes', async () => {
    expect((await get('app://bundle/missing.js')).status).toBe(404);
    expect((await get('app://bundle/assets')).status).toBe(404);
    expect((await get('app://evil/index.html')).status).toBe(400);
    expect((await get('app://bundle/%E0%A4%A.js')).status).toBe(400);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it('maps URLs to files under the root only', () => {
    expect(bundlePath(root, 'app://bundle/assets/style.css')).toEqual({ path: join(root, 'assets', 'style.css') });
    expect(bundlePath(root, 'app://bundle/..%2f..%2fetc/passwd')).toMatchObject({ status: 403 });
    expect(bundlePath(root, 'not a url')).toMatchObject({ status: 400 });
  });

  it('is registered as a standard, secure scheme without CORS bypass or service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});
