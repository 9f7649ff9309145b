// Start at login round-trips on every OS: Electron's login-item calls faked with each platform's real semantics.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appLoginItems, HIDDEN_FLAG, startsHidden, XdgAutostart, type LoginItemSettingsPort } from '../../src-main/desktop/settings/login-items.js';

const sameArgs = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * Windows: `setLoginItemSettings` writes a Run registry value "<exe> <args>"; `getLoginItemSettings` reports
 * openAtLogin only when asked with the same path and arguments (Electron compares the command line).
 */
class WindowsLoginItems implements LoginItemSettingsPort {
  runValue: string[] | undefined;
  getLoginItemSettings(options: { args?: string[] } = {}): { openAtLogin: boolean } {
    return { openAtLogin: this.runValue !== undefined && sameArgs(this.runValue, options.args ?? []) };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.runValue = settings.openAtLogin ? [...(settings.args ?? [])] : undefined;
  }
}

/** macOS: a login item of the bundle; `args` are ignored, a login launch is reported by `wasOpenedAtLogin`. */
class MacLoginItems implements LoginItemSettingsPort {
  enabled = false;
  launchedByLogin = false;
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.enabled, wasOpenedAtLogin: this.launchedByLogin };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.enabled = settings.openAtLogin;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ir-login-items-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start at login', () => {
  it('Windows: reads back as on after turning it on (the Run entry is looked up with --hidden), and off again', () => {
    const win = new WindowsLoginItems();
    const items = appLoginItems(win, 'win32');
    items.setEnabled(true);
    expect(win.runValue).toEqual([HIDDEN_FLAG]);
    expect(items.isEnabled()).toBe(true);
    expect(startsHidden(['Incident Relay.exe', ...win.runValue!], items)).toBe(true);
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
  });

  it('macOS: round-trips, and a login launch starts hidden although macOS passes no arguments', () => {
    const mac = new MacLoginItems();
    const items = appLoginItems(mac, 'darwin');
    items.setEnabled(true);
    expect(items.isEnabled()).toBe(true);
    expect(startsHidden(['/Applications/Incident Relay.app/Contents/MacOS/Incident Relay'], items)).toBe(false);
    mac.launchedByLogin = true;
    expect(startsHidden(['/Applications/Incident Relay.app/Contents/MacOS/Incident Relay'], items)).toBe(true);
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
  });

  it('Linux: the autostart entry round-trips and starts with --hidden', () => {
    const items = new XdgAutostart({ dir, command: ['/opt/Incident Relay/incident-relay'] });
    items.setEnabled(true);
    expect(items.isEnabled()).toBe(true);
    expect(readFileSync(join(dir, 'incident-relay.desktop'), 'utf8')).toContain('Exec="/opt/Incident Relay/incident-relay" --hidden');
    expect(startsHidden(['/opt/Incident Relay/incident-relay', HIDDEN_FLAG], items)).toBe(true);
    expect(startsHidden(['/opt/Incident Relay/incident-relay'], items)).toBe(false);
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
  });
});
