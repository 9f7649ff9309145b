// Upstream tokens: kept in the SecretVault (headless: a 0600 file), never in ui-upstreams.json, never in an answer to the UI.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BridgeError, runBridgeCall, type ChannelName, type ResponseOf } from '../../src-shared/bridge/index.js';
import { SECRETS_FILE, UPSTREAMS_FILE, upstreamTokenKey, type SecretVault } from '../../src-main/control/index.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { waitFor } from '../relay/relay-harness.js';
import { openStream, controlHarnessPerTest, type ControlHarness } from './support/control-harness.js';
import { tempDir } from './support/temp-dir.js';

const TOKEN = 'upstream-subscribe-token-0123456789';
const OTHER_TOKEN = 'another-subscribe-token-9876543210';

const { cleanups, harness } = controlHarnessPerTest();

/** A remote server that lets subscribers in with TOKEN or OTHER_TOKEN only. */
async function remoteNeedingToken(): Promise<Harness> {
  const remote = await startServer({
    require_auth_for_read: true,
    api_tokens: [{ token: TOKEN, scopes: ['subscribe'] }, { token: OTHER_TOKEN, scopes: ['subscribe'] }],
  });
  cleanups.push(() => remote.stop());
  return remote;
}

async function run<C extends ChannelName>(h: ControlHarness, channel: C, body: unknown = {}): Promise<ResponseOf<C>> {
  return BRIDGE_CHANNELS[channel].response.parse(await runBridgeCall(h.service.handlers, channel, body)) as ResponseOf<C>;
}

async function connected(h: ControlHarness, name: string): Promise<void> {
  await waitFor(async () => (await run(h, 'upstreams:list')).upstreams.some((u) => u.id === name && u.state === 'connected'), `${name} to connect`);
}

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(text));
}

/** A vault in memory that records what it was asked to keep. */
function memoryVault(): SecretVault & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (name) => entries.get(name),
    set: (name, secret) => void entries.set(name, secret),
    delete: (name) => void entries.delete(name),
    backendOf: (name) => (entries.has(name) ? 'keychain' : undefined),
  };
}

describe('upstream tokens', () => {
  it('never appear in an answer, a push, a stream frame or /health: the UI sees only whether one is set', async () => {
    const remote = await remoteNeedingToken();
    const h = await harness();
    const cookie = await h.login();
    const stream = await openStream(h.h.url, { cookie, origin: h.h.url }, h.secret());
    cleanups.push(() => stream.close());
    const answers = [
      await h.call('upstreams:add', { name: 'remote', url: remote.wsUrl, token: TOKEN }),
      await h.call('upstreams:update', { id: 'remote', filters: { severities: ['P0'] } }),
    ];
    await connected(h, 'remote');
    answers.push(await h.call('upstreams:list'), await h.call('upstreams:update', { id: 'remote', token: OTHER_TOKEN }));
    await connected(h, 'remote');
    await waitFor(() => stream.frames.some((f) => f.event === 'push:upstreams'), 'an upstreams push');

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers[0]!.json).toMatchObject({ id: 'remote', hasToken: true });
    const seen = JSON.stringify({ answers: answers.map((a) => a.json), frames: stream.frames, health: await (await fetch(`${h.h.url}/health`)).text() });
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain(OTHER_TOKEN);
  });

  it('headless: stay out of the upstreams file, live in a 0600 secrets file, and authenticate again after a restart', async () => {
    const remote = await remoteNeedingToken();
    const dir = tempDir(cleanups);
    const first = await harness({ dataDir: dir });
    await run(first, 'upstreams:add', { name: 'remote', url: remote.wsUrl, token: TOKEN });
    await connected(first, 'remote');
    expect(filesContaining(dir, TOKEN)).toEqual([join(dir, SECRETS_FILE)]);
    if (process.platform !== 'win32') expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    await first.stop();
    cleanups.pop();

    const second = await harness({ dataDir: dir });
    await connected(second, 'remote');
    expect((await run(second, 'upstreams:list')).upstreams).toEqual([expect.objectContaining({ id: 'remote', hasToken: true })]);
  });

  it('saved inline by an older version move into the vault, and the upstreams file is rewritten without them', async () => {
    const remote = await remoteNeedingToken();
    const dir = tempDir(cleanups);
    writeFileSync(join(dir, UPSTREAMS_FILE), JSON.stringify({
      version: 1, upstreams: [{ name: 'remote', url: remote.wsUrl, token: TOKEN, filters: {}, enabled: true }],
    }));
    const vault = memoryVault();
    const h = await harness({ dataDir: dir, secrets: vault });
    await connected(h, 'remote');
    expect(vault.entries.get(upstreamTokenKey('remote'))).toBe(TOKEN);
    expect(filesContaining(dir, TOKEN)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, UPSTREAMS_FILE), 'utf8'))).toEqual({
      version: 1, upstreams: [{ name: 'remote', url: remote.wsUrl, filters: {}, enabled: true }],
    });
  });

  it('saved inline stay inline, and still authenticate, when the vault refuses them at the move', async () => {
    const remote = await remoteNeedingToken();
    const dir = tempDir(cleanups);
    const legacy = { version: 1, upstreams: [{ name: 'remote', url: remote.wsUrl, token: TOKEN, filters: {}, enabled: true }] };
    writeFileSync(join(dir, UPSTREAMS_FILE), JSON.stringify(legacy));
    const refusing: SecretVault = {
      get: () => undefined,
      set: () => {
        throw new Error('keychain locked');
      },
      delete: () => undefined,
      backendOf: () => undefined,
    };
    const h = await harness({ dataDir: dir, secrets: refusing });
    await connected(h, 'remote');
    await run(h, 'upstreams:update', { id: 'remote', filters: { severities: ['P0'] } });
    expect(JSON.parse(readFileSync(join(dir, UPSTREAMS_FILE), 'utf8')).upstreams[0]).toMatchObject({ token: TOKEN, filters: { severities: ['P0'] } });
    expect((await run(h, 'upstreams:list')).upstreams).toEqual([expect.objectContaining({ id: 'remote', hasToken: true, tokenStorage: 'file' })]);
  });

  it('follow the upstream in the vault it is given: a rename moves it, null or removal deletes it, nothing reaches the data dir', async () => {
    const vault = memoryVault();
    const dir = tempDir(cleanups);
    const h = await harness({ dataDir: dir, secrets: vault });
    await run(h, 'upstreams:add', { name: 'one', url: 'ws://127.0.0.1:1/ws', token: TOKEN, enabled: false });
    await run(h, 'upstreams:add', { name: 'two', url: 'ws://127.0.0.1:2/ws', enabled: false });
    expect([...vault.entries]).toEqual([[upstreamTokenKey('one'), TOKEN]]);

    expect(await run(h, 'upstreams:update', { id: 'one', name: 'uno' })).toMatchObject({ id: 'uno', hasToken: true, tokenStorage: 'keychain' });
    expect([...vault.entries]).toEqual([[upstreamTokenKey('uno'), TOKEN]]);
    expect(await run(h, 'upstreams:update', { id: 'two', token: OTHER_TOKEN })).toMatchObject({ hasToken: true });
    expect(await run(h, 'upstreams:update', { id: 'uno', token: null })).toMatchObject({ hasToken: false, tokenStorage: null });
    expect([...vault.entries]).toEqual([[upstreamTokenKey('two'), OTHER_TOKEN]]);
    await run(h, 'upstreams:remove', { id: 'two' });
    expect(vault.entries.size).toBe(0);
    expect([...filesContaining(dir, TOKEN), ...filesContaining(dir, OTHER_TOKEN)]).toEqual([]);
  });

  it('are refused, and the upstream not added, when the vault cannot keep them', async () => {
    const vault: SecretVault = {
      get: () => undefined,
      set: () => {
        throw new BridgeError('unavailable', 'the OS keychain cannot seal secrets right now');
      },
      delete: () => undefined,
      backendOf: () => undefined,
    };
    const h = await harness({ secrets: vault });
    await expect(run(h, 'upstreams:add', { name: 'remote', url: 'ws://127.0.0.1:1/ws', token: TOKEN })).rejects.toMatchObject({ code: 'unavailable' });
    expect((await run(h, 'upstreams:list')).upstreams).toEqual([]);
    expect(h.relay.list()).toEqual([]);
  });
});

describe('a closed control service', () => {
  it('hands its upstreams back to the relay (configured ones stay) and refuses further calls', async () => {
    const h = await harness();
    await run(h, 'upstreams:add', { name: 'mine', url: 'ws://127.0.0.1:1/ws', token: TOKEN });
    h.relay.addUpstream({ name: 'configured', url: 'ws://127.0.0.1:2/ws' });
    expect(h.relay.list().map((u) => u.name).sort()).toEqual(['configured', 'mine']);
    await h.service.close();
    expect(h.relay.list().map((u) => u.name)).toEqual(['configured']);
    await expect(run(h, 'upstreams:list')).rejects.toMatchObject({ code: 'unavailable' });
    await h.service.close(); // a second close (the harness's own) is harmless
  });
});
