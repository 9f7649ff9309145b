// Start at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starting the app with this flag keeps the window hidden (tray only), as after a login. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItems {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** macOS: this launch came from the login item (which cannot pass HIDDEN_FLAG); elsewhere the flag tells. */
  wasOpenedAtLogin?(): boolean;
}

/** The part of Electron's `app` used on macOS and Windows. */
export interface LoginItemSettingsPort {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/**
 * Windows keeps a Run entry of the executable *with its arguments* and reports it only when asked with the same
 * arguments, so both calls pass HIDDEN_FLAG. macOS ignores arguments: the hidden start is read from `wasOpenedAtLogin`.
 */
export function appLoginItems(app: LoginItemSettingsPort, platform: NodeJS.Platform): LoginItems {
  if (platform === 'win32') {
    return {
      isEnabled: () => app.getLoginItemSettings({ args: [HIDDEN_FLAG] }).openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] }),
    };
  }
  return {
    isEnabled: () => app.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
    wasOpenedAtLogin: () => app.getLoginItemSettings().wasOpenedAtLogin === true,
  };
}

/** Whether this launch starts in the tray only: `--hidden` (Linux autostart, Windows Run entry) or a macOS login launch. */
export function startsHidden(argv: readonly string[], items: LoginItems): boolean {
  return argv.includes(HIDDEN_FLAG) || items.wasOpenedAtLogin?.() === true;
}

/** Quotes one Exec argument per the Desktop Entry spec (double quotes; `"`, `` ` ``, `$`, `\` escaped). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export interface XdgAutostartOptions {
  /** `$XDG_CONFIG_HOME/autostart`, usually `~/.config/autostart`. */
  dir: string;
  /** The command to start: `$APPIMAGE` for an AppImage, the executable when installed, `electron <app dir>` in development. */
  command: readonly string[];
  /** File name of the entry. */
  fileName?: string;
}

/** Linux: `app.setLoginItemSettings` does nothing there, so write the freedesktop autostart entry ourselves. */
export class XdgAutostart implements LoginItems {
  private readonly file: string;

  constructor(private readonly options: XdgAutostartOptions) {
    this.file = join(options.dir, options.fileName ?? 'incident-relay.desktop');
  }

  /** The entry's text. */
  entry(): string {
    return [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Incident Relay',
      'Comment=On-call incident notifications',
      `Exec=${[...this.options.command, HIDDEN_FLAG].map(quoteExecArg).join(' ')}`,
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n');
  }

  isEnabled(): boolean {
    return existsSync(this.file) && !/^Hidden=true$/m.test(readFileSync(this.file, 'utf8'));
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) {
      rmSync(this.file, { force: true });
      return;
    }
    mkdirSync(this.options.dir, { recursive: true });
    writeFileSync(this.file, this.entry(), { mode: 0o644 });
  }
}

/** The autostart folder per the XDG base directory spec. */
export function xdgAutostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'), 'autostart');
}
