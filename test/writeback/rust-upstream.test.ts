// Write-back to a Rust LLM Incident Manager upstream: acknowledge → PUT {state: Triaged, actor}, resolve → its resolve body,
// assign → PUT {assignees, actor}; comments, which it has no API for, are refused and change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../support/fixtures.js';
import { startRustMock, type RustMock } from './rust-mock.js';
import { openNode, relayReady, removeDir, tempDir, waitFor, type Node } from './writeback-harness.js';

let mock: RustMock | undefined;
let laptop: Node | undefined;
let dir = '';
afterEach(async () => {
  await laptop?.close();
  await mock?.close();
  removeDir(dir);
});

describe('write-back to a Rust upstream', () => {
  it('sends the Rust request bodies and shows the result the Rust server streams back', async () => {
    mock = await startRustMock();
    dir = tempDir('laptop');
    laptop = await openNode(dir, { upstreams: [{ name: 'rust', url: mock.wsUrl }] });
    await relayReady(laptop);
    const i = incident({ severity: 'P0', source: 'llm', state: 'Detected', assignees: [] });
    mock.create(i);
    await waitFor(() => laptop!.incident(i.id) !== undefined, 'the incident relayed');

    const ack = await laptop.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' });
    expect([ack.status, ack.json.state]).toEqual([200, 'Triaged']);
    const assign = await laptop.request('PUT', `/v1/incidents/${i.id}`, { assignees: ['ana', 'bo'] });
    expect([assign.status, assign.json.assignees]).toEqual([200, ['ana', 'bo']]);
    const comment = await laptop.request('POST', `/v1/incidents/${i.id}/comments`, { actor: 'ana', comment: 'looking' });
    expect([comment.status, comment.json.error.message]).toEqual([409, expect.stringMatching(/upstream "rust" \(rust\) has no API for comment/)]);
    const resolve = await laptop.request('POST', `/v1/incidents/${i.id}/resolve`, { resolved_by: 'ana', notes: 'restarted the pod', root_cause: 'leak' });
    expect([resolve.status, resolve.json.state, resolve.json.resolution]).toEqual([200, 'Resolved', expect.objectContaining({ resolved_by: 'ana', resolution_method: 'Manual' })]);

    expect(mock.writes).toEqual([
      { method: 'PUT', path: `/v1/incidents/${i.id}`, body: { state: 'Triaged', actor: 'ana' } },
      { method: 'PUT', path: `/v1/incidents/${i.id}`, body: { assignees: ['ana', 'bo'], actor: 'api' } },
      { method: 'POST', path: `/v1/incidents/${i.id}/resolve`, body: { resolved_by: 'ana', method: 'Manual', notes: 'restarted the pod', root_cause: 'leak' } },
    ]);
    // The laptop's copy follows the Rust server's own events, not a local change.
    await waitFor(() => laptop!.incident(i.id)?.state === 'Resolved', 'Resolved streamed back');
    expect(laptop.incident(i.id)!.assignees).toEqual(['ana', 'bo']);
  });
});
