// Small local-attacker holes: bad %-escapes, failed-token floods, non-JSON and non-UTF-8 publish bodies, loose data-dir
// modes and an empty journal file: each refused or reported, and refusals logged as summaries, never one line each.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { system } from '../support/fixtures.js';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { TestClient } from '../support/ws-client.js';
import { upgradeProbe } from './support/http-probe.js';

let serve: ServeProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The JSON log lines `serve` wrote to stderr. */
const logLines = (s: ServeProcess): { level: string; msg: string; [k: string]: unknown }[] =>
  s.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; msg: string });

const metric = async (s: ServeProcess, name: string): Promise<number> => {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
};

const publishRaw = (s: ServeProcess, body: string | Buffer, contentType: string) => fetch(`${s.url}/v1/events`, {
  method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': contentType },
  body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
});

describe('refused requests', () => {
  it('a malformed %-escape answers 400 with no error log; 300 of them make one summary line', async () => {
    serve = await startServe();
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) statuses.add((await fetch(`${serve.url}/v1/incidents/%E0%A4%A`)).status);
    expect([...statuses]).toEqual([400]);
    await serve.stop('SIGTERM'); // flushes the summary
    const lines = logLines(serve);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.msg === 'requests refused')).toEqual([
      expect.objectContaining({ kind: 'http_400', route: '/v1/incidents', remote: '127.0.0.1', count: 300 }),
    ]);
    serve = undefined;
  });

  it('repeated failed tokens from one address are slowed to 429, counted and summarised; a valid token still passes', async () => {
    serve = await startServe();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      statuses.push((await fetch(`${serve.url}/v1/events`, {
        method: 'POST', headers: { authorization: `Bearer guess-${i}-0123456789abcdef`, 'content-type': 'application/json' }, body: '{}',
      })).status);
    }
    const failed = statuses.filter((s) => s === 401).length;
    const throttled = statuses.filter((s) => s === 429).length;
    expect(failed + throttled).toBe(200);
    expect(throttled).toBeGreaterThan(100); // a burst of 50, then 5 a second earned back
    // the address is throttled now, yet the real publish token is not held back (no local lock-out)
    const valid = await fetch(`${serve.url}/v1/events`, {
      method: 'POST', headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' }, body: JSON.stringify(system('still-open')),
    });
    expect(valid.status).toBe(202);
    expect(await metric(serve, 'incident_relay_auth_failures_total')).toBe(failed);
    expect(await metric(serve, 'incident_relay_auth_throttled_total')).toBe(throttled);
    await serve.stop('SIGTERM');
    const summaries = logLines(serve).filter((l) => l.msg === 'requests refused');
    expect(summaries.map((l) => [l['kind'], l['count']]).sort()).toEqual([['auth_failed', failed], ['auth_throttled', throttled]]);
    serve = undefined;
  });
});

describe('refused tokens on the WebSocket upgrade', () => {
  it('are slowed the same way: 401 within the allowance, then 429 before the check, counted', async () => {
    serve = await startServe();
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await upgradeProbe({ port: serve.port, headers: { Authorization: `Bearer guess-${i}-0123456789abcdef` } })).status);
    const failed = statuses.filter((s) => s === 401).length;
    const throttled = statuses.filter((s) => s === 429).length;
    expect(failed + throttled).toBe(120);
    expect(throttled).toBeGreaterThan(30);
    expect(await metric(serve, 'incident_relay_auth_failures_total')).toBe(failed);
    expect(await metric(serve, 'incident_relay_auth_throttled_total')).toBe(throttled);
  });
});

describe('publish bodies', () => {
  it('must be application/json (415) and valid UTF-8 (400); a refused body publishes nothing', async () => {
    serve = await startServe();
    const c = await TestClient.connect(`${serve.url.replace(/^http/, 'ws')}/ws`);
    await c.subscribe('all');
    const event = JSON.stringify(system('refused'));
    expect((await publishRaw(serve, event, 'text/plain')).status).toBe(415);
    expect((await publishRaw(serve, `event=${encodeURIComponent(event)}`, 'application/x-www-form-urlencoded')).status).toBe(415);
    const badUtf8 = Buffer.concat([Buffer.from('{"event_type":"system_event","category":"x","message":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","metadata":{}}')]);
    const r = await publishRaw(serve, badUtf8, 'application/json');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: { code: 'invalid_json', message: 'body is not valid UTF-8' } });
    expect((await publishRaw(serve, JSON.stringify(system('marker')), 'application/json; charset=utf-8')).status).toBe(202);
    const first = await c.next((f) => f.type === 'event');
    expect((first['event'] as { message: string }).message).toBe('marker');
    c.close();
  });
});

describe('data dir at start', () => {
  it('is tightened to 0700 with every file 0600, with a warning, and an empty journal file is reported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-loose-'));
    const data = join(dir, 'data');
    mkdirSync(data);
    chmodSync(data, 0o755);
    for (const f of ['ui-secrets.json', 'console-sessions.json']) {
      writeFileSync(join(data, f), '{}');
      chmodSync(join(data, f), 0o644);
    }
    writeFileSync(join(data, 'journal.sqlite3'), '');
    serve = await startServe([], { dataDir: data });
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(data)).toBe(0o700);
    const files = readdirSync(data, { withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(mode(join(data, f.name)), f.name).toBe(0o600);
    const lines = logLines(serve);
    const tightened = lines.find((l) => l.msg.includes('tightened'));
    expect(tightened?.['changed']).toEqual(expect.arrayContaining(['(data dir) 755 -> 700', 'ui-secrets.json 644 -> 600']));
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('journal file was empty'))).toBe(true);
  });
});
