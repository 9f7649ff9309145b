// The on-call UI end to end in real Chromium against `incident-relay serve`: login, board, forms, keys, upstreams,
// a crash and restart, screenshots of every view, and a load check whose figures are printed (never asserted).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { alert, created, incident } from '../support/fixtures.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ROOT, ensureBuilt } from './support/build.js';
import { control, publishEvents, startServe, type ServeProcess } from './support/serve-process.js';

const SHOTS = join(ROOT, 'test-results');
const STEP_MS = 15_000;

describe('the web console in Chromium', () => {
  const dirs: string[] = [];
  let a: ServeProcess | undefined;
  let b: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let token = '';
  let dirA = '';
  const checkout = incident({ severity: 'P0', title: 'Checkout is down', source: 'e2e', affected_resources: ['checkout-api'], labels: { team: 'payments' } });

  const tempDir = (prefix: string): string => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: false });
  };
  const view = async (name: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('main', { name }).waitFor();
  };
  const connectionIs = (state: string) =>
    page.getByRole('contentinfo', { name: 'Status' }).getByRole('status').filter({ hasText: new RegExp(`^${state}$`) }).waitFor({ timeout: STEP_MS });
  /** Wraps a step so that a failure also shows what the page logged. */
  const step = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (err) {
      const logs = browser?.logs.slice(-20).join('\n') ?? '';
      const shown = await page.locator('main').innerText({ timeout: 2_000 }).catch((e: unknown) => `(unreadable: ${String(e)})`);
      const health = a ? await fetch(`${a.url}/health`).then((r) => r.text(), (e: unknown) => `(unreachable: ${String(e)})`) : '';
      throw new Error(`${(err as Error).message}\n--- page log ---\n${logs}\n--- main view ---\n${shown.slice(0, 2000)}\n--- /health ---\n${health.slice(0, 2000)}\n--- serve output ---\n${a?.output().slice(-2000) ?? ''}`);
    }
  };

  beforeAll(async () => {
    const rebuilt = ensureBuilt();
    if (rebuilt.length > 0) console.log(`e2e: rebuilt ${rebuilt.join(' and ')}`);
    mkdirSync(SHOTS, { recursive: true });
    dirA = tempDir('ir-e2e-a-');
    a = await startServe(dirA);
    token = readFileSync(join(dirA, 'publish-token'), 'utf8').trim();
    browser = await launchBrowser();
    page = browser.page;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('logs in through the console URL that serve printed', step(async () => {
    expect(a!.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/);
    await page.goto(a!.consoleUrl);
    await connectionIs('Connected');
    expect(new URL(page.url()).searchParams.has('code')).toBe(false);
    const session = (await browser!.context.cookies(a!.url)).find((c) => c.name === 'ir_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // The page holds the session's second secret in sessionStorage; the cookie alone, replayed with a forged Origin, gets nothing.
    expect(await page.evaluate(() => sessionStorage.getItem('incident-relay.console-secret'))).toMatch(/^[\w-]{43}$/);
    const replayed = await fetch(`${a!.url}/control/token:reveal`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: a!.url, cookie: `ir_session=${session!.value}` }, body: '{}',
    });
    expect(replayed.status).toBe(401);
    await page.getByText('Nothing is burning').waitFor();
  }), 60_000);

  it('shows a published P0 on the board within 1 s', step(async () => {
    await page.evaluate((title) => {
      const w = window as unknown as { e2eAppeared?: Promise<number> };
      const started = performance.now();
      w.e2eAppeared = new Promise((resolve) => {
        const seen = () => document.querySelector('[role="listbox"]')?.textContent?.includes(title) ?? false;
        const observer = new MutationObserver(() => {
          if (!seen()) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    }, checkout.title);
    await publishEvents(a!.url, token, [created(checkout)]);
    await page.getByRole('option', { name: /Checkout is down/ }).waitFor({ state: 'visible', timeout: 1000 });
    const ms = await page.evaluate(() => (window as unknown as { e2eAppeared: Promise<number> }).e2eAppeared);
    console.log(`e2e: the published P0 appeared on the board ${ms.toFixed(0)} ms after publishing began (page clock)`);
  }), 30_000);

  it('creates a subscription through the form and counts the events it matches', step(async () => {
    await view('Subscriptions');
    await page.getByLabel('Name', { exact: true }).fill('Critical pages');
    await page.getByRole('group', { name: /^Severities/ }).getByRole('checkbox', { name: /^P0/ }).check();
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Critical pages”.' }).waitFor({ timeout: STEP_MS });
    const alerts: IncidentEvent[] = [0, 1, 2].map((n) => ({ event_type: 'alert_received', alert: alert({ severity: 'P0', title: `Error rate ${n}` }) }));
    await publishEvents(a!.url, token, [...alerts, { event_type: 'alert_received', alert: alert({ severity: 'P1', title: 'Slow page' }) }]);
    await page.getByRole('row', { name: /Critical pages/ }).getByLabel('3 matched events').waitFor({ timeout: STEP_MS });
    await shot('subscriptions');
  }), 60_000);

  it('shows the schema message for invalid filter input and saves nothing', step(async () => {
    await page.getByLabel('Name', { exact: true }).fill('Broken');
    const ids = page.getByLabel('Incident ids');
    await ids.fill('not-a-uuid');
    await ids.press('Enter');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByText('must be a UUID').waitFor({ timeout: STEP_MS });
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
    await shot('subscriptions-invalid');
    const { subscriptions } = await control<{ subscriptions: { name: string }[] }>(a!.url, token, 'subscriptions:list');
    expect(subscriptions.map((s) => s.name)).toEqual(['Critical pages']);
  }), 60_000);

  it('acknowledges the selected incident with the `a` key', step(async () => {
    await view('Incidents');
    const row = page.getByRole('option', { name: /Checkout is down/ });
    await row.getByRole('img', { name: 'Unacknowledged' }).waitFor();
    await row.click();
    await page.getByRole('heading', { name: 'Checkout is down' }).waitFor();
    await page.keyboard.press('a');
    await row.getByRole('img', { name: 'Unacknowledged' }).waitFor({ state: 'detached', timeout: STEP_MS });
    await row.getByText('Triaged').waitFor();
    await row.getByText(/acked by \S+/).waitFor();
    await page.getByRole('button', { name: 'Acknowledged' }).waitFor();
    const detail = await control<{ summary: { acknowledgedAt: string | null } }>(a!.url, token, 'incidents:get', { id: checkout.id });
    expect(detail.summary.acknowledgedAt).not.toBeNull();
    await shot('incidents');
  }), 60_000);

  it('assigns and comments on the open incident from the detail pane', step(async () => {
    const respond = page.getByRole('group', { name: 'Respond' });
    await respond.getByLabel('Assignees').fill('ana, bo');
    await respond.getByRole('button', { name: 'Assign' }).click();
    const assigneesNow = async () => (await control<{ summary: { incident: { assignees: string[] } } }>(a!.url, token, 'incidents:get', { id: checkout.id })).summary.incident.assignees;
    await expect.poll(assigneesNow, { timeout: STEP_MS }).toEqual(['ana', 'bo']);
    await respond.getByLabel('Comment').fill('restarting the pods');
    await respond.getByRole('button', { name: 'Comment' }).click();
    await page.getByText('restarting the pods').first().waitFor();
    const detail = await control<{ timeline: { event: { event_type: string } }[] }>(a!.url, token, 'incidents:get', { id: checkout.id });
    expect(detail.timeline.map((e) => e.event.event_type)).toEqual(expect.arrayContaining(['assignment_changed', 'comment_added']));
    await shot('incident-respond');
  }), 60_000);

  it('adds an upstream (a second server) and sees it connect and relay', step(async () => {
    const dirB = tempDir('ir-e2e-b-');
    b = await startServe(dirB);
    const tokenB = readFileSync(join(dirB, 'publish-token'), 'utf8').trim();
    await view('Connections');
    await page.getByLabel('Name', { exact: true }).fill('remote-b');
    await page.getByLabel('WebSocket URL').fill(`ws://127.0.0.1:${b.port}/ws`);
    await page.getByRole('button', { name: 'Add upstream' }).click();
    const row = page.getByRole('row', { name: /remote-b/ });
    await row.getByText('connected', { exact: true }).waitFor({ timeout: STEP_MS });
    await publishEvents(b.url, tokenB, [created(incident({ severity: 'P1', title: 'Replica lag on B', source: 'server-b' }))]);
    await row.getByRole('cell', { name: '1', exact: true }).waitFor({ timeout: STEP_MS });
    await shot('connections');
    // The form starts over for the next upstream.
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('WebSocket URL').inputValue()).toBe('');
    await view('Incidents');
    const relayed = page.getByRole('option', { name: /Replica lag on B/ });
    await relayed.waitFor({ timeout: STEP_MS });
    // The board says where it came from, and filters by it.
    await relayed.getByText('via remote-b').waitFor();
    await page.getByLabel('From', { exact: true }).selectOption('remote-b');
    await page.getByRole('option', { name: /Checkout is down/ }).waitFor({ state: 'detached', timeout: STEP_MS });
    await relayed.waitFor();
    await page.getByLabel('From', { exact: true }).selectOption('');
    await page.getByRole('option', { name: /Checkout is down/ }).waitFor({ timeout: STEP_MS });
  }), 60_000);

  it('saves a screenshot of the live feed and the settings', step(async () => {
    await view('Live feed');
    await page.getByRole('listitem').filter({ hasText: 'via remote-b' }).first().waitFor();
    await shot('feed');
    await view('Settings');
    await page.getByRole('group', { name: 'Theme' }).waitFor();
    await shot('settings');
  }), 30_000);

  it('shows the banner when the server is killed and recovers when it restarts on the same port and data dir', step(async () => {
    await view('Incidents');
    const port = a!.port;
    await a!.stop('SIGKILL');
    await page.getByRole('alert').filter({ hasText: 'Disconnected from the server' }).waitFor({ timeout: STEP_MS });
    await connectionIs('Disconnected');
    await shot('disconnected');
    a = await startServe(dirA, port);
    await connectionIs('Connected');
    await page.getByRole('alert').filter({ hasText: 'Disconnected from the server' }).waitFor({ state: 'detached', timeout: STEP_MS });
    await page.getByRole('option', { name: /Checkout is down/ }).waitFor();
    await publishEvents(a.url, token, [created(incident({ severity: 'P0', title: 'After the restart' }))]);
    await page.getByRole('option', { name: /After the restart/ }).waitFor({ timeout: STEP_MS });
    await page.getByRole('option', { name: /Replica lag on B/ }).waitFor();
    await view('Connections');
    await page.getByRole('row', { name: /remote-b/ }).getByText('connected', { exact: true }).waitFor({ timeout: STEP_MS });
  }), 90_000);

  it('load check: 10,000 events and 500 active incidents, then filtering the feed and opening an incident', step(async () => {
    const incidents = Array.from({ length: 500 }, (_, n) => incident({
      severity: (['P0', 'P1', 'P2', 'P3', 'P4'] as const)[n % 5], title: `Load incident ${n}`, source: `svc-${n % 20}`,
      affected_resources: [`host-${n % 50}`], labels: { team: `team-${n % 7}` },
    }));
    const events: IncidentEvent[] = incidents.map((i) => created(i));
    for (let n = 0; events.length < 10_000; n++) {
      const i = incidents[n % 500]!;
      events.push({ event_type: 'comment_added', incident_id: i.id, author: 'loadgen', comment: n % 10 === 0 ? `disk pressure ${n}` : `note ${n}`, timestamp: new Date().toISOString() });
    }
    await view('Live feed');
    const before = await feedTotal(page);
    const published = Date.now();
    for (let k = 0; k < events.length; k += 1000) await publishEvents(a!.url, token, events.slice(k, k + 1000));
    await page.waitForFunction((want) => {
      const m = /of (\d+) events/.exec(document.querySelector('main .feed-count')?.textContent ?? '');
      return m !== null && Number(m[1]) >= want;
    }, before + 10_000, { timeout: 60_000, polling: 100 });
    console.log(`e2e load: 10,000 events published and shown in the feed in ${Date.now() - published} ms (wall clock, test side)`);

    const filter = await page.evaluate(async () => {
      const box = document.querySelector<HTMLInputElement>('main input[type="search"]')!;
      const count = document.querySelector('main .feed-count')!;
      const before = count.textContent;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const t0 = performance.now();
      setValue.call(box, 'disk pressure');
      box.dispatchEvent(new Event('input', { bubbles: true }));
      while (count.textContent === before) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { ms: performance.now() - t0, text: count.textContent };
    });
    await shot('feed-load');

    await view('Incidents');
    await scrollBoardTo(page, 'Load incident 250');
    await page.getByRole('option', { name: /Load incident 250(?!\d)/ }).waitFor({ timeout: STEP_MS });
    const open = await page.evaluate(async () => {
      const row = [...document.querySelectorAll<HTMLElement>('[role="option"]')]
        .find((r) => r.querySelector('.title-text')?.textContent === 'Load incident 250')!;
      const ready = () => document.getElementById('detail-title')?.textContent === 'Load incident 250'
        && document.querySelector('aside [aria-busy="true"]') === null && document.querySelector('aside .timeline') !== null;
      const id = row.id.replace(/^incident-/, '');
      const call = async () => {
        const c0 = performance.now();
        const res = await fetch('/control/incidents:get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
        await res.json();
        return performance.now() - c0;
      };
      await call();
      const callMs = await call();
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => Math.round(e.duration))));
      observer.observe({ type: 'longtask' });
      const t0 = performance.now();
      row.click();
      const clickHandled = performance.now() - t0;
      while (document.getElementById('detail-title') === null) await new Promise((r) => setTimeout(r, 0));
      const paneShown = performance.now() - t0;
      while (!ready()) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const ms = performance.now() - t0;
      observer.disconnect();
      const fetches = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/control/incidents:get') && e.startTime >= t0)
        .map((e) => `${(e.startTime - t0).toFixed(0)}→${((e as PerformanceResourceTiming).responseEnd - t0).toFixed(0)}`);
      return {
        ms, callMs, clickHandled, paneShown, longTasks, fetches, rows: Number(row.getAttribute('aria-setsize')),
        rowsInDom: document.querySelectorAll('[role="option"]').length,
        timeline: Number(document.querySelector('aside .timeline li')?.getAttribute('aria-setsize') ?? 0),
        timelineInDom: document.querySelectorAll('aside .timeline li').length,
      };
    });
    await shot('incidents-load');
    const idle = await page.evaluate(async () => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => Math.round(e.duration))));
      observer.observe({ type: 'longtask' });
      await new Promise((r) => setTimeout(r, 3000));
      observer.disconnect();
      return longTasks;
    });
    console.log(`e2e load: main-thread long tasks while the board of 500 incidents sits idle for 3 s: ${JSON.stringify(idle)} ms`);
    console.log(`e2e load: filtering the feed took ${filter.ms.toFixed(1)} ms (${filter.text}); target < 100 ms`);
    console.log(`e2e load: opening an incident took ${open.ms.toFixed(1)} ms (board of ${open.rows} incidents, ${open.rowsInDom} rows in the DOM, timeline of ${open.timeline} events with ${open.timelineInDom} in the DOM; `
      + `the incidents:get round trip alone ${open.callMs.toFixed(1)} ms; click handler returned after ${open.clickHandled.toFixed(1)} ms, `
      + `pane shown after ${open.paneShown.toFixed(1)} ms, long tasks ${JSON.stringify(open.longTasks)} ms, app fetch ${open.fetches.join(', ')} ms); target < 100 ms`);
    expect(open.rows).toBeGreaterThanOrEqual(500);
  }), 180_000);

  it('signs out from the status bar: the page shows the sign-in page and its session secret no longer opens /control', step(async () => {
    const secret = await page.evaluate(() => sessionStorage.getItem('incident-relay.console-secret'));
    expect(secret).toMatch(/^[\w-]{43}$/);
    const session = (await browser!.context.cookies(a!.url)).find((c) => c.name === 'ir_session');
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Incident Relay' }).waitFor({ timeout: STEP_MS });
    expect(await page.getByRole('listbox').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('incident-relay.console-secret'))).toBeNull();
    const replayed = await fetch(`${a!.url}/control/server:status`, {
      method: 'POST', body: '{}',
      headers: { 'content-type': 'application/json', origin: a!.url, cookie: `ir_session=${session?.value ?? ''}`, 'x-ir-session-secret': secret! },
    });
    expect(replayed.status).toBe(401);
  }), 60_000);
});

/** Scrolls the (virtualized) board until the row titled `title` is rendered. */
async function scrollBoardTo(page: Page, title: string): Promise<void> {
  await page.evaluate(async (want) => {
    const list = document.querySelector<HTMLElement>('[role="listbox"]')!;
    // In view, not merely rendered: the virtualizer also renders a few rows beyond either edge.
    const rendered = () => {
      const box = list.getBoundingClientRect();
      return [...list.querySelectorAll<HTMLElement>('[role="option"]')].some((row) => {
        const r = row.getBoundingClientRect();
        return row.querySelector('.title-text')?.textContent === want && r.top >= box.top && r.bottom <= box.bottom;
      });
    };
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    list.scrollTop = 0; // the board may have scrolled to the selected incident: search from the top
    await frame();
    while (!rendered() && list.scrollTop + list.clientHeight < list.scrollHeight) {
      list.scrollTop += Math.max(1, Math.floor(list.clientHeight / 3));
      await frame();
    }
  }, title);
}

async function feedTotal(page: Page): Promise<number> {
  const text = await page.locator('main .feed-count').textContent();
  return Number(/of (\d+) events/.exec(text ?? '')?.[1] ?? 0);
}
