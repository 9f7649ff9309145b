// Writes the generated icons to assets/: `node dist/src-main/desktop/icons/write-assets.js [dir]` after the desktop build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderAppIcon } from './app-icon.js';
import { renderTrayIcon, type TrayLevel } from './tray-icons.js';

/** Files under assets/ and how each is drawn. */
export const ICON_ASSETS: Readonly<Record<string, () => Buffer>> = {
  'icon.png': () => renderAppIcon(),
  ...Object.fromEntries((['idle', 'urgent', 'critical'] as TrayLevel[]).map((level) => [`tray/tray-${level}.png`, () => renderTrayIcon(level, 0)])),
};

export function writeIconAssets(dir: string): string[] {
  return Object.entries(ICON_ASSETS).map(([name, draw]) => {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, draw());
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const file of writeIconAssets(resolve(process.argv[2] ?? 'assets'))) process.stdout.write(`wrote ${file}\n`);
}
