// Hostile incident text (shell metacharacters, HTML, 64 KB) becomes a short plain notification and runs nothing.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PLAIN_TEXT_LIMITS, createHeadlessSink, createNodeNotifierSink, startNotifications,
} from '../../src-main/notify/index.js';
import { created, entry, incident } from './support/fixtures.js';
import { EventFeed } from './support/recording.js';
import { run, startDesktopSession, type DesktopSession, type ShownNotification } from './support/desktop-session.js';

let session: DesktopSession | undefined;
beforeAll(async () => {
  session = await startDesktopSession();
});
afterAll(async () => {
  await session?.stop();
});

const desktop = (): DesktopSession => {
  if (!session) throw new Error('desktop session did not start');
  return session;
};

/** Every common way to make a shell run `touch <canary>`, plus markup a notification daemon would render. */
function hostile(canary: string): string {
  const t = `touch ${canary}`;
  return [
    `$(${t})`, `\`${t}\``, `; ${t};`, `&& ${t}`, `| ${t}`, `' ; ${t} ; '`, `" ; ${t} ; "`, `\\"; ${t}; \\"`,
    `\n${t}\n`, `& ${t} &`, '${IFS}$((6*7))', '<b>bold</b><i>it</i><a href="https://evil.example">link</a>',
    '<img src="file:///etc/passwd"><script>alert(1)</script>', '&amp; &lt;b&gt;', '\u001b[31m\u0007\u0000\u202Eevil',
  ].join(' ');
}

function expectPlain(n: ShownNotification | undefined): void {
  expect(n).toBeDefined();
  for (const [text, max] of [[n?.summary ?? '', PLAIN_TEXT_LIMITS.title], [n?.body ?? '', PLAIN_TEXT_LIMITS.body]] as const) {
    expect(Array.from(text).length).toBeLessThanOrEqual(max);
    expect(text).not.toMatch(/[<>&]/);
    // eslint-disable-next-line no-control-regex -- asserting that no control character reached the daemon
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
  }
  expect(n?.summary).not.toContain('\n');
}

describe('injection', () => {
  it('the payload is live: a naive shell command line would create the canary (control)', async () => {
    const canary = `${desktop().dir}/CONTROL-CANARY`;
    const naive = `echo "${hostile(canary).replaceAll('\u0000', '')}" > /dev/null`; // argv cannot carry NUL
    await run('/bin/sh', ['-c', naive], desktop().env);
    expect(existsSync(canary)).toBe(true);
  });

  it('an incident with a hostile title and a 64 KB description shows one truncated plain notification', async () => {
    const s = desktop();
    const canary = `${s.dir}/CANARY-POLICY`;
    const title = hostile(canary).slice(0, 500);
    const description = `${hostile(canary)} ${'A'.repeat(64 * 1024)}`;
    const feed = new EventFeed();
    const notifications = startNotifications({ onEvent: feed.onEvent, sink: createHeadlessSink({ env: s.env }) });
    try {
      feed.emit(entry(created(incident({ severity: 'P0', title, description }))));
      await notifications.idle();
    } finally {
      await notifications.stop();
    }
    const shown = await s.takeHistory();
    expect(shown).toHaveLength(1);
    expectPlain(shown[0]);
    expect(shown[0]?.summary.startsWith('P0 · api-gateway: $(touch')).toBe(true);
    expect(shown[0]?.summary.endsWith('…')).toBe(true);
    expect(shown[0]?.urgency).toBe('critical');
    expect(existsSync(canary)).toBe(false);
  });

  it('a 64 KB hostile title sent straight to either adapter runs nothing', async () => {
    const s = desktop();
    const canary = `${s.dir}/CANARY-SINK`;
    const text = `${hostile(canary)} ${'B'.repeat(64 * 1024)}`;
    await createHeadlessSink({ env: s.env, backend: 'notify-send' }).show({ title: text, body: text, urgency: 'critical' });
    const saved = { DISPLAY: process.env.DISPLAY, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS };
    Object.assign(process.env, { DISPLAY: s.env.DISPLAY, DBUS_SESSION_BUS_ADDRESS: s.env.DBUS_SESSION_BUS_ADDRESS });
    try {
      await createNodeNotifierSink().show({ title: text, body: text, urgency: 'critical' });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const shown = await s.takeHistory();
    expect(shown).toHaveLength(2);
    for (const n of shown) expectPlain(n);
    expect(shown[0]?.summary).toBe(shown[1]?.summary);
    expect(existsSync(canary)).toBe(false);
  });
});
