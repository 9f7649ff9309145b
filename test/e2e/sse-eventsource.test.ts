// Chromium's EventSource on GET /v1/stream: filtered live events, then a kill -9 and restart of the server on its durable journal,
// after which the browser's own reconnect resumes through Last-Event-ID with nothing lost and nothing repeated.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './support/browser.js';
import { ensureBuilt } from './support/build.js';
import { publishEvents, startServe, type ServeProcess } from './support/serve-process.js';
import { created, incident } from '../support/fixtures.js';

let browser: Browser | undefined;
const servers: ServeProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'ir-sse-e2e-'));
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

interface Seen { events: { id: string; title: string }[]; completes: { replayed: number; gap: boolean }[]; opens: number }

describe('EventSource in Chromium', () => {
  it('receives filtered events and resumes with Last-Event-ID after a server restart (durable journal)', async () => {
    ensureBuilt();
    const a = await startServe(dataDir);
    servers.push(a);
    const token = readFileSync(join(dataDir, 'publish-token'), 'utf8').trim();
    browser = await launchBrowser();
    const page = browser.page;
    await page.goto(`${a.url}/health`);
    await page.evaluate(() => {
      const seen: Seen = { events: [], completes: [], opens: 0 };
      (window as unknown as { seen: Seen }).seen = seen;
      const source = new EventSource('/v1/stream?severities=P0,P1');
      source.addEventListener('open', () => { seen.opens += 1; });
      source.addEventListener('event', (e) => {
        const msg = JSON.parse(e.data) as { event: { incident: { title: string } } };
        seen.events.push({ id: e.lastEventId, title: msg.event.incident.title });
      });
      source.addEventListener('replay_complete', (e) => seen.completes.push(JSON.parse(e.data) as Seen['completes'][number]));
    });
    const seen = () => page.evaluate(() => (window as unknown as { seen: Seen }).seen);
    await page.waitForFunction(() => (window as unknown as { seen: Seen }).seen.opens === 1);
    await publishEvents(a.url, token, [
      created(incident({ severity: 'P1', title: 'one' })), created(incident({ severity: 'P3', title: 'filtered' })), created(incident({ severity: 'P0', title: 'two' })),
    ]);
    await page.waitForFunction(() => (window as unknown as { seen: Seen }).seen.events.length === 2);
    // Journaled before the 202, then the process dies at once: the browser may or may not have read it.
    await publishEvents(a.url, token, [created(incident({ severity: 'P1', title: 'three' }))]);
    await a.stop('SIGKILL');
    const b = await startServe(dataDir, a.port);
    servers.push(b);
    await publishEvents(b.url, token, [created(incident({ severity: 'P1', title: 'four' }))]);
    await page.waitForFunction(() => (window as unknown as { seen: Seen }).seen.completes.length === 1, undefined, { timeout: 20_000 });
    await page.waitForFunction(() => (window as unknown as { seen: Seen }).seen.events.length >= 4, undefined, { timeout: 20_000 });
    const s = await seen();
    expect(s.events.map((e) => e.title)).toEqual(['one', 'two', 'three', 'four']);
    expect(new Set(s.events.map((e) => e.id)).size).toBe(4);
    expect(s.completes[0]!.gap).toBe(false);
    expect(s.opens).toBe(2);
  }, 120_000);
});
