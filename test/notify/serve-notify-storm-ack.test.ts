// Issue 17, real daemon: a P0 inside a P1 storm pages alone and at once; Acknowledge picked in dunst's menu acknowledges it.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { run, startDesktopSession, type DesktopSession, type ShownNotification } from './support/desktop-session.js';

let session: DesktopSession | undefined;
let server: ServeProcess | undefined;
let scratch = '';

// dunst pipes its action menu ("#Acknowledge (P0 · db-primary: …) [7,acknowledge]") to this stand-in for dmenu.
const pickAcknowledge = (menuCopy: string): string => `#!/bin/sh
tee ${menuCopy} | grep -F 'REPLICA LAG' | grep -F ',acknowledge]' | head -n 1
`;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ir-dmenu-'));
  const dmenu = join(scratch, 'dmenu.sh');
  await writeFile(dmenu, pickAcknowledge(join(scratch, 'menu.txt')));
  await chmod(dmenu, 0o755);
  session = await startDesktopSession({ dmenu });
});

afterAll(async () => {
  await server?.stop();
  await session?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function post(events: unknown[]): Promise<string[]> {
  const res = await fetch(`${server?.url ?? ''}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server?.token ?? ''}` },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { message_ids: string[] }).message_ids;
}

const why = (id: string) => run(process.execPath, [CLI, 'why', id, '--url', server?.url ?? ''], { ...process.env });

describe('serve --notify under a P1 storm (Xvfb + dbus + dunst)', () => {
  it('shows the P0 alone with its own title before the storm summary, and Acknowledge from dunst acknowledges it', async () => {
    const s = session;
    if (!s) throw new Error('setup failed');
    server = await startServe(['--notify'], { env: { ...s.env, NODE_ENV: 'test' } });
    await waitFor('the whole banner', () => /console:/.test(server?.stdout() ?? ''));
    expect(server.stdout(), server.stderr()).toMatch(/notifications: on/);

    const p1s = Array.from({ length: 20 }, (_, k) => incident({ severity: 'P1', title: `Checkout latency ${k}`, affected_resources: [`svc-${k % 4}`] }));
    const p0 = incident({ severity: 'P0', title: 'PRIMARY DB DOWN', affected_resources: ['db-primary'], labels: { team: 'storage', environment: 'prod' } });
    const p1Ids = await post(p1s.map(created));
    const [p0MessageId] = await post([created(p0)]);

    // Deliveries keep their order: once the P0 is on screen, every P1 shown one by one is too.
    const seen: ShownNotification[] = [];
    await waitFor('the P0 on the desktop', async () => {
      seen.push(...await s.takeHistory());
      return seen.some((n) => n.summary.includes('PRIMARY DB DOWN'));
    });
    const beforeSummary = seen.map((n) => n.summary);
    expect(beforeSummary.filter((t) => t.startsWith('P1 '))).toHaveLength(3);
    expect(beforeSummary.some((t) => /new P1 incidents/.test(t))).toBe(false);
    const [shownP0] = seen.filter((n) => n.summary.includes('PRIMARY DB DOWN'));
    expect(shownP0).toMatchObject({ summary: 'P0 · db-primary: PRIMARY DB DOWN', urgency: 'critical' });
    expect(shownP0?.body).toContain('environment=prod · team=storage');

    // The other 17 P1s wait for the storm summary (the console's policy: one per 60 s window), the P0 did not.
    expect(seen.filter((n) => n.summary.includes('PRIMARY DB DOWN'))).toHaveLength(1);

    // `why` explains both paths: the P0 went straight through, a P1 went into the summary.
    const p0Why = await why(p0MessageId ?? '');
    expect(p0Why.code).toBe(0);
    expect(p0Why.stdout).toMatch(/=> paged: "P0 · db-primary: PRIMARY DB DOWN"/);
    expect(p0Why.stdout).toMatch(/severity\s+P0: shown at once and alone/);
    expect(p0Why.stdout).toMatch(/delivery\s+handed to the OS notification channel/);
    const heldWhy = await why(p1Ids[19] ?? '');
    expect(heldWhy.stdout).toMatch(/=> held for a storm summary/);
    expect(heldWhy.stdout).toMatch(/HOLD\s+storm\s+storm \(more than 3 in 60 s\): grouped into the summary due/);

    // A closed notification answers nothing: page a new P0 and, while it is on screen, pick Acknowledge in dunst's menu.
    const page = incident({ severity: 'P0', title: 'REPLICA LAG 10 MIN', affected_resources: ['db-replica'] });
    await post([created(page)]);
    await waitFor('the new P0 on screen', async () => (await s.openCount()) > 0);
    const state = async (): Promise<string> => ((await (await fetch(`${server?.url ?? ''}/v1/incidents/${page.id}`)).json()) as { state: string }).state;
    expect(await state()).toBe('Detected');
    const ctx = await run('/usr/bin/dunstctl', ['context'], s.env);
    expect(ctx.code).toBe(0);
    // dunst runs the dmenu stand-in after `dunstctl context` returns.
    await waitFor('the incident acknowledged on the server', async () => (await state()) === 'Triaged');
    expect(await readFile(join(scratch, 'menu.txt'), 'utf8')).toMatch(/#Acknowledge \(P0 · db-replica: REPLICA LAG 10 MIN\) \[\d+,acknowledge\]/);
    const after = (await (await fetch(`${server.url}/v1/incidents/${page.id}`)).json()) as { timeline?: { actor?: string; metadata?: { action?: string } }[] };
    expect(after.timeline?.at(-1)?.metadata?.action).toBe('acknowledge');
    const ackWhy = await why(page.id);
    expect(ackWhy.stdout).toMatch(/action\s+Acknowledge chosen in the notification/);
  }, 90_000);
});
