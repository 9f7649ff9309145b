// The console at phone, small-laptop and desktop sizes in real Chromium: every view usable (its key buttons inside
// the viewport and clickable), the detail pane as a sheet on a phone, screenshots of each view at each size; the
// board's order, grouping, whole labels, links and time zone; the sign-in page and a second browser signing in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { comment, created, incident } from '../support/fixtures.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { CLI, ensureBuilt } from './support/build.js';
import { screenshotFolder } from './support/screenshots.js';
import { publishEvents, startServe, type ServeProcess } from './support/serve-process.js';

const SHOTS = screenshotFolder('console-layout');
const STEP_MS = 15_000;
const SIZES = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'small', width: 800, height: 600 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

describe('the console from 360 px to wide, in Chromium', () => {
  let dataDir = '';
  let server: ServeProcess | undefined;
  let browser: Browser | undefined;
  let second: Browser | undefined;
  let page: Page;
  let token = '';
  const oldP0 = incident({
    severity: 'P0', title: 'Checkout is down', source: 'alertmanager', created_at: minutesAgo(30), affected_resources: ['checkout-api'],
    description: 'Runbook: https://runbooks.example.com/checkout, dashboard javascript:alert(1)',
    labels: { team: 'payments', runbook_url: 'https://runbooks.example.com/checkout', console: 'javascript:alert(1)' },
  });
  const newP0 = incident({ severity: 'P0', title: 'Payments API 5xx', source: 'alertmanager', created_at: minutesAgo(2), labels: { team: 'payments' } });
  const disks = Array.from({ length: 7 }, (_, n) => incident({
    severity: 'P2', title: 'auth: disk 90% full', source: 'node-exporter', created_at: minutesAgo(20 - n),
    labels: { team: 'auth', environment: 'production-europe-west', instance: `auth-node-${n}.internal.example.com`, service: 'authentication-gateway' },
  }));

  const view = async (name: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('main', { name }).waitFor();
  };
  /** In the viewport once scrolled to (as a person would), wholly, and clickable (Playwright's actionability checks). */
  const usable = async (target: Locator, what: string): Promise<void> => {
    await target.scrollIntoViewIfNeeded({ timeout: STEP_MS });
    const box = await target.boundingBox();
    const vp = page.viewportSize()!;
    expect(box, `${what} is not rendered`).not.toBeNull();
    expect(box!.x, `${what} starts left of the viewport`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${what} falls off the right edge at ${vp.width} px`).toBeLessThanOrEqual(vp.width + 0.5);
    expect(box!.y + box!.height, `${what} is below the viewport at ${vp.height} px`).toBeLessThanOrEqual(vp.height + 0.5);
    await target.click({ trial: true, timeout: STEP_MS });
  };
  const noSidewaysScroll = async (): Promise<void> => {
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll, `the page is ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner);
  };
  const shot = (size: string, name: string): Promise<void> => SHOTS.take(page, `${size}-${name}`);

  beforeAll(async () => {
    const rebuilt = ensureBuilt();
    if (rebuilt.length > 0) console.log(`e2e: rebuilt ${rebuilt.join(' and ')}`);
    dataDir = mkdtempSync(join(tmpdir(), 'ir-e2e-layout-'));
    server = await startServe(dataDir);
    token = readFileSync(join(dataDir, 'publish-token'), 'utf8').trim();
    await publishEvents(server.url, token, [
      created(oldP0), created(newP0), ...disks.map(created), comment(oldP0.id, 'Rolling back the 14:02 deploy.'),
    ]);
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(server.consoleUrl);
    await page.getByRole('option', { name: /Payments API 5xx/ }).waitFor({ timeout: STEP_MS });
  }, 300_000);

  afterAll(async () => {
    await second?.close();
    await browser?.close();
    await server?.stop('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  for (const size of SIZES) {
    it(`every view is usable at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
      const nav = page.getByRole('navigation', { name: 'Views' });
      for (const name of ['Incidents', 'Live feed', 'Subscriptions', 'Connections', 'Settings']) {
        await usable(nav.getByRole('button', { name, exact: true }), `the ${name} tab`);
      }

      await view('Incidents');
      await noSidewaysScroll();
      await usable(page.getByRole('searchbox', { name: 'Search incidents' }), 'the incident search');
      await usable(page.getByRole('option', { name: /Checkout is down/ }), 'the first incident');
      await shot(size.name, 'board');
      await page.getByRole('option', { name: /Checkout is down/ }).click();
      const pane = page.getByRole('complementary', { name: 'Checkout is down' });
      await pane.waitFor();
      for (const name of ['Acknowledge', 'Snooze', 'Resolve', 'Close detail']) await usable(pane.getByRole('button', { name, exact: true }), `the ${name} button`);
      await usable(pane.getByRole('combobox', { name: 'Snooze for' }), 'the snooze length');
      await noSidewaysScroll();
      const paneBox = (await pane.boundingBox())!;
      if (size.name === 'phone') {
        // A bottom sheet: the whole width, below the top of the screen, over the board.
        expect(paneBox.width).toBeCloseTo(size.width, 0);
        expect(paneBox.y).toBeGreaterThan(0);
        expect(paneBox.y + paneBox.height).toBeCloseTo(size.height, 0);
      }
      await pane.evaluate((el) => el.scrollTo(0, 0));
      if (size.name !== 'phone') {
        // Empty and rarely needed fields wait behind "More": the timeline starts above the fold.
        const timeline = (await pane.getByRole('heading', { name: 'Event timeline' }).boundingBox())!;
        expect(timeline.y + timeline.height).toBeLessThanOrEqual(size.height);
      }
      await shot(size.name, 'detail');
      await page.keyboard.press('Escape');
      await pane.waitFor({ state: 'detached' });

      await view('Live feed');
      await noSidewaysScroll();
      await usable(page.getByRole('button', { name: 'Pause' }), 'Pause');
      await usable(page.getByRole('searchbox', { name: 'Search events' }), 'the event search');
      await usable(page.getByRole('listitem').filter({ hasText: 'Rolling back' }).getByRole('button'), 'the comment row');
      await shot(size.name, 'feed');

      await view('Subscriptions');
      await noSidewaysScroll();
      await usable(page.getByLabel('Name', { exact: true }), 'the subscription name');
      await usable(page.getByRole('button', { name: 'Create subscription' }), 'Create subscription');
      await page.getByRole('main').evaluate((el) => el.scrollTo(0, 0));
      await shot(size.name, 'subscriptions');

      await view('Connections');
      await noSidewaysScroll();
      for (const name of ['Reveal', 'Rotate…', 'Add upstream']) await usable(page.getByRole('button', { name, exact: true }), name);
      await page.getByRole('main').evaluate((el) => el.scrollTo(0, 0));
      await shot(size.name, 'connections');

      await view('Settings');
      await noSidewaysScroll();
      for (const name of ['Save policy', 'Send a test notification', 'Snooze 1 hour']) await usable(page.getByRole('button', { name }), name);
      await page.getByRole('main').evaluate((el) => el.scrollTo(0, 0));
      await shot(size.name, 'settings');
      await view('Incidents');
    }, 120_000);
  }

  it('lists the longest-waiting incident first within a severity, and newest first on request (remembered)', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const titles = (): Promise<string[]> => page.locator('[role="listbox"] [role="option"] .title-text').allTextContents();
    await expect.poll(async () => (await titles()).slice(0, 2)).toEqual(['Checkout is down', 'Payments API 5xx']);
    await page.getByLabel('Order', { exact: true }).selectOption('newest');
    await expect.poll(async () => (await titles()).slice(0, 2)).toEqual(['Payments API 5xx', 'Checkout is down']);
    await page.reload();
    await page.getByRole('option', { name: /Payments API 5xx/ }).waitFor({ timeout: STEP_MS });
    expect((await titles()).slice(0, 2)).toEqual(['Payments API 5xx', 'Checkout is down']);
    await page.getByLabel('Order', { exact: true }).selectOption('oldest');
  }, 60_000);

  it('groups by title or by a label, with a count per group', async () => {
    const groupBy = page.getByLabel('Group by', { exact: true });
    await groupBy.selectOption('title');
    // Seven identical incidents become one line with their count (karma-style), opened on click.
    const header = page.getByRole('button', { name: /auth: disk 90% full/ });
    await header.waitFor({ timeout: STEP_MS });
    expect(await header.getByLabel('7 incidents').count()).toBe(1);
    expect(await header.getAttribute('aria-expanded')).toBe('false');
    const disksShown = page.getByRole('option', { name: /auth: disk 90% full/ });
    expect(await disksShown.count()).toBe(0);
    await page.getByRole('option', { name: /Checkout is down/ }).waitFor(); // a group of one is just its incident
    await shot('desktop', 'board-grouped');
    await header.click();
    await expect.poll(() => disksShown.count()).toBe(7);
    await groupBy.selectOption('label:team');
    await page.locator('.board-group').filter({ hasText: 'team=auth' }).getByLabel('7 incidents').waitFor({ timeout: STEP_MS });
    await page.locator('.board-group').filter({ hasText: 'team=payments' }).getByLabel('2 incidents').waitFor();
    await groupBy.selectOption('');
    await page.locator('.board-group').first().waitFor({ state: 'detached' });
  }, 60_000);

  it('never cuts a label mid-word: each label tag is wholly shown or wholly hidden, the full list on hover', async () => {
    for (const width of [1440, 1100, 800]) {
      await page.setViewportSize({ width, height: 900 });
      const cut = await page.evaluate(() => {
        const bad: string[] = [];
        for (const col of document.querySelectorAll<HTMLElement>('[role="option"] .col-labels')) {
          const box = col.getBoundingClientRect();
          for (const tag of col.querySelectorAll<HTMLElement>('.tag')) {
            const t = tag.getBoundingClientRect();
            const outside = t.left >= box.right || t.top >= box.bottom || t.right <= box.left;
            const inside = t.left >= box.left - 0.5 && t.right <= box.right + 0.5 && t.bottom <= box.bottom + 0.5;
            const ellipsized = tag.scrollWidth > tag.clientWidth; // one label wider than the column: ends in "…"
            if (!outside && !inside && !ellipsized) bad.push(`${tag.textContent} at ${Math.round(t.left)}–${Math.round(t.right)} in ${Math.round(box.left)}–${Math.round(box.right)}`);
          }
        }
        return bad;
      });
      expect(cut, `labels cut at ${width} px`).toEqual([]);
    }
    const title = await page.getByRole('option', { name: /Checkout is down/ }).locator('.col-labels').getAttribute('title');
    expect(title).toBe('console=javascript:alert(1), runbook_url=https://runbooks.example.com/checkout, team=payments');
  }, 60_000);

  it('links http(s) URLs in the detail pane and leaves other schemes as text', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('option', { name: /Checkout is down/ }).click();
    const pane = page.getByRole('complementary', { name: 'Checkout is down' });
    const links = pane.getByRole('link', { name: 'https://runbooks.example.com/checkout' });
    await links.first().waitFor();
    expect(await links.count()).toBe(2); // the description and the runbook_url label
    expect(await links.first().getAttribute('href')).toBe('https://runbooks.example.com/checkout');
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
    expect(await pane.locator('a[href^="javascript:"]').count()).toBe(0);
    await pane.getByText('console=javascript:alert(1)').waitFor();
    await page.keyboard.press('Escape');
  }, 60_000);

  it('shows which time zone times are in and switches to UTC (remembered)', async () => {
    await view('Live feed');
    const head = page.locator('.feed-head');
    expect(await head.textContent()).toMatch(/Time \(UTC[+-]\d\d:\d\d\)/);
    await page.getByRole('button', { name: /^Times in local time/ }).click();
    expect(await head.textContent()).toContain('Time (UTC)');
    await page.reload();
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: /^Times in UTC/ }).waitFor({ timeout: STEP_MS });
    await page.getByRole('button', { name: /^Times in UTC/ }).click();
    await view('Incidents');
  }, 60_000);

  it('shows the comment row with its incident severity and title in the feed', async () => {
    await view('Live feed');
    const row = page.getByRole('listitem').filter({ hasText: 'Rolling back the 14:02 deploy.' });
    expect(await row.locator('.feed-summary').textContent()).toBe('Checkout is down · me: Rolling back the 14:02 deploy.');
    expect(await row.locator('.sev').textContent()).toBe('P0');
    await view('Incidents');
  }, 60_000);

  it('keeps shortcuts working after clicking a tab or ticking a checkbox; Escape gives focus back to the list', async () => {
    await view('Live feed');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Incidents', exact: true }).click();
    // The board's rows must be drawn before `j` can select one (focus stays on the tab button meanwhile).
    await page.locator('[role="option"]').first().waitFor({ timeout: STEP_MS });
    // The click hands the keys to the board once the view is drawn (a timer after the click): Enter on the tab itself
    // would click it again, so wait for that hand-over rather than race it on a loaded machine.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')), { timeout: STEP_MS }).toBe('listbox');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"] .title-text').textContent()).toBe('Checkout is down');
    await page.keyboard.press('Enter'); // not a second click on the tab: it opens the selected incident
    await page.getByRole('complementary', { name: 'Checkout is down' }).waitFor({ timeout: STEP_MS });
    await page.keyboard.press('Escape');
    await page.getByRole('complementary', { name: 'Checkout is down' }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    const showResolved = page.getByRole('checkbox', { name: 'Show resolved' });
    await showResolved.check();
    await showResolved.uncheck();
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"] .title-text').textContent()).toBe('Payments API 5xx');
  }, 60_000);

  it('shows a sign-in page, not an empty board, to a browser without a session; a fresh URL from incident-relay console signs it in', async () => {
    second = await launchBrowser();
    const other = second.page;
    await other.setViewportSize({ width: 360, height: 740 });
    await other.goto(server!.url);
    await other.getByRole('heading', { name: 'Sign in to Incident Relay' }).waitFor({ timeout: STEP_MS });
    expect(await other.getByRole('listbox').count()).toBe(0);
    expect(await other.getByText(/Incidents\s*0/).count()).toBe(0);
    await other.getByText('incident-relay console').waitFor();
    await SHOTS.take(other, 'phone-sign-in');

    await other.getByLabel('Console URL or login code').fill('not a code!');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').filter({ hasText: 'Paste the whole console URL' }).waitFor();

    const printed = spawnSync(process.execPath, [CLI, 'console', '--url', server!.url, '--data-dir', dataDir], { encoding: 'utf8', timeout: 30_000 });
    expect(printed.status, printed.stderr).toBe(0);
    const fresh = printed.stdout.trim();
    expect(fresh).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/);
    await other.getByLabel('Console URL or login code').fill(fresh);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('option', { name: /Checkout is down/ }).waitFor({ timeout: STEP_MS });
    // The first browser is still signed in.
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_MS });
  }, 90_000);

  it('says in Settings that this server shows no OS notifications (started without --notify)', async () => {
    await view('Settings');
    const status = page.getByRole('status', { name: 'OS notifications on this server' });
    await status.waitFor({ timeout: STEP_MS });
    expect(await status.textContent()).toContain('Off on this server: it was started without --notify');
  }, 60_000);
});
