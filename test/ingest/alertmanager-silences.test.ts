// Acknowledging an Alertmanager incident silences its alert in the real Alertmanager (API v2): created with the alert's
// labels as matchers, extended while the alert fires, expired on resolve and on un-acknowledge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../writeback/writeback-harness.js';
import { startAlertmanagerHarness, type AlertmanagerHarness } from './alertmanager-process.js';

const TOKEN = 'alertmanager-silence-token-0123456789abcdef';
const SILENCE_SECS = 8;

type Silence = { id: string; status: { state: string }; createdBy: string; comment: string; endsAt: string; matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[] };

describe('Alertmanager silences for acknowledged incidents', () => {
  let h: AlertmanagerHarness | undefined;
  beforeAll(async () => {
    h = await startAlertmanagerHarness({ token: TOKEN, ackSilenceSecs: SILENCE_SECS, webControl: false });
  }, 60_000);
  afterAll(async () => h?.stop());

  const api = (method: string, path: string, body?: unknown) => h!.api(method, path, body);
  const firingIncident = (alertname: string) => h!.firingIncident(alertname, { summary: `${alertname} firing` });
  const silence = async (id: string) => (await api('GET', `/api/v2/silence/${id}`)).json as Silence;

  it('acknowledge creates the silence on the alert labels; still firing extends it; resolve expires it', async () => {
    const { id, labels } = await firingIncident('SilenceOnAck');
    const ack = await api('POST', `/v1/incidents/${id}/acknowledge`, { actor: 'ana' });
    expect(ack.status).toBe(200);
    const silenceId = ack.json.timeline.at(-1).metadata.alertmanager_silence_id as string;
    expect(silenceId).toMatch(/^[0-9a-f-]{36}$/);
    const s = await silence(silenceId);
    expect(s).toMatchObject({ status: { state: 'active' }, createdBy: 'ana', comment: expect.stringContaining(id) });
    expect(s.matchers.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(Date.parse(s.endsAt) - Date.now()).toBeLessThanOrEqual(SILENCE_SECS * 1000);

    // The alert keeps firing: the silence is extended in place (same id, a later end).
    await waitFor(async () => Date.parse((await silence(silenceId)).endsAt) > Date.parse(s.endsAt), 'the silence extended', 30_000);
    expect((await silence(silenceId)).status.state).toBe('active');

    expect((await api('POST', `/v1/incidents/${id}/resolve`, { resolved_by: 'ana', notes: 'fixed' })).status).toBe(200);
    // Alertmanager sets endsAt = now on DELETE and derives the state from its clock: it reads expired a moment later.
    await waitFor(async () => (await silence(silenceId)).status.state === 'expired', `silence ${silenceId} expired`, 5000);
  });

  it('un-acknowledge expires the silence at once', async () => {
    const { id } = await firingIncident('SilenceUnack');
    const ack = await api('POST', `/v1/incidents/${id}/acknowledge`, { actor: 'bo' });
    const silenceId = ack.json.timeline.at(-1).metadata.alertmanager_silence_id as string;
    expect((await silence(silenceId)).status.state).toBe('active');
    expect((await api('POST', `/v1/incidents/${id}/unacknowledge`, { actor: 'bo' })).json.state).toBe('Detected');
    // Alertmanager sets endsAt = now on DELETE and derives the state from its clock: it reads expired a moment later.
    await waitFor(async () => (await silence(silenceId)).status.state === 'expired', `silence ${silenceId} expired`, 5000);
  });
});
