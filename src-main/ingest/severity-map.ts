// Alertmanager label → incident severity: an explicit `priority` label wins, else `severity` through a configurable map.
import { SEVERITIES, type Severity } from '../../src-shared/protocol/index.js';

/**
 * Built-in `severity` label table (keys lower-case; label values are matched case-insensitively).
 * `critical` maps to P1, not P0: most rule sets mark every paging alert critical, and P1 already
 * notifies by default; P0 ("everything is down") is kept for an explicit `priority: P0` label or
 * the rare `emergency`/`disaster` values. The configuration's `alertmanager_severity_map` is merged over it.
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, Severity>> = Object.freeze({
  emergency: 'P0', disaster: 'P0',
  critical: 'P1', page: 'P1', high: 'P1',
  error: 'P2', major: 'P2',
  warning: 'P3', warn: 'P3', minor: 'P3', medium: 'P3',
  info: 'P4', informational: 'P4', low: 'P4', none: 'P4',
  p0: 'P0', p1: 'P1', p2: 'P2', p3: 'P3', p4: 'P4',
});

export type SeverityMap = ReadonlyMap<string, Severity>;

/** The built-in table with the configured entries merged over it (keys lower-cased). */
export function buildSeverityMap(overrides: Readonly<Record<string, Severity>> = {}): SeverityMap {
  const map = new Map<string, Severity>();
  for (const [k, v] of Object.entries(DEFAULT_SEVERITY_MAP)) map.set(k, v);
  for (const [k, v] of Object.entries(overrides)) map.set(k.trim().toLowerCase(), v);
  return map;
}

/** `P0`..`P4` (any case, surrounding spaces ignored), else undefined. */
export function parsePriority(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toUpperCase();
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

/**
 * Severity of an alert from its labels: a valid `priority` label (`P0`..`P4`) wins; else the
 * `severity` label through the map; else `fallback`. An invalid `priority` value is ignored.
 */
export function severityFromLabels(labels: Readonly<Record<string, string>>, map: SeverityMap, fallback: Severity): Severity {
  const explicit = parsePriority(labels['priority']);
  if (explicit) return explicit;
  const label = labels['severity'];
  if (label !== undefined) {
    const mapped = map.get(label.trim().toLowerCase());
    if (mapped) return mapped;
  }
  return fallback;
}

const RANK: Readonly<Record<Severity, number>> = { P0: 0, P1: 1, P2: 2, P3: 3, P4: 4 };

/** True when `s` is `threshold` or more severe (P0 is the most severe). */
export const atLeast = (s: Severity, threshold: Severity): boolean => RANK[s] <= RANK[threshold];
