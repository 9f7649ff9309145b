// Events the benchmark publishes: realistic incident_created payloads (~1.1 KiB) stamped with their send time.
import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';

/** Incident label carrying the publisher's clock (fractional ms since the epoch), read back by the load client. */
export const SENT_AT_LABEL = 'bench_sent_at';
const SENT_AT_MARKER = Buffer.from(`"${SENT_AT_LABEL}":"`, 'latin1');
const QUOTE = 0x22;

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The attributes shared by every event of one routing key, and by the subscriptions meant to match it. */
export const keySource = (key: number): string => `svc-${key}`;
export const keyTeam = (key: number): string => `team-${key}`;
export const keyResource = (key: number): string => `res-${key}`;
export const EVENT_SEVERITY = 'P2';
export const EVENT_STATE = 'Detected';
export const EVENT_REGION = 'eu-1';

// About 600 characters, so that one event frame is a little over the 1 KiB ws compresses by default.
const DESCRIPTION = [
  'Error rate on the checkout API rose above 5% for five minutes while p99 latency crossed 2 s.',
  'The upstream payment gateway answers slowly and connection pool saturation is visible on all',
  'three replicas. Recent deploys: checkout-api 2.41.0 (40 min ago), payment-adapter 1.9.3 (2 h ago).',
  'Runbook: verify gateway status page, fail over to the secondary region if the error budget burn',
  'rate stays above 10x for another 10 minutes, and page the payments team lead. Dashboards linked',
  'in the alert annotations show the saturation beginning at the same minute as the gateway slowdown.',
].join(' ');

/** An `incident_created` event for one routing key, stamped with `sentAt` (from `nowMs()`). */
export function incidentEvent(key: number, sentAt: number): IncidentEvent {
  const at = new Date(sentAt).toISOString();
  return {
    event_type: 'incident_created',
    incident: {
      id: randomUUID(),
      created_at: at,
      updated_at: at,
      state: EVENT_STATE,
      severity: EVENT_SEVERITY,
      incident_type: 'Infrastructure',
      source: keySource(key),
      title: `Checkout API error rate above threshold (${keySource(key)})`,
      description: DESCRIPTION,
      affected_resources: [keyResource(key), 'db-main'],
      labels: { team: keyTeam(key), region: EVENT_REGION, env: 'production', [SENT_AT_LABEL]: sentAt.toFixed(3) },
      assignees: ['oncall-primary'],
    },
  };
}

/** A small `system_event` for the journal scenarios, where frame size is not the point. */
export function systemEvent(index: number, sentAt: number): IncidentEvent {
  return {
    event_type: 'system_event',
    category: 'bench',
    message: `journal benchmark event ${index}`,
    metadata: { [SENT_AT_LABEL]: sentAt.toFixed(3), index: String(index) },
  };
}

/**
 * The send time stamped in a raw event frame, found without parsing the JSON; undefined when absent.
 * Searched from the end: the labels sit near the end of an event frame, so this scans ~150 bytes, not ~1,000.
 */
export function readSentAt(frame: Buffer): number | undefined {
  const at = frame.lastIndexOf(SENT_AT_MARKER);
  if (at < 0) return undefined;
  const start = at + SENT_AT_MARKER.length;
  const end = frame.indexOf(QUOTE, start);
  if (end < 0) return undefined;
  const value = Number(frame.toString('latin1', start, end));
  return Number.isFinite(value) ? value : undefined;
}
