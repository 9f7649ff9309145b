// The session's permission policy: clipboard writes and notifications for the app's own page, nothing else for anyone.
import { describe, expect, it } from 'vitest';
import { applyPermissionPolicy } from '../../src-main/desktop/security/permissions.js';
import { createAppUrlCheck } from '../../src-main/desktop/window/app-url.js';
import { FakeSession } from './support/fake-electron.js';

const APP = 'app://bundle/index.html';

function policy() {
  const session = new FakeSession();
  const denied: string[] = [];
  applyPermissionPolicy(session, { isAppPage: createAppUrlCheck({ indexFile: '/app/dist-renderer/index.html' }), onDenied: (p, url) => denied.push(`${p} ${url}`) });
  return { session, denied };
}

describe('permission policy', () => {
  it('lets the app\'s page copy to the clipboard ("Copy publish token") and show notifications', () => {
    const { session } = policy();
    for (const permission of ['clipboard-sanitized-write', 'notifications']) {
      expect(session.requestPermission(permission, APP), permission).toBe(true);
      expect(session.check!(permission, 'app://bundle'), permission).toBe(true);
    }
  });

  it('denies every other permission to the app\'s page', () => {
    const { session, denied } = policy();
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'openExternal', 'fullscreen', 'pointerLock', 'midi', 'hid', 'serial', 'usb', 'unknown']) {
      expect(session.requestPermission(permission, APP), permission).toBe(false);
      expect(session.check!(permission, 'app://bundle'), permission).toBe(false);
    }
    expect(denied).toContain(`media ${APP}`);
  });

  it('denies even the allowed permissions to any other page', () => {
    const { session } = policy();
    for (const url of ['https://evil.example/', 'file:///app/dist-renderer/index.html', 'app://evil/index.html', '']) {
      expect(session.requestPermission('clipboard-sanitized-write', url), url).toBe(false);
      expect(session.check!('notifications', url), url).toBe(false);
    }
  });
});
