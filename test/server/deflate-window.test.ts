// The server compresses event frames with the LZ77 window the client asked for (server_max_window_bits), read from the 101 answer.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { negotiatedWindowBits } from '../../src-main/server/transport/ws-adapter.js';
import { comment, created, incident } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('permessage-deflate window', () => {
  it('reads the window from the negotiated extensions header', () => {
    expect(negotiatedWindowBits('')).toBeNull();
    expect(negotiatedWindowBits('permessage-deflate; server_no_context_takeover')).toBe(15);
    expect(negotiatedWindowBits('permessage-deflate; server_no_context_takeover; server_max_window_bits=10')).toBe(10);
    expect(negotiatedWindowBits('x-other; server_max_window_bits=9, permessage-deflate; server_max_window_bits="12"')).toBe(12);
  });

  it('a session compresses with the window its client asked for, and the client inflates the events', async () => {
    h = await startServer({ enable_compression: true });
    const c = await TestClient.connect(h.wsUrl, { perMessageDeflate: { serverMaxWindowBits: 10 } });
    const plain = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    const windows = [...h.server.hub.sessions].map((s) => s.socket.deflateWindowBits);
    expect(windows).toEqual([10, null]);
    await c.subscribe('all');
    const target = incident();
    await h.publish(created(target));
    const block = randomBytes(3000).toString('base64');
    const text = `${block}${block}`;
    await h.publish(comment(target.id, text));
    const frame = await c.next((f) => f.type === 'event' && (f.event as { comment?: string }).comment === text);
    expect((frame.event as { comment: string }).comment).toHaveLength(8000);
    expect(c.closeCode).toBeUndefined();
    c.ws.close();
    plain.ws.close();
  });
});
