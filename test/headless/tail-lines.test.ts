// `tail` for people (issue 20): short local time, colour by severity, every line with severity, title and service, readable notices; --json unchanged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage, IncidentEvent } from '../../src-shared/protocol/index.js';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { comment, created, escalated, incident } from '../support/fixtures.js';
import { TestClient } from '../support/ws-client.js';
import { waitFor } from '../relay/relay-harness.js';
import { activeSubscriptions, publish, startTail, type TailProcess } from './tail-process.js';

const two = (n: number) => String(n).padStart(2, '0');
/** HH:MM:SS of an instant in India (UTC+05:30, no daylight saving): the zone the local-time tail runs in. */
const kolkata = (iso: string) => {
  const d = new Date(Date.parse(iso) + 330 * 60_000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
};
const utc = (iso: string) => `${iso.slice(11, 19)}Z`;
const ANSI = new RegExp(`${'\x1b'}\\[[\\d;]*m`, 'g');

describe('tail lines', () => {
  let serve: ServeProcess;
  let raw: TestClient;
  let local: TailProcess;
  let plain: TailProcess;
  let json: TailProcess;
  const foreign = incident({ title: 'db: replication lag', severity: 'P3', affected_resources: ['postgres-primary'] });
  const fresh = incident({ title: 'checkout: error rate spike', severity: 'P1', labels: { service: 'checkout' }, affected_resources: ['cart'] });
  let frames: EventMessage[] = [];

  beforeAll(async () => {
    serve = await startServe();
    // Published before any tail runs: the tails learn its title only through GET /v1/incidents/:id.
    await publish(serve, created(foreign));
    raw = await TestClient.connect(`ws://127.0.0.1:${serve.port}/ws`);
    await raw.request({ type: 'subscribe', subscription_id: 'tail', filters: {} }, 'subscribed');
    local = startTail(['--url', serve.url, '--color', 'always'], { TZ: 'Asia/Kolkata' });
    plain = startTail(['--url', serve.url, '--utc', '--no-reconnect']);
    json = startTail(['--url', serve.url, '--json']);
    await waitFor(async () => (await activeSubscriptions(serve.url)) === 4, 'three tails to subscribe');
    const events: IncidentEvent[] = [
      comment(foreign.id, 'Looking into it.'),
      { event_type: 'assignment_changed', incident_id: foreign.id, assignees: ['ana'] },
      created(fresh),
      escalated(fresh.id, 'P1', 'P0'),
      { event_type: 'incident_updated', incident: { ...fresh, severity: 'P0', state: 'Triaged' }, previous_state: 'Detected' },
    ];
    await publish(serve, ...events);
    await waitFor(() => [local, plain, json].every((t) => t.lines().length >= events.length), 'every tail to print five lines');
    frames = raw.frames.filter((f) => f.type === 'event') as unknown as EventMessage[];
    expect(frames).toHaveLength(events.length);
  }, 60_000);

  afterAll(async () => {
    raw?.ws.close();
    for (const t of [local, json]) t?.child.kill('SIGKILL');
    await serve?.stop('SIGKILL');
  });

  it('prints the local time as HH:MM:SS (not UTC with milliseconds), and --utc prints HH:MM:SSZ', () => {
    const localTimes = local.lines().map((l) => l.replace(ANSI, '').slice(0, 9));
    expect(localTimes).toEqual(frames.map((f) => `${kolkata(f.timestamp)} `));
    expect(plain.lines().map((l) => l.slice(0, 10))).toEqual(frames.map((f) => `${utc(f.timestamp)} `));
  });

  it('names severity, incident title and service on comment and assignment lines too (fetching an unseen incident once)', () => {
    const [commented, assigned, opened, escalation, triaged] = plain.lines().map((l) => l.slice(10));
    expect(commented).toMatch(/^P3 comment_added +db: replication lag \(postgres-primary\) {2}me: "Looking into it\."$/);
    expect(assigned).toMatch(/^P3 assignment_changed +db: replication lag \(postgres-primary\) {2}assigned to ana$/);
    expect(opened).toMatch(/^P1 incident_created +checkout: error rate spike \(checkout\) {2}Detected$/);
    expect(escalation).toMatch(/^P0 escalated +checkout: error rate spike \(checkout\) {2}P1 → P0: test$/);
    expect(triaged).toMatch(/^P0 incident_updated +checkout: error rate spike \(checkout\) {2}Detected → Triaged$/);
  });

  it('colours by severity with --color always, and never paints when stdout is not a terminal', () => {
    const lines = local.lines();
    expect(lines[0]).toContain('\x1b[36mP3\x1b[0m');
    expect(lines[2]).toContain('\x1b[1;31mP1\x1b[0m');
    expect(lines[3]).toContain('\x1b[1;97;41mP0\x1b[0m');
    for (const l of [...plain.lines(), ...json.lines()]) expect(l).not.toContain('\x1b[');
  });

  it('--json prints each frame exactly as before: JSON.stringify of the frame, one per line', () => {
    expect(json.lines()).toEqual(frames.map((f) => JSON.stringify(f)));
  });

  it('says "replay complete" and "closing" in one readable stderr line each, not raw JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-tail-lines-'));
    try {
      const resumeFile = join(dir, 'resume');
      writeFileSync(resumeFile, frames[2]!.message_id);
      const resumed = startTail(['--url', serve.url, '--json', '--resume', resumeFile]);
      await waitFor(() => resumed.lines().length >= 2 && /replayed/.test(resumed.stderr()), 'the replay');
      resumed.child.kill('SIGINT');
      expect(await resumed.exit).toBe(0);
      expect(resumed.stderr()).toBe(`incident-relay tail: resumed after ${frames[2]!.message_id}, nothing missed (2 events replayed)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await serve.stop('SIGTERM');
    expect(await plain.exit).toBe(1);
    expect(plain.stderr()).toBe('incident-relay tail: server closing the connection: the server is shutting down\n');
  });
});
