// Issue 23: the Escalation settings form in real Chromium against `serve`: a refused save marks the field the server
// named, a target's token is entered once and shown only as "set", "Send test page" reaches the ntfy stand-in and shows
// its answer, and a P0 then escalates to it with that token.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { created, incident } from '../support/fixtures.js';
import { startPushRecorder, type PushRecorder } from '../notify/support/push-recorder.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ensureBuilt } from './support/build.js';
import { control, publishEvents, startServe, type ServeProcess } from './support/serve-process.js';

const STEP_MS = 15_000;
const TOKEN = 'tk_ntfy-token-typed-into-the-form-42';

describe('the escalation settings form', () => {
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let ntfy: PushRecorder | undefined;
  let page: Page;
  let dir = '';

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ir-e2e-escalation-'));
    ntfy = await startPushRecorder();
    serve = await startServe(dir);
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(serve.consoleUrl);
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_MS });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings', exact: true }).click();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop('SIGKILL');
    await ntfy?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const publishToken = (): string => readFileSync(join(dir, 'publish-token'), 'utf8').trim();
  const form = () => page.getByRole('form', { name: 'Escalation to phones' });
  const failWith = async (err: unknown): Promise<never> => {
    const shown = await form().innerText({ timeout: 2_000 }).catch(() => '(unreadable)');
    throw new Error(`${(err as Error).message}\n--- form ---\n${shown}\n--- page log ---\n${browser!.logs.join('\n')}`);
  };

  it('shows the server\'s refusal on the field it names, saves, tests the target and escalates a P0 to it', async () => {
    try {
      const f = form();
      await f.getByText('Not set up yet.').waitFor({ timeout: STEP_MS });
      await f.getByLabel('Escalate').check();
      await f.getByLabel('P0', { exact: true }).fill('0.01');
      await f.getByLabel('P1', { exact: true }).fill('');
      const target = f.getByRole('group', { name: /^Target/ });
      await target.getByLabel('Kind').selectOption('gotify');
      await target.getByLabel('Name', { exact: true }).fill('alice-phone');
      await target.getByLabel('Person (recorded as the acknowledger)').fill('alice');
      await target.getByLabel('Server URL').fill(ntfy!.url);
      const stepTargets = f.getByLabel('Targets (names, comma-separated)');
      await stepTargets.fill('alice-phone');
      // A Gotify target without its app token: only the server (which knows the vault) can refuse it; it names the target.
      await f.getByRole('button', { name: 'Save escalation' }).click();
      await target.getByText('a gotify target needs token or token_file').waitFor({ timeout: STEP_MS });
      await f.getByText('Nothing was saved: fix the fields marked above.').waitFor();
      expect(await control(serve!.url, publishToken(), 'escalation:get')).toMatchObject({ enabled: false, source: 'none' });

      await target.getByLabel('Kind').selectOption('ntfy');
      await target.getByLabel('Topic').fill('alice-oncall');
      await target.getByLabel('Access token (optional)', { exact: true }).fill(TOKEN);
      await f.getByRole('button', { name: 'Save escalation' }).click();
      await f.getByText('Escalation settings saved and in force.').waitFor({ timeout: STEP_MS });
      await target.getByText('set (in a file only you can read)').waitFor();
      expect(await target.getByRole('button', { name: 'Replace' }).isVisible()).toBe(true);
      expect(await page.content()).not.toContain(TOKEN);

      await target.getByRole('button', { name: 'Send test page' }).click();
      await target.getByText('Delivered: answered 200: {"id":"1"}').waitFor({ timeout: STEP_MS });
      expect(ntfy!.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);

      await publishEvents(serve!.url, publishToken(), [created(incident({ severity: 'P0', title: 'Primary DB down' }))]);
      const deadline = Date.now() + 20_000;
      while (ntfy!.requests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(ntfy!.requests).toHaveLength(2);
      expect(JSON.parse(ntfy!.requests[1]!.body)).toMatchObject({ topic: 'alice-oncall', title: expect.stringMatching(/^P0 · .*Primary DB down$/), priority: 5 });
      expect(ntfy!.requests[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } catch (err) {
      await failWith(err);
    }
  }, 120_000);
});
