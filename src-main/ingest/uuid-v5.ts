// UUID version 5 (RFC 9562 section 5.5: SHA-1 of namespace + name) with node:crypto, so incident ids are stable across restarts.
import { createHash } from 'node:crypto';

/** The RFC 9562 namespace for URLs (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`). */
export const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Name-based UUID v5 of `name` (UTF-8) in `namespace` (a UUID string); lower-case. */
export function uuidV5(name: string, namespace: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new Error(`uuidV5: namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Namespace of every incident id Incident Relay derives: uuidV5('urn:incident-relay:incident', NAMESPACE_URL). */
export const INCIDENT_ID_NAMESPACE = uuidV5('urn:incident-relay:incident', NAMESPACE_URL);

/** The incident id of an Alertmanager alert fingerprint (the same on every restart and every relay instance). */
export const alertmanagerIncidentId = (fingerprint: string): string => uuidV5(`alertmanager:${fingerprint}`, INCIDENT_ID_NAMESPACE);

/** The incident id of a `POST /v1/alerts` fingerprint (source + title + labels). */
export const submittedAlertIncidentId = (fingerprint: string): string => uuidV5(`alert:${fingerprint}`, INCIDENT_ID_NAMESPACE);
