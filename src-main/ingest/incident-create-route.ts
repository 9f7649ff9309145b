// POST /v1/incidents: the Rust server's incident creation → 201 with the incident, published as `incident_created`.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  IncidentTypeSchema, SeveritySchema, StringMapSchema, TITLE_MAX, completeIncident, parseWith,
} from '../../src-shared/protocol/index.js';
import { HttpError, type HttpRoute, readJsonBody, sendJson } from '../server/index.js';
import type { IncidentLedger } from './incident-ledger.js';
import { publishStaged, type IngestHost } from './ingest-host.js';
import { timelineEntry } from './incident-timeline.js';

/** The Rust `CreateIncidentRequest`, plus the optional labels and resources this server also takes (`null` = none). */
export const IncidentCreateSchema = z.looseObject({
  source: z.string().min(1).max(256),
  title: z.string().min(1).max(TITLE_MAX),
  description: z.string().max(65536),
  severity: SeveritySchema,
  incident_type: IncidentTypeSchema,
  labels: StringMapSchema.nullish(),
  affected_resources: z.array(z.string().max(256)).max(100).nullish(),
});

export function incidentCreateRoute(deps: { host: IngestHost; ledger: IncidentLedger; bodyLimit: number; now?: () => string }): HttpRoute {
  const now = deps.now ?? (() => new Date().toISOString());
  return {
    method: 'POST', path: '/v1/incidents', scope: 'publish',
    async handle(req, res) {
      const r = parseWith(IncidentCreateSchema, await readJsonBody(req, deps.bodyLimit));
      if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
      const b = r.value;
      const at = now();
      const incident = completeIncident({
        id: randomUUID(), created_at: at, updated_at: at, state: 'Detected', severity: b.severity, incident_type: b.incident_type,
        source: b.source, title: b.title, description: b.description, affected_resources: b.affected_resources ?? [],
        labels: b.labels ?? {}, assignees: [], timeline: [timelineEntry('Created', 'system', 'Incident created', at)],
      });
      deps.ledger.stage(incident);
      await publishStaged(deps.host, deps.ledger, [{ event_type: 'incident_created', incident }], [incident]);
      sendJson(res, 201, incident);
    },
  };
}
