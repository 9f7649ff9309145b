// Where e2e screenshots go: every run writes them under test-results/ (ignored by git); UPDATE_SCREENSHOTS=1 also
// refreshes the committed copies under assets/screenshots/, so a test run never rewrites tracked files unasked.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './build.js';

export interface ScreenshotFolder {
  /** Saves a screenshot of `page` as `<name>.png` in this run's folder, and in the committed folder when asked. */
  take(page: Page, name: string): Promise<void>;
}

/** Screenshots named within `folder` (`test-results/<folder>`, committed as `assets/screenshots/<folder>`). */
export function screenshotFolder(folder: string, env: NodeJS.ProcessEnv = process.env): ScreenshotFolder {
  const run = join(ROOT, 'test-results', folder);
  const committed = env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'assets', 'screenshots', folder) : undefined;
  return {
    async take(page, name) {
      mkdirSync(run, { recursive: true });
      const path = join(run, `${name}.png`);
      await page.screenshot({ path });
      if (!committed) return;
      mkdirSync(committed, { recursive: true });
      copyFileSync(path, join(committed, `${name}.png`));
    },
  };
}
