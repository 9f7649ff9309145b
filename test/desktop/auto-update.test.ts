// Updates: off by default (no feed, development, Linux), and when on, signature-checked installs only, never downgrades.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startAutoUpdate, updateDecision, type UpdaterPort } from '../../src-main/desktop/update/auto-update.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';

class FakeUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  checks = 0;
  async checkForUpdates(): Promise<unknown> { this.checks += 1; return null; }
}

describe('automatic updates', () => {
  it('are off unless a packaged Windows or macOS build names a feed', () => {
    expect(updateDecision({ platform: 'win32', isPackaged: false, feedConfigured: true })).toMatchObject({ enabled: false });
    expect(updateDecision({ platform: 'win32', isPackaged: true, feedConfigured: false })).toMatchObject({ enabled: false, reason: expect.stringContaining('no update feed') as unknown });
    expect(updateDecision({ platform: 'linux', isPackaged: true, feedConfigured: true })).toMatchObject({ enabled: false });
    expect(updateDecision({ platform: 'win32', isPackaged: true, feedConfigured: true })).toEqual({ enabled: true });
    expect(updateDecision({ platform: 'darwin', isPackaged: true, feedConfigured: true })).toEqual({ enabled: true });
  });

  it('do not even load electron-updater when off', async () => {
    let loads = 0;
    const stop = await startAutoUpdate({ decision: { enabled: false, reason: 'x' }, load: async () => { loads += 1; return new FakeUpdater(); }, logger: createLogger('silent') });
    stop();
    expect(loads).toBe(0);
  });

  it('when on: download, install at quit, no downgrade or prerelease; checks at start and periodically', async () => {
    const updater = new FakeUpdater();
    let periodic: (() => void) | undefined;
    let stopped = false;
    const stop = await startAutoUpdate({
      decision: { enabled: true }, load: async () => updater, logger: createLogger('silent'),
      every: (_ms, check) => { periodic = check; return () => { stopped = true; }; },
    });
    expect([updater.autoDownload, updater.autoInstallOnAppQuit, updater.allowDowngrade, updater.allowPrerelease]).toEqual([true, true, false, false]);
    expect(updater.checks).toBe(1);
    periodic!();
    expect(updater.checks).toBe(2);
    updater.emit('error', new Error('signature mismatch')); // logged, not thrown
    stop();
    expect(stopped).toBe(true);
  });
});
