// The publishing side of each scenario: one burst batch, paced single events, bulk ingest, or replay preparation.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { incidentEvent, nowMs, systemEvent } from './bench-events.js';
import type { Publisher } from './publisher.js';
import type { Scenario } from './scenarios.js';

export interface Published {
  events: number;
  firstAt: number;
  /** When the last 202 came back. */
  lastAckAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Sends the scenario's events as batches of `batchSize`, each stamped just before its POST, one POST at a time. */
async function batches(scenario: Scenario, pub: Publisher, events: number, batchSize: number): Promise<Published> {
  const firstAt = nowMs();
  for (let i = 0; i < events; i += batchSize) {
    const sentAt = nowMs();
    const batch: IncidentEvent[] = [];
    for (let j = i; j < Math.min(events, i + batchSize); j++) batch.push(incidentEvent(scenario.eventKey(j), sentAt));
    await pub.publish(batch);
  }
  return { events, firstAt, lastAckAt: nowMs() };
}

/** One event per POST on a fixed schedule, without waiting for replies before the next is due. */
async function steady(scenario: Scenario, pub: Publisher, ratePerSecond: number, seconds: number): Promise<Published> {
  const count = ratePerSecond * seconds;
  const periodMs = 1000 / ratePerSecond;
  const firstAt = nowMs();
  const pending: Promise<string[]>[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(firstAt + i * periodMs - nowMs());
    pending.push(pub.publish(incidentEvent(scenario.eventKey(i), nowMs())));
  }
  await Promise.all(pending);
  return { events: count, firstAt, lastAckAt: nowMs() };
}

/** Bulk ingest: `inFlight` lanes each posting batches of small events until `events` were accepted. */
export async function ingest(pub: Publisher, events: number, batchSize: number, inFlight: number): Promise<Published & { ids: string[] }> {
  const firstAt = nowMs();
  const ids: string[] = new Array<string>(events);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < events) {
      const start = next;
      const end = Math.min(events, start + batchSize);
      next = end;
      const sentAt = nowMs();
      const batch: IncidentEvent[] = [];
      for (let j = start; j < end; j++) batch.push(systemEvent(j, sentAt));
      const got = await pub.publish(batch);
      for (let j = 0; j < got.length; j++) ids[start + j] = got[j] ?? '';
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { events, firstAt, lastAckAt: nowMs(), ids };
}

/** Runs the measured traffic of a scenario (replay's publishing happens before, in `prepareReplay`). */
export async function runTraffic(scenario: Scenario, pub: Publisher): Promise<Published> {
  const t = scenario.traffic;
  switch (t.kind) {
    case 'batches': return batches(scenario, pub, t.events, t.batchSize);
    case 'steady': return steady(scenario, pub, t.ratePerSecond, t.seconds);
    case 'publish-only': return ingest(pub, t.events, t.batchSize, t.inFlight);
    case 'replay':
    case 'none': return { events: 0, firstAt: nowMs(), lastAckAt: nowMs() };
  }
}

/** Publishes a marker and then the events to replay; returns the marker's id, the `resume_after` of the replay. */
export async function prepareReplay(pub: Publisher, events: number, batchSize: number): Promise<string> {
  const [marker] = await pub.publish(systemEvent(-1, nowMs()));
  if (!marker) throw new Error('the server returned no message id for the replay marker');
  await ingest(pub, events, batchSize, 1);
  return marker;
}
