// The ingest settings, read once from the relay configuration.
import type { Severity } from '../../src-shared/protocol/index.js';
import type { AppConfig } from '../server/index.js';
import { buildSeverityMap, type SeverityMap } from './severity-map.js';

export interface IngestSettings {
  /** `severity` label value (lower-case) → severity: the built-in table with `alertmanager_severity_map` over it. */
  severityMap: SeverityMap;
  /** Severity when neither a valid `priority` label nor a mapped `severity` label is present. */
  defaultSeverity: Severity;
  /** Label names whose values become `affected_resources`, in order. */
  resourceLabels: readonly string[];
  /** `POST /v1/alerts` turns alerts this severe or more into incidents. */
  alertIncidentMinSeverity: Severity;
  /** Largest request body (bytes). */
  bodyLimit: number;
  /** Alertmanager API base for silences, or null when acknowledgements silence nothing. */
  alertmanagerUrl: string | null;
  /** Length of an acknowledgement's silence (ms). */
  ackSilenceMs: number;
}

type IngestConfig = Pick<AppConfig, 'alertmanager_severity_map' | 'alertmanager_default_severity'
  | 'alertmanager_resource_labels' | 'alert_incident_min_severity' | 'max_http_body_bytes' | 'alertmanager_url' | 'ack_silence_secs'>;

export function ingestSettingsFrom(config: IngestConfig): IngestSettings {
  return {
    severityMap: buildSeverityMap(config.alertmanager_severity_map),
    defaultSeverity: config.alertmanager_default_severity,
    resourceLabels: [...config.alertmanager_resource_labels],
    alertIncidentMinSeverity: config.alert_incident_min_severity,
    bodyLimit: config.max_http_body_bytes,
    alertmanagerUrl: config.alertmanager_url?.replace(/\/+$/, '') ?? null,
    ackSilenceMs: config.ack_silence_secs * 1000,
  };
}
