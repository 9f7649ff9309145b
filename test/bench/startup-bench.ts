// `npm run bench -- --startup`: a data dir with 1,000,000 journal events and 200,000 incidents, then the time `serve` takes to `listening on`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import type { NewJournalEntry } from '../../src-main/server/journal/journal.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { PRIORITIES, type Incident, type IncidentEvent } from '../../src-shared/protocol/index.js';
import { startServer } from './server-process.js';

export interface StartupBenchOptions { events: number; incidents: number }

const TARGET_SECS = 3;
const STARTS = 3;
/** Share of the incidents still active; the rest were resolved over the last 30 days. */
const ACTIVE_SHARE = 0.01;
const DAY_MS = 24 * 3600_000;

function incidentAt(n: number, updatedMs: number, active: boolean): Incident {
  const at = new Date(updatedMs).toISOString();
  return {
    id: randomUUID(), created_at: at, updated_at: at, state: active ? 'Investigating' : 'Resolved', severity: n % 5 === 0 ? 'P1' : 'P3',
    incident_type: 'Application', source: `svc-${n % 50}`, title: `Checkout API error rate above threshold (${n})`,
    description: 'Error rate on the checkout API rose above 5% for five minutes while p99 latency crossed 2 s.',
    affected_resources: [`res-${n % 50}`, 'db-main'], labels: { team: `team-${n % 50}`, env: 'production' }, assignees: [],
  };
}

function entryFor(incident: Incident): NewJournalEntry {
  const event: IncidentEvent = { event_type: 'incident_updated', incident, previous_state: 'Detected' };
  const id = incident.id.toLowerCase();
  return {
    publishedAt: incident.updated_at, priority: PRIORITIES.normal, event, eventType: event.event_type, eventJson: JSON.stringify(event), incidentId: id,
    subject: { incidentId: id, severity: incident.severity, state: incident.state, source: incident.source, resources: incident.affected_resources, labels: incident.labels },
  };
}

/** Writes the journal and the incidents; returns the file's size after each step (bytes, checkpointed). */
export function buildDataDir(dir: string, o: StartupBenchOptions): { afterEvents: number; afterIncidents: number } {
  const file = join(dir, 'journal.sqlite3');
  const journal = new SqliteJournal(file, { synchronous: 'NORMAL' });
  const now = Date.now();
  for (let n = 0; n < o.events; n += 5000) {
    const batch: NewJournalEntry[] = [];
    for (let k = n; k < Math.min(o.events, n + 5000); k++) batch.push(entryFor(incidentAt(k, now, true)));
    journal.append(batch);
  }
  journal.db.pragma('wal_checkpoint(TRUNCATE)');
  const afterEvents = statSync(file).size;
  const store = new SqliteIncidentStore(journal.db, { memoryMax: 0 });
  journal.db.transaction(() => {
    for (let n = 0; n < o.incidents; n++) {
      const active = n % Math.round(1 / ACTIVE_SHARE) === 0;
      store.put(incidentAt(n, now - ((o.incidents - n) / o.incidents) * 30 * DAY_MS, active));
    }
    store.flush();
  })();
  journal.db.pragma('wal_checkpoint(TRUNCATE)');
  const afterIncidents = statSync(file).size;
  journal.close();
  return { afterEvents, afterIncidents };
}

const medianOf = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds from spawning `serve` on `dataDir` to its `listening on` line, STARTS times. */
async function timeStarts(relayCli: string, dataDir: string): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < STARTS; k++) {
    const t0 = performance.now();
    const server = await startServer({ argv: [relayCli, 'serve'], extraArgs: ['--log-level', 'warn'] }, { dataDir, compression: false, journal: true });
    times.push((performance.now() - t0) / 1000);
    await server.stop();
  }
  return times;
}

export async function runStartupBench(relayCli: string, o: StartupBenchOptions): Promise<{ text: string; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'ir-startup-'));
  try {
    const buildStart = performance.now();
    const sizes = buildDataDir(dir, o);
    console.error(`startup: data dir written in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);
    const empty = mkdtempSync(join(tmpdir(), 'ir-startup-empty-'));
    const times = await timeStarts(relayCli, dir);
    const baseline = await timeStarts(relayCli, empty).finally(() => rmSync(empty, { recursive: true, force: true }));
    const median = medianOf(times);
    const perEvent = sizes.afterEvents / o.events;
    const perIncident = (sizes.afterIncidents - sizes.afterEvents) / o.incidents;
    const text = [
      `Start-up: ${o.events} journal events + ${o.incidents} incidents (${ACTIVE_SHARE * 100}% active, the rest resolved over 30 days)`,
      `journal file ${(sizes.afterIncidents / 1e6).toFixed(0)} MB: ${perEvent.toFixed(0)} B per event, ${perIncident.toFixed(0)} B per incident (row + indexes)`,
      `time to "listening on": ${times.map((t) => `${t.toFixed(2)} s`).join(', ')} (median ${median.toFixed(2)} s);`
        + ` same machine, empty data dir: median ${medianOf(baseline).toFixed(2)} s`,
      `${median <= TARGET_SECS ? 'PASS' : 'FAIL'} start-up median ${median.toFixed(2)} s (target ≤ ${TARGET_SECS} s)`,
    ].join('\n');
    return { text, ok: median <= TARGET_SECS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
