// Issue 23, end to end: `serve` with escalation pages a phone (ntfy stand-in), the phone's Acknowledge button cancels the
// next step, and a target that fails falls through to the next step, shown in /health and `why`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { escalationStatus } from '../../src-main/app/open-escalation.js';
import type { EscalationHealth } from '../../src-main/notify/index.js';
import { incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startPushRecorder, type PushRecorder } from './support/push-recorder.js';

const PUBLIC = 'https://relay.team.example';
const RESPOND_TOKEN = 'respond-token-for-phones-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startWithEscalation(ntfy: PushRecorder, gotify: PushRecorder, secondStepMinutes: number, extra: Record<string, unknown> = {}): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ir-escalation-'));
  const config = {
    api_tokens: [{ token: RESPOND_TOKEN, scopes: ['respond'] }],
    escalation: {
      public_url: PUBLIC, acknowledge_token: RESPOND_TOKEN, attempts: 2, retry_base_secs: 0.05,
      targets: [
        { name: 'alice-phone', person: 'alice', kind: 'ntfy', url: ntfy.url, topic: 'alice-oncall' },
        { name: 'bob-phone', person: 'bob', kind: 'gotify', url: gotify.url, token: 'GotifyAppToken' },
      ],
      steps: [
        { after_minutes: { P0: 0.01, P1: 0.02 }, targets: ['alice-phone'] },
        { after_minutes: secondStepMinutes, targets: ['bob-phone'] },
      ],
      ...extra,
    },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const server = await startServe(['--config', join(dir, 'config.json')]);
  cleanups.push(() => server.stop());
  return server;
}

async function raiseP0(server: ServeProcess): Promise<string> {
  const i = incident({ severity: 'P0', title: 'Primary DB down', affected_resources: ['checkout'], labels: { team: 'payments' } });
  const res = await fetch(`${server.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ event_type: 'incident_created', incident: i }),
  });
  expect(res.status).toBe(202);
  return i.id.toLowerCase();
}

const why = async (server: ServeProcess, id: string): Promise<string[]> => {
  const body = await (await fetch(`${server.url}/v1/incidents/${id}/why`)).json() as { decisions: { steps: { detail: string }[] }[] };
  return body.decisions.flatMap((d) => d.steps.map((s) => s.detail));
};

describe('escalation from serve', () => {
  it('pages the phone, and the Acknowledge button replayed against the server acknowledges and cancels the next step', async () => {
    const ntfy = await startPushRecorder();
    const gotify = await startPushRecorder();
    cleanups.push(() => ntfy.close(), () => gotify.close());
    const server = await startWithEscalation(ntfy, gotify, 0.05);
    // The banner's later lines may arrive after `listening on`: wait for the escalation line itself.
    await waitFor('the escalation banner line', () => /escalation:/.test(server.stdout()));
    expect(server.stdout()).toMatch(/escalation: +2 step\(s\), P0 after 0\.01 min, P1 after 0\.02 min unacknowledged → alice-phone; with an Acknowledge button/);
    const id = await raiseP0(server);

    await waitFor('the page at the phone', () => ntfy.requests.length === 1, 20_000);
    const sent = JSON.parse(ntfy.requests[0]!.body) as { title: string; priority: number; actions: { action: string; url: string; method: string; headers: Record<string, string>; body: string }[] };
    expect(sent.title).toBe('P0 · checkout: Primary DB down');
    expect(sent.priority).toBe(5);
    const button = sent.actions.find((a) => a.action === 'http')!;
    expect(button.url).toBe(`${PUBLIC}/v1/incidents/${id}/acknowledge`);

    // The phone calls the public address; here that address is the server itself.
    const res = await fetch(button.url.replace(PUBLIC, server.url), { method: button.method, headers: button.headers, body: button.body });
    expect(res.status).toBe(200);
    const acked = await (await fetch(`${server.url}/v1/incidents/${id}`)).json() as { state: string; timeline: { actor?: string }[] };
    expect(acked.state).toBe('Triaged');
    expect(acked.timeline.at(-1)?.actor).toBe('alice (phone)');

    await waitFor('the cancellation in why', async () => (await why(server, id)).includes('remaining steps cancelled: Triaged by alice (phone)'));
    const steps = await why(server, id);
    expect(steps[0]).toMatch(/^P0 raised: step 1 due \d\d:\d\d:\d\dZ unless acknowledged$/);
    expect(steps).toContain('step 1: ntfy "alice-phone" took the page');
    // Step 2 was due 3 s after step 1; the acknowledgement stopped it.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(gotify.requests).toHaveLength(0);
    const health = await (await fetch(`${server.url}/health`)).json() as { escalation: { state: string; pending: number; targets: { name: string; state: string }[] } };
    expect(health.escalation).toMatchObject({ state: 'ok', pending: 0 });
    expect(health.escalation.targets.map((t) => [t.name, t.state])).toEqual([['alice-phone', 'ok'], ['bob-phone', 'unused']]);
  }, 60_000);

  it('a target that keeps failing is retried, then the next step is taken at once; /health and why say so', async () => {
    const ntfy = await startPushRecorder();
    const gotify = await startPushRecorder();
    cleanups.push(() => ntfy.close(), () => gotify.close());
    ntfy.answer(500);
    // Step 2 would be an hour later after a delivered step 1: it arriving now is the fall-through.
    const server = await startWithEscalation(ntfy, gotify, 60);
    const id = await raiseP0(server);

    await waitFor('the second person paged', () => gotify.requests.length === 1, 20_000);
    expect(ntfy.requests).toHaveLength(2); // attempts: 2
    expect(JSON.parse(gotify.requests[0]!.body)).toMatchObject({ title: 'P0 · checkout: Primary DB down', priority: 10 });
    const steps = await why(server, id);
    expect(steps).toEqual(expect.arrayContaining([
      expect.stringMatching(/^step 1: ntfy "alice-phone" failed \(try 2 of 2\): http:\/\/127\.0\.0\.1:\d+ answered 500/),
      'no target of step 1 took the page: step 2 now',
      'step 2: gotify "bob-phone" took the page',
    ]));
    const health = await (await fetch(`${server.url}/health`)).json() as { escalation: { state: string; targets: { name: string; state: string; last_error: string | null }[] } };
    expect(health.escalation.state).toBe('degraded');
    expect(health.escalation.targets[0]).toMatchObject({ name: 'alice-phone', state: 'failing', last_error: expect.stringMatching(/answered 500/) });
    expect(server.stderr()).toMatch(/escalation target failed; falling through/);
    expect(escalationStatus(health.escalation as EscalationHealth)).toEqual({
      state: 'degraded', detail: expect.stringMatching(/^alice-phone \(http:\/\/127\.0\.0\.1:\d+ answered 500.*\)$/),
    });
  }, 60_000);

  it('refuses a config whose step names a target that does not exist, before starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-escalation-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ escalation: { targets: [{ name: 'a', kind: 'ntfy', url: 'https://ntfy.sh', topic: 't' }], steps: [{ after_minutes: { P0: 5 }, targets: ['b'] }] } }));
    await expect(startServe(['--config', join(dir, 'bad.json')])).rejects.toThrow(/escalation\.steps\.0\.targets\.0.*no target is named "b"/);
  });
});
