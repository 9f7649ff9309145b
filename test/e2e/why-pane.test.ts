// Issue 17: the incident's detail pane says why it paged (or not), in real Chromium against `serve --notify`: matched
// subscription, no match, duplicate, quiet hours, snooze, storm grouping and a channel that cannot deliver (no session bus).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Settings } from '../../src-shared/bridge/index.js';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { created, escalated, incident } from '../support/fixtures.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ROOT, ensureBuilt } from './support/build.js';
import { control, publishEvents } from './support/serve-process.js';

/** No display and no session bus: every delivery fails, so each paged decision also shows the channel failure. */
const NO_DESKTOP = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '', WAYLAND_DISPLAY: '', XDG_RUNTIME_DIR: '', NODE_ENV: 'test' };
const STEP_MS = 15_000;

/** "HH:MM" of the machine's local time, `minutes` from now (quiet hours are in the server's local time). */
const localClock = (minutes: number): string => {
  const d = new Date(Date.now() + minutes * 60_000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

describe("the detail pane's why", () => {
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    serve = await startServe(['--notify'], { env: NO_DESKTOP });
    browser = await launchBrowser();
    page = browser.page;
    const s = serve;
    const consoleUrl = /^ {2}console: +(http:\/\/\S+)$/m.exec(s.stdout())?.[1];
    if (!consoleUrl) throw new Error(`no console line in:\n${s.stdout()}`);
    await page.goto(consoleUrl);
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_MS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop('SIGKILL');
  }, 60_000);

  /** Opens the incident through its console link and waits until the pane's why shows `text` (refreshing it meanwhile). */
  const paneSays = async (id: string, title: string, text: RegExp): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`${serve!.url}/#incident=${id}`);
    await page.getByRole('heading', { name: title, level: 2 }).waitFor({ timeout: STEP_MS });
    const why = page.getByRole('region', { name: /Why it paged/ });
    const deadline = Date.now() + STEP_MS;
    for (;;) {
      const shown = await why.innerText({ timeout: STEP_MS });
      if (text.test(shown)) return;
      if (Date.now() > deadline) throw new Error(`the pane's why never matched ${text}; it says:\n${shown}\n--- page log ---\n${browser!.logs.join('\n')}`);
      await why.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(200);
    }
  };

  it('shows the matched subscription, the channel failure and its fallback, and a duplicate', async () => {
    const s = serve!;
    const paged = incident({ severity: 'P1', title: 'Checkout latency', affected_resources: ['checkout'] });
    await publishEvents(s.url, s.token, [created(paged)]);
    await paneSays(paged.id, 'Checkout latency', /^Paged\b/m);
    await paneSays(paged.id, 'Checkout latency', /Matched subscription passed: rule #\d+ matches/);
    await paneSays(paged.id, 'Checkout latency', /Delivery failed: channel failure: .+/);
    await paneSays(paged.id, 'Checkout latency', /Fallback passed: fallback used/);
    // The same change published again (a replay, a relayed copy) is recognised.
    await publishEvents(s.url, s.token, [created(paged)]);
    await paneSays(paged.id, 'Checkout latency', /Not paged: duplicate[\s\S]*Duplicate check stopped here: this change was already decided/);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.getByRole('region', { name: /Why it paged/ }).screenshot({ path: join(ROOT, 'test-results/console-why.png') });
  });

  it('shows an event no rule matches, and a snoozed incident held', async () => {
    const s = serve!;
    const low = incident({ severity: 'P3', title: 'Disk 70 % full', affected_resources: ['db-2'] });
    await publishEvents(s.url, s.token, [created(low)]);
    await paneSays(low.id, 'Disk 70 % full', /Not paged: no rule matched[\s\S]*Matched subscription stopped here: no rule matches incident_created at P3/);
    await control(s.url, s.token, 'incidents:snooze', { id: low.id, minutes: 60 });
    await publishEvents(s.url, s.token, [escalated(low.id, 'P3', 'P1')]);
    await paneSays(low.id, 'Disk 70 % full', /Held: incident snoozed[\s\S]*Snooze held back: /);
  });

  it('shows quiet hours holding a P1', async () => {
    const s = serve!;
    const settings = await control<Settings>(s.url, s.token, 'settings:get');
    const quiet = { ...settings, notifications: { ...settings.notifications, quietHours: { enabled: true, start: localClock(-60), end: localClock(60) } } };
    await control(s.url, s.token, 'settings:update', quiet);
    try {
      const night = incident({ severity: 'P1', title: 'Queue backlog at night', affected_resources: ['queue'] });
      await publishEvents(s.url, s.token, [created(night)]);
      await paneSays(night.id, 'Queue backlog at night', /Held: quiet hours[\s\S]*Quiet hours held back: /);
    } finally {
      await control(s.url, s.token, 'settings:update', settings);
    }
  });

  it('shows storm grouping for the incidents past the storm threshold', async () => {
    const s = serve!;
    const settings = await control<Settings>(s.url, s.token, 'settings:get');
    const storm = Array.from({ length: settings.notifications.stormThreshold + 2 }, (_, n) => incident({ severity: 'P1', title: `Storm member ${n}`, affected_resources: [`svc-${n}`] }));
    await publishEvents(s.url, s.token, storm.map((i) => created(i)));
    const last = storm.at(-1)!;
    await paneSays(last.id, last.title, /Held for a storm summary[\s\S]*Storm grouping held back: storm \(more than \d+ in \d+ s\)/);
  });
});
