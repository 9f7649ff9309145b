// Issue 23: the escalation settings' control routes against a real `serve`: a valid save applies at once (no restart) and
// escalations keep their step; a bad save is a 400 naming the field and changes nothing; a target's token goes to the
// 0600 secret file and is never in an answer, a settings file or a log line.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { incident } from '../notify/support/fixtures.js';
import { waitFor } from '../notify/support/recording.js';
import { startPushRecorder, type PushRecorder } from '../notify/support/push-recorder.js';

const SECRET = 'tk_alice-ntfy-token-never-shown-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function recorder(): Promise<PushRecorder> {
  const r = await startPushRecorder();
  cleanups.push(() => r.close());
  return r;
}

async function serve(args: string[] = []): Promise<ServeProcess> {
  const s = await startServe(['--log-level', 'debug', ...args]);
  cleanups.push(() => s.stop());
  return s;
}

async function call(s: ServeProcess, channel: string, body: unknown = {}): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await fetch(`${s.url}/control/${channel}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function raiseP0(s: ServeProcess): Promise<string> {
  const i = incident({ severity: 'P0', title: 'Primary DB down', affected_resources: ['checkout'] });
  const res = await fetch(`${s.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    body: JSON.stringify({ event_type: 'incident_created', incident: i }),
  });
  expect(res.status).toBe(202);
  return i.id.toLowerCase();
}

const aliceOnly = (ntfy: PushRecorder) => ({
  targets: [{ name: 'alice-phone', person: 'alice', kind: 'ntfy', url: ntfy.url, topic: 'alice-oncall' }],
  steps: [{ after_minutes: { P0: 0.01 }, targets: ['alice-phone'] }],
});

describe('escalation settings (control routes)', () => {
  it('a save applies at once with the token from the vault, which no answer, settings file or log line shows', async () => {
    const ntfy = await recorder();
    const s = await serve();
    expect((await call(s, 'escalation:get')).json).toEqual({ enabled: false, source: 'none', escalation: null, secrets: [] });

    const saved = await call(s, 'escalation:save', { enabled: true, escalation: aliceOnly(ntfy), secrets: { 'alice-phone': SECRET } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ enabled: true, source: 'settings', secrets: [{ target: 'alice-phone', source: 'settings', storage: 'file' }] });

    await raiseP0(s);
    await waitFor('the page at the phone', () => ntfy.requests.length === 1, 20_000);
    expect(ntfy.requests[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
    const health = await (await fetch(`${s.url}/health`)).json() as { escalation?: { state: string } };
    expect(health.escalation?.state).toBe('ok');

    const test = await call(s, 'escalation:test', { target: 'alice-phone' });
    expect(test.json).toEqual({ delivered: true, detail: 'answered 200: {"id":"2"}' });
    expect(JSON.parse(ntfy.requests[1]!.body)).toMatchObject({ topic: 'alice-oncall', title: 'P1 · Test page: escalation reaches this target' });

    const get = await call(s, 'escalation:get');
    for (const text of [saved.text, get.text, test.text, readFileSync(join(s.dataDir, 'ui-escalation.json'), 'utf8'), s.stdout(), s.stderr()]) {
      expect(text).not.toContain(SECRET);
    }
    const vault = join(s.dataDir, 'ui-secrets.json');
    expect(readFileSync(vault, 'utf8')).toContain(SECRET);
    expect(statSync(vault).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('a bad save answers 400 naming the field and changes nothing; a secret for an unknown target is 404', async () => {
    const ntfy = await recorder();
    const s = await serve();
    expect((await call(s, 'escalation:save', { enabled: true, escalation: aliceOnly(ntfy) })).status).toBe(200);
    const file = join(s.dataDir, 'ui-escalation.json');
    const before = { get: (await call(s, 'escalation:get')).text, file: readFileSync(file, 'utf8') };

    const unknownTarget = { ...aliceOnly(ntfy), steps: [{ after_minutes: { P0: 0.01 }, targets: ['nobody'] }] };
    const r1 = await call(s, 'escalation:save', { enabled: true, escalation: unknownTarget });
    expect(r1.status).toBe(400);
    expect(r1.json).toMatchObject({ error: { code: 'invalid_message', message: expect.stringContaining('escalation.steps.0.targets.0: no target is named "nobody"') } });

    const gotifyWithoutToken = { ...aliceOnly(ntfy), targets: [...aliceOnly(ntfy).targets, { name: 'bob-phone', kind: 'gotify', url: 'https://gotify.example' }] };
    const r2 = await call(s, 'escalation:save', { enabled: false, escalation: gotifyWithoutToken });
    expect(r2.status).toBe(400);
    expect(r2.json).toMatchObject({ error: { message: expect.stringContaining('escalation.targets.1: a gotify target needs token or token_file') } });

    // A file path only the configuration may name: through the control routes it would read any file and send it anywhere.
    const filePath = { ...aliceOnly(ntfy), targets: [{ ...aliceOnly(ntfy).targets[0], token_file: '/etc/passwd' }] };
    const r3 = await call(s, 'escalation:save', { enabled: true, escalation: filePath });
    expect(r3.status).toBe(400);
    expect(r3.json).toMatchObject({ error: { message: 'escalation.targets.0.token_file: a file path can only come from the configuration file; enter the token in the form instead' } });
    expect(ntfy.requests).toHaveLength(0);

    const inlineToken = { ...aliceOnly(ntfy), targets: [{ ...aliceOnly(ntfy).targets[0], token: SECRET }] };
    expect((await call(s, 'escalation:save', { enabled: true, escalation: inlineToken })).status).toBe(400);
    expect((await call(s, 'escalation:secret', { target: 'nobody', secret: SECRET })).status).toBe(404);

    expect((await call(s, 'escalation:get')).text).toBe(before.get);
    expect(readFileSync(file, 'utf8')).toBe(before.file);
    expect(existsSync(join(s.dataDir, 'ui-secrets.json'))).toBe(false); // no secret was kept
    // Still the saved settings in force: a P0 pages alice.
    await raiseP0(s);
    await waitFor('the page at the phone', () => ntfy.requests.length === 1, 20_000);
  }, 60_000);

  it('saving while an incident escalates keeps its step; a config-file token_file of the same target keeps working', async () => {
    const ntfy = await recorder();
    const gotify = await recorder();
    const dir = mkdtempSync(join(tmpdir(), 'ir-escalation-config-'));
    writeFileSync(join(dir, 'gotify-token'), 'GotifyAppToken\n');
    const config = {
      escalation: {
        targets: [...aliceOnly(ntfy).targets, { name: 'bob-phone', kind: 'gotify', url: gotify.url, token_file: join(dir, 'gotify-token') }],
        steps: [{ after_minutes: { P0: 0.01 }, targets: ['alice-phone'] }, { after_minutes: 0.15, targets: ['bob-phone'] }],
      },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const s = await serve(['--config', join(dir, 'config.json')]);
    const view = (await call(s, 'escalation:get')).json as { source: string; escalation: { targets: unknown[] }; secrets: unknown[] };
    expect(view.source).toBe('config');
    expect(view.secrets).toEqual([{ target: 'alice-phone', source: 'none', storage: null }, { target: 'bob-phone', source: 'config', storage: null }]);
    expect(JSON.stringify(view)).not.toContain('GotifyAppToken');

    await raiseP0(s);
    await waitFor('step 1 at alice', () => ntfy.requests.length === 1, 20_000);
    // The form saves the settings it was shown, with one more retry: the running escalation stays at step 2.
    const next = { ...view.escalation, attempts: 4 };
    expect((await call(s, 'escalation:save', { enabled: true, escalation: next })).status).toBe(200);
    await waitFor('step 2 at bob', () => gotify.requests.length === 1, 30_000);
    expect(gotify.requests[0]!.headers['x-gotify-key']).toBe('GotifyAppToken');
    expect(ntfy.requests).toHaveLength(1);
  }, 60_000);

  it('the console gets the escalation steps of a config-file escalation in its why and the state in its status bar', async () => {
    const ntfy = await recorder();
    const dir = mkdtempSync(join(tmpdir(), 'ir-escalation-config-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ escalation: aliceOnly(ntfy) }));
    const s = await serve(['--config', join(dir, 'config.json')]);
    const id = await raiseP0(s);
    await waitFor('the page at the phone', () => ntfy.requests.length === 1, 20_000);
    const steps = async () => ((await call(s, 'notifications:why', { id })).json.decisions as { steps: { detail: string }[] }[]).flatMap((d) => d.steps.map((x) => x.detail));
    await waitFor('the step in the console\'s why', async () => (await steps()).includes('step 1: ntfy "alice-phone" took the page'));
    expect((await call(s, 'server:stats')).json).toMatchObject({ escalation: { state: 'ok' } });
  }, 60_000);
});
