// Issue 23: each push target sends exactly the documented call (ntfy JSON publish, Gotify message, signed webhook).
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createGotifyTarget } from '../../src-main/notify/escalation/gotify-target.js';
import { createNtfyTarget } from '../../src-main/notify/escalation/ntfy-target.js';
import { createWebhookTarget } from '../../src-main/notify/escalation/webhook-target.js';
import type { EscalationPage } from '../../src-main/notify/escalation/push-target.js';
import { startPushRecorder, type PushRecorder } from './support/push-recorder.js';

const NOW = Date.parse('2026-12-04T03:17:00Z');
const page: EscalationPage = {
  incidentId: '4b8f6f0e-1111-4222-8333-444455556666', title: 'Primary DB down', severity: 'P0', state: 'Detected', service: 'checkout',
  labels: { team: 'payments', env: 'prod', other: 'x' }, createdAt: '2026-12-04T03:12:00Z', step: 1,
  openUrl: 'https://relay.example/#incident=4b8f6f0e-1111-4222-8333-444455556666',
  acknowledge: { url: 'https://relay.example/v1/incidents/4b8f6f0e-1111-4222-8333-444455556666/acknowledge', token: 'respond-token-123456', actor: 'alice (phone)' },
};

let recorder: PushRecorder | undefined;
afterEach(async () => recorder?.close());

describe('push targets', () => {
  it('ntfy: one JSON publish to the server root, priority 5 for a P0, click URL, Acknowledge as an http action', async () => {
    recorder = await startPushRecorder();
    await createNtfyTarget({ name: 'alice', url: recorder.url, topic: 'alice-oncall', token: 'tk_abc', now: () => NOW }).send(page);
    expect(recorder.requests).toHaveLength(1);
    const r = recorder.requests[0]!;
    expect([r.method, r.path, r.headers['content-type'], r.headers['authorization']]).toEqual(['POST', '/', 'application/json', 'Bearer tk_abc']);
    expect(JSON.parse(r.body)).toEqual({
      topic: 'alice-oncall', title: 'P0 · checkout: Primary DB down',
      message: 'Unacknowledged for 5 min (Detected); escalation step 1.\nteam=payments env=prod',
      priority: 5, tags: ['rotating_light', 'P0'], click: page.openUrl,
      actions: [
        {
          action: 'http', label: 'Acknowledge', url: page.acknowledge!.url, method: 'POST', clear: true,
          headers: { Authorization: 'Bearer respond-token-123456', 'Content-Type': 'application/json' }, body: '{"actor":"alice (phone)"}',
        },
        { action: 'view', label: 'Open', url: page.openUrl },
      ],
    });
  });

  it('ntfy: priority 4 for a P1, no buttons without a public URL, no Authorization without a token', async () => {
    recorder = await startPushRecorder();
    const { openUrl: _o, acknowledge: _a, ...bare } = page;
    await createNtfyTarget({ name: 'alice', url: `${recorder.url}/`, topic: 't', now: () => NOW }).send({ ...bare, severity: 'P1' });
    const r = recorder.requests[0]!;
    expect(r.headers['authorization']).toBeUndefined();
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(body['priority']).toBe(4);
    expect(body).not.toHaveProperty('actions');
    expect(body).not.toHaveProperty('click');
  });

  it('Gotify: POST /message with X-Gotify-Key, priority 10 for a P0, the click URL as client::notification extra', async () => {
    recorder = await startPushRecorder();
    await createGotifyTarget({ name: 'bob', url: `${recorder.url}/gotify`, token: 'AppToken.1', now: () => NOW }).send(page);
    const r = recorder.requests[0]!;
    expect([r.method, r.path, r.headers['x-gotify-key']]).toEqual(['POST', '/gotify/message', 'AppToken.1']);
    expect(JSON.parse(r.body)).toEqual({
      title: 'P0 · checkout: Primary DB down',
      message: `Unacknowledged for 5 min (Detected); escalation step 1.\nteam=payments env=prod\nAcknowledge: POST ${page.acknowledge!.url}`,
      priority: 10, extras: { 'client::notification': { click: { url: page.openUrl } } },
    });
  });

  it('webhook: the documented body, signed with HMAC-SHA256 over "<timestamp>.<body>" that a receiver can verify', async () => {
    recorder = await startPushRecorder();
    await createWebhookTarget({ name: 'pager', url: `${recorder.url}/hook`, secret: 's3cret', now: () => NOW }).send(page);
    const r = recorder.requests[0]!;
    const ts = r.headers['x-incident-relay-timestamp'];
    expect(ts).toBe(String(NOW / 1000));
    const expected = `sha256=${createHmac('sha256', 's3cret').update(`${String(ts)}.${r.body}`).digest('hex')}`;
    expect(r.headers['x-incident-relay-signature']).toBe(expected);
    expect(JSON.parse(r.body)).toEqual({
      type: 'incident.escalated', sent_at: '2026-12-04T03:17:00.000Z', target: 'pager', step: 1,
      incident: { id: page.incidentId, title: 'Primary DB down', severity: 'P0', state: 'Detected', service: 'checkout', labels: page.labels, created_at: page.createdAt },
      open_url: page.openUrl, acknowledge_url: page.acknowledge!.url,
    });
  });

  it('a target answering 5xx or unreachable fails with the status and the address', async () => {
    recorder = await startPushRecorder();
    recorder.answer(503);
    const target = createNtfyTarget({ name: 'alice', url: recorder.url, topic: 't' });
    await expect(target.send(page)).rejects.toThrow(new RegExp(`^${recorder.url} answered 503: .*unavailable`));
    const url = recorder.url;
    await recorder.close();
    recorder = undefined;
    await expect(createGotifyTarget({ name: 'bob', url, token: 'x' }).send(page)).rejects.toThrow(new RegExp(`^cannot reach ${url}: ECONNREFUSED`));
  });
});
