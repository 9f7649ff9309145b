// Start at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starting the app with this flag keeps the window hidden (tray only), as after a login. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItems {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** The part of Electron's `app` used on macOS and Windows. */
export interface LoginItemSettingsPort {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export function appLoginItems(app: LoginItemSettingsPort): LoginItems {
  return {
    isEnabled: () => app.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] }),
  };
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
