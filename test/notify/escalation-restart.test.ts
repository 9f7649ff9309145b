// Issue 23: escalation step progress survives a restart of `serve` (killed with SIGKILL) on the same data dir: the phone of
// step 1 is paged exactly once across the restart, and step 2 still comes when due (at once when it fell due meanwhile).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startPushRecorder, type PushRecorder } from './support/push-recorder.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Step 1 at once for a P0; step 2 (another person) `secondStepMinutes` after step 1 was taken. */
function writeConfig(dir: string, ntfy: PushRecorder, gotify: PushRecorder, secondStepMinutes: number): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({
    escalation: {
      targets: [
        { name: 'alice-phone', person: 'alice', kind: 'ntfy', url: ntfy.url, topic: 'alice-oncall' },
        { name: 'bob-phone', person: 'bob', kind: 'gotify', url: gotify.url, token: 'GotifyAppToken' },
      ],
      steps: [{ after_minutes: { P0: 0.01 }, targets: ['alice-phone'] }, { after_minutes: secondStepMinutes, targets: ['bob-phone'] }],
    },
  }));
  return file;
}

async function start(config: string, dataDir: string): Promise<ServeProcess> {
  const server = await startServe(['--config', config], { dataDir });
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

const whySteps = async (server: ServeProcess, id: string): Promise<string[]> => {
  const body = await (await fetch(`${server.url}/v1/incidents/${id}/why`)).json() as { decisions: { steps: { detail: string }[] }[] };
  return body.decisions.flatMap((d) => d.steps.map((s) => s.detail));
};

/** The epoch ms of the `HH:MM:SSZ` the why line names (today, or tomorrow just after midnight). */
function dueOf(line: string): number {
  const hms = /step 2 due (\d\d:\d\d:\d\d)Z/.exec(line)![1]!;
  const due = Date.parse(`${new Date().toISOString().slice(0, 10)}T${hms}Z`);
  return due < Date.now() - 12 * 3_600_000 ? due + 86_400_000 : due;
}

/** Raises a P0, waits until step 1 reached the phone and was recorded as taken, and kills the server. */
async function pageStepOneThenKill(ntfy: PushRecorder, gotify: PushRecorder, secondStepMinutes: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-escalation-restart-'));
  const config = writeConfig(dataDir, ntfy, gotify, secondStepMinutes);
  const first = await start(config, dataDir);
  const p0 = incident({ severity: 'P0', title: 'Primary DB down', affected_resources: ['checkout'] });
  const res = await fetch(`${first.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
    body: JSON.stringify({ event_type: 'incident_created', incident: p0 }),
  });
  expect(res.status).toBe(202);
  const id = p0.id.toLowerCase();
  await waitFor('step 1 at the phone', () => ntfy.requests.length === 1, 20_000);
  let dueLine = '';
  await waitFor('step 2 scheduled (step 1 recorded as taken)', async () => {
    dueLine = (await whySteps(first, id)).find((d) => /^step 2 due /.test(d)) ?? '';
    return dueLine !== '';
  });
  await first.stop('SIGKILL');
  return { dataDir, config, id, due: dueOf(dueLine) };
}

describe('escalation across a restart', () => {
  it('does not page step 1 again after a kill -9, and takes step 2 when it falls due', async () => {
    const ntfy = await startPushRecorder();
    const gotify = await startPushRecorder();
    cleanups.push(() => ntfy.close(), () => gotify.close());
    const { dataDir, config, id, due } = await pageStepOneThenKill(ntfy, gotify, 0.1);

    const second = await start(config, dataDir);
    await waitFor('step 2 at the second phone', () => gotify.requests.length === 1, 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(due); // not before its time (the printed due is cut to the second)
    // Step 2 is the last step: whatever step 1 would have been repeated at start has arrived by now.
    expect(ntfy.requests).toHaveLength(1);
    expect(JSON.parse(gotify.requests[0]!.body)).toMatchObject({ title: 'P0 · checkout: Primary DB down', priority: 10 });
    expect(await whySteps(second, id)).toContainEqual(expect.stringMatching(/^open at start, 1 step\(s\) taken before: step 2 due \d\d:\d\d:\d\dZ unless acknowledged$/));
  }, 90_000);

  it('takes a step that fell due while the server was down at once after the restart, without repeating step 1', async () => {
    const ntfy = await startPushRecorder();
    const gotify = await startPushRecorder();
    cleanups.push(() => ntfy.close(), () => gotify.close());
    const { dataDir, config, id, due } = await pageStepOneThenKill(ntfy, gotify, 0.05);
    await waitFor('step 2 to fall due while the server is down', () => Date.now() > due + 1000, 30_000);

    const second = await start(config, dataDir);
    await waitFor('step 2 at the second phone', () => gotify.requests.length === 1, 30_000);
    expect(ntfy.requests).toHaveLength(1);
    await waitFor('why to record step 2', async () => (await whySteps(second, id)).includes('step 2: gotify "bob-phone" took the page'));
  }, 90_000);
});
