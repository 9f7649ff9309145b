// Silences against the real Alertmanager, with the default-like long acknowledgement silence (1 h): the alert that
// stops firing gets its silence expired and reaches the webhook as resolved; a snooze silences for its own length only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../writeback/writeback-harness.js';
import { startAlertmanagerHarness, type AlertmanagerHarness } from './alertmanager-process.js';

const TOKEN = 'alertmanager-release-token-0123456789abcdef';
const ACK_SILENCE_SECS = 3600;

type Silence = { id: string; status: { state: string }; comment: string; startsAt: string; endsAt: string; matchers: { name: string; value: string }[] };

describe('Alertmanager silences: released when the alert resolves, snoozes for their own length', () => {
  let h: AlertmanagerHarness | undefined;
  beforeAll(async () => {
    h = await startAlertmanagerHarness({ token: TOKEN, ackSilenceSecs: ACK_SILENCE_SECS, webControl: true });
  }, 60_000);
  afterAll(async () => h?.stop());

  const api = (method: string, path: string, body?: unknown) => h!.api(method, path, body);
  const firingIncident = (alertname: string) => h!.firingIncident(alertname);
  const silence = async (id: string) => (await api('GET', `/api/v2/silence/${id}`)).json as Silence;

  /** The alert as Prometheus sends it resolved (it re-sends resolved alerts every resend_delay for a while). */
  const resolveAtSource = async (labels: Record<string, string>) => {
    const r = await api('POST', '/api/v2/alerts', [{ labels, startsAt: h!.startsAt, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    expect(r.status).toBe(200);
  };

  it('an acknowledged alert that stops firing gets its silence expired, so its "resolved" reaches the webhook and resolves the incident', async () => {
    const { id, labels } = await firingIncident('ReleaseOnResolve');
    const ack = await api('POST', `/v1/incidents/${id}/acknowledge`, { actor: 'ana' });
    const silenceId = ack.json.timeline.at(-1).metadata.alertmanager_silence_id as string;
    const before = await silence(silenceId);
    expect(before.status.state).toBe('active');

    // Alertmanager mutes the "resolved" of a silenced alert: the relay sees the alert stop firing and ends the silence.
    await resolveAtSource(labels);
    await waitFor(async () => (await silence(silenceId)).status.state === 'expired', `silence ${silenceId} expired\n${h!.am.log()}`, 40_000);
    expect(Date.parse((await silence(silenceId)).endsAt)).toBeLessThan(Date.parse(before.endsAt) - 3_000_000);
    expect(h!.relay.server.incidents.get(id)!.state).toBe('Triaged');

    // Prometheus sends the resolved alert again: now unmuted, Alertmanager passes it on and the webhook resolves the incident.
    await resolveAtSource(labels);
    await waitFor(() => h!.relay.server.incidents.get(id)?.state === 'Resolved', `the webhook resolving ${id}\n${h!.am.log()}`, 30_000);
  }, 90_000);

  it('a "resolved" from the webhook expires the silence of the incident it resolves', async () => {
    const { id, labels } = await firingIncident('ReleaseOnWebhook');
    const alerts = (await api('GET', `/api/v2/alerts?filter=${encodeURIComponent(`alertname="${labels.alertname}"`)}`)).json as { fingerprint: string }[];
    expect(alerts).toHaveLength(1);
    const ack = await api('POST', `/v1/incidents/${id}/acknowledge`, { actor: 'bo' });
    const silenceId = ack.json.timeline.at(-1).metadata.alertmanager_silence_id as string;
    expect((await silence(silenceId)).status.state).toBe('active');

    // What Alertmanager posts for the alert once it resolves unmuted (e.g. another Alertmanager of an HA pair, without the silence yet).
    const endsAt = new Date().toISOString();
    const webhook = await api('POST', '/v1/integrations/alertmanager', {
      version: '4', status: 'resolved', receiver: 'relay', groupLabels: { alertname: labels.alertname }, commonLabels: labels, commonAnnotations: {},
      alerts: [{ status: 'resolved', labels, annotations: {}, startsAt: h!.startsAt, endsAt, fingerprint: alerts[0]!.fingerprint }],
    });
    expect(webhook.status).toBe(200);
    expect(webhook.json.resolved).toBe(1);
    expect(h!.relay.server.incidents.get(id)!.state).toBe('Resolved');
    await waitFor(async () => (await silence(silenceId)).status.state === 'expired', `silence ${silenceId} expired`, 5000);
  }, 60_000);

  it('snooze for N minutes silences the alert for N only; a second snooze moves the same silence; resolve expires it', async () => {
    const { id, labels } = await firingIncident('SnoozeSilence');
    const snooze = h!.relay.control!.service.handlers['incidents:snooze'];
    const mine = async () => ((await api('GET', '/api/v2/silences')).json as Silence[])
      .filter((s) => s.status.state === 'active' && s.matchers.some((m) => m.name === 'alertname' && m.value === labels.alertname));
    const length = (s: Silence) => Date.parse(s.endsAt) - Date.parse(s.startsAt);

    const at = Date.now();
    await snooze({ id, minutes: 2 });
    const first = await mine();
    expect(first).toHaveLength(1);
    expect(first[0]!.comment).toContain(id);
    expect(first[0]!.comment).toMatch(/snoozed by .+ for 2 min/);
    // 2 minutes from the snooze, not the acknowledgement's hour.
    expect(length(first[0]!)).toBeGreaterThan(110_000);
    expect(length(first[0]!)).toBeLessThan(130_000);
    expect(h!.relay.server.incidents.get(id)!.state).toBe('Detected');

    await snooze({ id, minutes: 5 });
    const second = await mine();
    expect(second.map((s) => s.id)).toEqual([first[0]!.id]);
    expect(Date.parse(second[0]!.endsAt)).toBeGreaterThanOrEqual(at + 300_000);
    expect(Date.parse(second[0]!.endsAt)).toBeLessThan(at + 3_600_000);

    expect((await api('POST', `/v1/incidents/${id}/resolve`, { resolved_by: 'cy' })).status).toBe(200);
    await waitFor(async () => (await mine()).length === 0, 'the snooze silence expired', 5000);
  }, 60_000);
});
