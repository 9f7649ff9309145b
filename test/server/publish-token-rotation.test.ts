// Rotating the publish token replaces only that token: configured api_tokens keep working, the old publish token stops.
import { afterEach, describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';

const API_TOKEN = 'api-publisher-token-0123456789';
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function publishStatus(token: string): Promise<number> {
  return (await h!.publish(created(incident({ title: 'rotation' })), token)).status;
}

describe('publish token rotation', () => {
  it('keeps api_tokens and drops the previous publish token', async () => {
    h = await startServer({ api_tokens: [{ token: API_TOKEN, scopes: ['publish'] }] });
    h.server.setPublishToken('rotated-token-0123456789abcdef');
    expect(await publishStatus(TEST_TOKEN)).toBe(401);
    expect(await publishStatus('rotated-token-0123456789abcdef')).toBe(202);
    expect(await publishStatus(API_TOKEN)).toBe(202);
  });

  it('keeps api_tokens when the server started with an empty publish token', async () => {
    h = await startServer({ api_tokens: [{ token: API_TOKEN, scopes: ['publish'] }] }, { publishToken: '' });
    h.server.setPublishToken('rotated-token-0123456789abcdef');
    expect(await publishStatus('rotated-token-0123456789abcdef')).toBe(202);
    expect(await publishStatus(API_TOKEN)).toBe(202);
  });
});
