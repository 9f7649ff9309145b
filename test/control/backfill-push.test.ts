// An open UI learns about incidents a relay backfilled from an upstream (written to the store without any event).
import { describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { startIngestServer } from '../ingest/ingest-harness.js';
import { waitFor } from '../relay/relay-harness.js';
import { controlHarnessPerTest, openStream } from './support/control-harness.js';

const { cleanups, harness } = controlHarnessPerTest();

describe('incidents backfilled by a relay', () => {
  it('are pushed to an open console once the backfill finishes', async () => {
    const remote = await startIngestServer(); // serves GET /v1/incidents, which the backfill reads
    cleanups.push(() => remote.stop());
    const burning = incident({ severity: 'P0', title: 'Already burning upstream' });
    expect((await remote.publish(created(burning))).status).toBe(202);

    const h = await harness();
    const cookie = await h.login();
    const stream = await openStream(h.h.url, { cookie, origin: h.h.url }, h.secret());
    cleanups.push(() => stream.close());
    expect((await h.call('upstreams:add', { name: 'central', url: remote.wsUrl })).status).toBe(200);

    const pushedIds = () => stream.frames
      .filter((f) => f.event === 'push:incidents')
      .flatMap((f) => (f.payload as { incidents: { incident: { id: string } }[] }).incidents.map((s) => s.incident.id.toLowerCase()));
    await waitFor(() => pushedIds().includes(burning.id.toLowerCase()), 'the backfilled incident to be pushed');
    // It came from the backfill, not from an event: nothing was published locally for it.
    const events = stream.frames.filter((f) => f.event === 'push:events');
    expect(JSON.stringify(events)).not.toContain('Already burning upstream');
  });
});
