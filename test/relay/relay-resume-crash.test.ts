// After kill -9, the relay resumes from the last in-order upstream id, never from one that arrived out_of_order.
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { TestClient } from '../support/ws-client.js';
import { startGuideServer, type GuideServer } from './guide-server.js';
import { numbered, receivedNumbers, waitFor } from './relay-harness.js';

const cleanups = cleanupsAfterEach();

/** `serve` relaying `guide` with a SQLite journal in `dataDir`, once it subscribed upstream (the `n`th subscribe). */
async function relayServe(guide: GuideServer, dataDir: string, subscribes: number): Promise<ServeProcess> {
  const serve = await startServe(['--upstream', guide.wsUrl], { dataDir });
  cleanups.push(() => serve.stop('SIGKILL'));
  await waitFor(() => guide.subscribes.length === subscribes && guide.subscribedClients() === 1, `subscribe ${subscribes} upstream`, 20_000);
  return serve;
}

async function subscribedClient(serve: ServeProcess, resumeAfter?: string): Promise<TestClient> {
  const client = await TestClient.connect(`${serve.url.replace(/^http/, 'ws')}/ws`);
  cleanups.push(() => client.close());
  await client.subscribe('all', {}, resumeAfter === undefined ? {} : { resume_after: resumeAfter });
  return client;
}

describe('relay resume point after a crash', () => {
  it('resumes after the last in-order id when the newest journaled event came out_of_order, and loses nothing', async () => {
    const guide = await startGuideServer({ replayOnResume: true });
    cleanups.push(() => guide.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const first = await relayServe(guide, dataDir, 1);
    const watcher = await subscribedClient(first);
    guide.emit(numbered(1));
    guide.emit(numbered(2));
    // The upstream holds 3 and 4 for the relay (its replay is running) and writes the P0-like 5 ahead of them.
    guide.emit(numbered(3), { withhold: true });
    guide.emit(numbered(4), { withhold: true });
    guide.emit(numbered(5), { outOfOrder: true });
    await waitFor(() => receivedNumbers(watcher).length >= 3, 'events 1, 2 and 5 relayed (and so journaled)');
    expect(receivedNumbers(watcher)).toEqual([1, 2, 5]);
    const firstLocalId = String(watcher.events().find((f) => (f.event as { message?: string }).message === '1')!.message_id);
    await first.stop('SIGKILL');

    const second = await relayServe(guide, dataDir, 2);
    expect(guide.subscribes[1]).toMatchObject({ resume_after: 'evt-2' });
    // The upstream replays 3, 4 and 5 in order: 3 and 4 are journaled now, 5 is dropped as the copy it is.
    const reader = await subscribedClient(second, firstLocalId);
    await waitFor(() => receivedNumbers(reader).length >= 3, 'events 2 to 5 from the restarted relay');
    guide.emit(numbered(6));
    await waitFor(() => receivedNumbers(reader).includes(6), 'a live event after the replay');
    // Journal order: 2, 5 (ahead), 3, 4, 6; each once.
    expect(receivedNumbers(reader)).toEqual([2, 5, 3, 4, 6]);
  });
});
