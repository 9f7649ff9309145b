// One page of the incident list read from the KV bucket in a single pass, holding only the page's candidates in memory.
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { Incident } from '../../src-shared/protocol/index.js';
import { compareNewestFirst, matchesQuery, type IncidentQueryResult, type IncidentStoreQuery } from '../server/index.js';
import { readOrdered } from './stream-reader.js';

/** The page's position in newest-first order is after the cursor, when there is one. */
function afterCursor(i: Incident, q: IncidentStoreQuery): boolean {
  if (!q.after) return true;
  const ms = Date.parse(i.created_at);
  return ms < q.after.createdMs || (ms === q.after.createdMs && i.id.toLowerCase() < q.after.id);
}

/** Keeps the `keep` newest incidents offered (sorted and cut whenever it holds twice that), and counts every match. */
class NewestPage {
  private held: Incident[] = [];
  total = 0;

  constructor(private readonly q: IncidentStoreQuery, private readonly keep: number) {}

  offer(i: Incident): void {
    if (!matchesQuery(i, this.q)) return;
    this.total += 1;
    if (!afterCursor(i, this.q)) return;
    this.held.push(i);
    if (this.held.length >= 2 * this.keep + 64) this.cut();
  }

  result(): IncidentQueryResult {
    this.cut();
    const rest = this.held.slice(this.q.after ? 0 : (this.q.offset ?? 0));
    return { incidents: rest.slice(0, this.q.limit), total: this.total, more: rest.length > this.q.limit };
  }

  private cut(): void {
    this.held.sort(compareNewestFirst);
    this.held.length = Math.min(this.held.length, this.keep);
  }
}

/**
 * Answers `q` over every incident in the bucket plus `held` (the node's in-memory set and unwritten
 * versions): a bucket value whose id `isHeld` is skipped, the held version is newer or as new.
 * Memory is bounded by the page (offset + limit), not by the number of incidents.
 */
export async function queryBucket(
  js: JetStreamClient, kv: KV, q: IncidentStoreQuery, held: Iterable<Incident>, isHeld: (id: string) => boolean,
): Promise<IncidentQueryResult> {
  const page = new NewestPage(q, (q.after ? 0 : (q.offset ?? 0)) + q.limit + 1);
  const status = await kv.status();
  if (status.values > 0) {
    const prefix = `$KV.${status.bucket}.`;
    const decoder = new TextDecoder();
    await readOrdered(js, status.streamInfo.config.name, { deliver_policy: DeliverPolicy.LastPerSubject }, status.values, (m) => {
      const op = m.headers?.get('KV-Operation');
      if (op === 'DEL' || op === 'PURGE' || m.data.length === 0 || isHeld(m.subject.slice(prefix.length))) return;
      page.offer((JSON.parse(decoder.decode(m.data)) as { incident: Incident }).incident);
    });
  }
  for (const i of held) page.offer(i);
  return page.result();
}
