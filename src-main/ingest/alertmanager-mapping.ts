// One Alertmanager alert → the incident draft and the protocol Alert: title, description, severity, type, resources.
import { createHash, randomUUID } from 'node:crypto';
import { INCIDENT_TYPES, TITLE_MAX, type Alert, type IncidentType } from '../../src-shared/protocol/index.js';
import type { AlertmanagerAlert } from './alertmanager-payload.js';
import type { IncidentDraft, LabelDerived } from './incident-lifecycle.js';
import type { IngestSettings } from './ingest-settings.js';
import { severityFromLabels } from './severity-map.js';
import { alertmanagerIncidentId } from './uuid-v5.js';

export const ALERTMANAGER_SOURCE = 'alertmanager';
/** Incident type when the alert has no valid `incident_type` label: Prometheus alerts are mostly about infrastructure. */
export const DEFAULT_ALERTMANAGER_TYPE: IncidentType = 'Infrastructure';
/** Annotations that make up the description's first paragraph, the first present wins. */
const DESCRIPTION_ANNOTATIONS = ['description', 'message'] as const;

export interface MappedAlertmanagerAlert {
  draft: IncidentDraft;
  firing: boolean;
  /** `startsAt` as UTC RFC 3339, and in ms. */
  startsAt: string;
  startsAtMs: number;
  /** `endsAt` as UTC RFC 3339, or null when unset (Go's zero time, year 1). */
  endsAt: string | null;
  annotations: Record<string, string>;
}

/** Cuts to TITLE_MAX characters with an ellipsis. */
export const clampTitle = (s: string): string => (s.length <= TITLE_MAX ? s : `${s.slice(0, TITLE_MAX - 1)}…`);

/** `annotations.summary`, else `alertname`, else a name from the fingerprint. */
export function titleOf(labels: Record<string, string>, annotations: Record<string, string>, fingerprint: string): string {
  const pick = [annotations['summary'], labels['alertname']].map((s) => s?.trim()).find((s) => s);
  return clampTitle(pick ?? `Alertmanager alert ${fingerprint}`);
}

/** `description` (or `message`), then every other annotation but `summary` as sorted `key: value` lines. */
export function descriptionOf(annotations: Record<string, string>): string {
  const mainKey = DESCRIPTION_ANNOTATIONS.find((k) => annotations[k]?.trim());
  const main = mainKey ? annotations[mainKey]!.trim() : '';
  const skip = new Set<string>(['summary', ...(mainKey ? [mainKey] : [])]);
  const extra = Object.keys(annotations).filter((k) => !skip.has(k)).sort().map((k) => `${k}: ${annotations[k]}`);
  return [main, extra.join('\n')].filter((s) => s !== '').join('\n\n');
}

/** Values of the configured resource labels, in configuration order, trimmed, without duplicates. */
export function resourcesOf(labels: Record<string, string>, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const v = labels[name]?.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A valid `incident_type` label (any case), else Infrastructure. */
export function incidentTypeOf(labels: Record<string, string>): IncidentType {
  const v = labels['incident_type']?.trim().toLowerCase();
  return INCIDENT_TYPES.find((t) => t.toLowerCase() === v) ?? DEFAULT_ALERTMANAGER_TYPE;
}

export function deriveFromLabels(labels: Record<string, string>, settings: IngestSettings): LabelDerived {
  return {
    severity: severityFromLabels(labels, settings.severityMap, settings.defaultSeverity),
    incidentType: incidentTypeOf(labels),
    resources: resourcesOf(labels, settings.resourceLabels),
  };
}

/** Alertmanager's fingerprint, or (for senders that omit it) a hash of the sorted label set. */
export function fingerprintOf(a: AlertmanagerAlert): string {
  if (a.fingerprint) return a.fingerprint;
  const sorted = Object.keys(a.labels).sort().map((k) => [k, a.labels[k]]);
  return `labels-${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16)}`;
}

const toUtc = (s: string): string => new Date(Date.parse(s)).toISOString();

export function mapAlertmanagerAlert(a: AlertmanagerAlert, settings: IngestSettings): MappedAlertmanagerAlert {
  const fingerprint = fingerprintOf(a);
  const labels = { ...a.labels };
  const annotations = { ...a.annotations };
  const startsAtMs = Date.parse(a.startsAt);
  const endsAtMs = a.endsAt === undefined ? NaN : Date.parse(a.endsAt);
  return {
    draft: {
      id: alertmanagerIncidentId(fingerprint), fingerprint, source: ALERTMANAGER_SOURCE,
      title: titleOf(labels, annotations, fingerprint), description: descriptionOf(annotations), labels,
      ...deriveFromLabels(labels, settings),
    },
    firing: a.status === 'firing',
    startsAt: toUtc(a.startsAt), startsAtMs,
    endsAt: Number.isNaN(endsAtMs) || new Date(endsAtMs).getUTCFullYear() <= 1 ? null : new Date(endsAtMs).toISOString(),
    annotations,
  };
}

/** The protocol Alert published with `alert_received` / `alert_converted` on a first firing. */
export function alertOf(m: MappedAlertmanagerAlert, receivedAt: string): Alert {
  const d = m.draft;
  const runbook = m.annotations['runbook_url'] ?? m.annotations['runbook'];
  return {
    id: randomUUID(), external_id: d.fingerprint, source: d.source, timestamp: m.startsAt, received_at: receivedAt,
    severity: d.severity, alert_type: d.incidentType, title: d.title, description: d.description, labels: { ...d.labels },
    affected_services: [...d.resources], annotations: { ...m.annotations }, incident_id: d.id,
    ...(runbook ? { runbook_url: runbook } : {}),
  };
}
