// Bulk acknowledge / resolve in real Chromium against `incident-relay serve`: checkboxes, shift-click range, select all
// visible; each incident goes through the normal path, so one owned by an upstream that refuses is listed as failed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Incident } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ensureBuilt } from './support/build.js';
import { control, publishEvents, startServe, type ServeProcess } from './support/serve-process.js';

const STEP_MS = 15_000;
/** The laptop's token for the upstream: it may subscribe but not respond, so the upstream refuses write-backs (403). */
const READER = 'bulk-e2e-reader-token-0123456789';

type Detail = { summary: { acknowledgedBy: string | null; incident: Incident & { timeline?: { actor: string; metadata?: Record<string, string> }[] } } };

describe('bulk actions on the console board in Chromium', () => {
  const dirs: string[] = [];
  let upstream: ServeProcess | undefined;
  let laptop: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let laptopToken = '';
  let upstreamToken = '';
  const local = [1, 2, 3, 4].map((n) => incident({ severity: 'P1', title: `Local outage ${n}`, source: 'laptop' }));
  const remote = incident({ severity: 'P1', title: 'Upstream outage', source: 'central' });

  const tempDir = (prefix: string): string => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  const detail = (id: string) => control<Detail>(laptop!.url, laptopToken, 'incidents:get', { id });
  const bar = () => page.getByRole('group', { name: 'Bulk actions' });
  const check = (title: string) => page.getByRole('checkbox', { name: `Select ${title}` });

  beforeAll(async () => {
    ensureBuilt();
    const upDir = tempDir('ir-bulk-up-');
    upstream = await startServe(upDir, 0, ['--api-tokens', JSON.stringify([{ token: READER, scopes: ['subscribe'] }])]);
    upstreamToken = readFileSync(join(upDir, 'publish-token'), 'utf8').trim();
    const upstreams = [{ name: 'central', url: `ws://127.0.0.1:${upstream.port}/ws`, token: READER }];
    const laptopDir = tempDir('ir-bulk-laptop-');
    laptop = await startServe(laptopDir, 0, ['--upstreams', JSON.stringify(upstreams)]);
    laptopToken = readFileSync(join(laptopDir, 'publish-token'), 'utf8').trim();
    browser = await launchBrowser();
    page = browser.page;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await laptop?.stop('SIGKILL');
    await upstream?.stop('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('selects with a shift-click range and with select all visible', async () => {
    await page.goto(laptop!.consoleUrl);
    await page.getByText('Nothing is burning').waitFor({ timeout: STEP_MS });
    await publishEvents(laptop!.url, laptopToken, local.map(created));
    await publishEvents(upstream!.url, upstreamToken, [created(remote)]);
    for (const i of [...local, remote]) await page.getByRole('option', { name: new RegExp(i.title) }).waitFor({ timeout: STEP_MS });

    const order = await page.getByRole('listbox').getByRole('option').evaluateAll((rows) => rows.map((r) => r.querySelector('.title-text')?.textContent ?? ''));
    expect(order).toHaveLength(5);
    await check(order[0]!).click();
    await check(order[4]!).click({ modifiers: ['Shift'] });
    await bar().getByText('5 selected').waitFor();
    for (const title of order) expect(await check(title).isChecked()).toBe(true);

    // A click on a checkbox selects only: it opens nothing.
    expect(await page.getByRole('heading', { name: order[0]! }).count()).toBe(0);
    await check(order[2]!).click();
    await bar().getByText('4 selected').waitFor();
    await bar().getByRole('checkbox', { name: 'Select all visible' }).check();
    await bar().getByText('5 selected').waitFor();
    await bar().getByRole('button', { name: 'Clear' }).click();
    await bar().getByText('0 selected').waitFor();
    await bar().getByRole('checkbox', { name: 'Select all visible' }).check();
    await bar().getByText('5 selected').waitFor();
  }, 90_000);

  it('acknowledges the five: four Triaged with the actor, the upstream-owned one listed as failed and unchanged', async () => {
    await bar().getByRole('button', { name: 'Acknowledge selected' }).click();
    await bar().getByRole('status').filter({ hasText: 'Acknowledged 4 of 5.' }).waitFor({ timeout: STEP_MS });
    const failed = bar().getByRole('list', { name: 'Failed incidents' }).getByRole('listitem');
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toMatch(/^Upstream outage: upstream "central" refused it \(HTTP 403 forbidden: the "respond" scope is required\)/);
    // The failed one stays checked, the others left the selection.
    await bar().getByText('1 selected').waitFor();
    expect(await check(remote.title).isChecked()).toBe(true);

    for (const i of local) {
      const d = await detail(i.id);
      expect(d.summary.incident.state).toBe('Triaged');
      const acks = (d.summary.incident.timeline ?? []).filter((e) => e.metadata?.['action'] === 'acknowledge');
      expect(acks).toHaveLength(1);
      expect(d.summary.acknowledgedBy).toBe(acks[0]!.actor);
      await page.getByRole('option', { name: new RegExp(i.title) }).getByText(/acked by \S+/).waitFor({ timeout: STEP_MS });
    }
    expect((await detail(remote.id)).summary.incident.state).toBe('Detected');
    expect((await detail(remote.id)).summary.acknowledgedBy).toBeNull();
    const atOwner = await control<Detail>(upstream!.url, upstreamToken, 'incidents:get', { id: remote.id });
    expect(atOwner.summary.incident.state).toBe('Detected');
  }, 90_000);

  it('resolves the four local ones in one action', async () => {
    await bar().getByRole('button', { name: 'Clear' }).click();
    for (const i of local) await check(i.title).click();
    await bar().getByText('4 selected').waitFor();
    await bar().getByRole('button', { name: 'Resolve selected' }).click();
    await bar().getByRole('status').filter({ hasText: 'Resolved 4 of 4.' }).waitFor({ timeout: STEP_MS });
    for (const i of local) expect((await detail(i.id)).summary.incident.state).toBe('Resolved');
    // Resolved incidents leave the board (Show resolved is off): only the upstream's one is left.
    await page.getByRole('option').filter({ hasText: 'Local outage' }).first().waitFor({ state: 'detached', timeout: STEP_MS });
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(1);
  }, 90_000);
});
