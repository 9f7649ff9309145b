// What ingest needs from the relay server, and publishing staged decisions so that a failure never leaves them behind.
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { checkEvents, HttpError, type CoreServer } from '../server/index.js';
import type { IncidentLedger } from './incident-ledger.js';

/** The slice of CoreServer that ingest uses (a test may pass the real server). */
export type IngestHost = Pick<CoreServer, 'publish' | 'incidents' | 'addRoutes' | 'logger' | 'metrics'>;

/**
 * Publishes events whose incident versions were staged, then stops shadowing the store (on success
 * the hub has applied them; on failure they must not linger). Events this module built that fail the
 * shared schema are a bug here, not the client's: they answer 500, never 400.
 */
export async function publishStaged(host: IngestHost, ledger: IncidentLedger, events: readonly IncidentEvent[], staged: readonly Incident[]): Promise<string[]> {
  if (events.length === 0) return [];
  try {
    const checked = checkEvents(events);
    if (!checked.ok) {
      host.logger.error('ingest built events the schema refuses', { error: checked.message });
      throw new HttpError(500, 'internal_error', 'the relay could not convert this input into valid events');
    }
    const entries = await host.publish(checked.value);
    return entries.map((e) => e.messageId);
  } finally {
    ledger.settle(staged);
  }
}
