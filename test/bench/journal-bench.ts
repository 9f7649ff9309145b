// Micro-benchmark of the SQLite journal alone: appends/s by batch size, and paging through 100,000 events.
// Run: npm run build && node dist/test/bench/journal-bench.js [--quick]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NewJournalEntry } from '../../src-main/server/journal/journal.js';
import type { SynchronousMode } from '../../src-main/server/journal/sqlite-database.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { PRIORITIES, type IncidentEvent } from '../../src-shared/protocol/index.js';

export interface JournalBenchOptions {
  /** Batch sizes to time appends with. Default [1, 10, 100, 1000]. */
  batchSizes?: number[];
  /** Durability modes to time appends under. Default ['FULL', 'NORMAL']. */
  synchronousModes?: SynchronousMode[];
  /** Time spent appending per (mode, batch size), ms. Default 1,000. */
  appendMs?: number;
  /** Events written, then read back in pages. Default 100,000. */
  replayEvents?: number;
  /** Page size of the read-back. Default 500. */
  pageSize?: number;
  /** Where the temporary files go; default the OS temp dir. */
  dir?: string;
}

export interface JournalBenchResult {
  appends: Array<{ synchronous: SynchronousMode; batchSize: number; eventsPerSec: number; batchesPerSec: number }>;
  /** `ms`: pages only (subject parsed, event not); `msWithEventParse`: also reading `event`, as replay.ts does today. */
  replay: { events: number; pageSize: number; ms: number; eventsPerSec: number; msWithEventParse: number };
}

const DESCRIPTION = 'Error rate on the checkout API rose above 5% for five minutes while p99 latency crossed 2 s. '.repeat(6);

/** An incident_created entry of about 1 KiB, as the hub would hand it over. */
function benchEntry(n: number): NewJournalEntry {
  const at = new Date().toISOString();
  const id = randomUUID();
  const event: IncidentEvent = {
    event_type: 'incident_created',
    incident: {
      id, created_at: at, updated_at: at, state: 'Detected', severity: 'P2', incident_type: 'Application',
      source: `svc-${n % 50}`, title: `Checkout API error rate above threshold (${n})`, description: DESCRIPTION,
      affected_resources: [`res-${n % 50}`, 'db-main'], labels: { team: `team-${n % 50}`, env: 'production' }, assignees: [],
    },
  };
  return {
    publishedAt: at, priority: PRIORITIES.normal, event, eventType: event.event_type, eventJson: JSON.stringify(event), incidentId: id,
    subject: { incidentId: id, severity: 'P2', state: 'Detected', source: `svc-${n % 50}`, resources: [`res-${n % 50}`, 'db-main'],
      labels: { team: `team-${n % 50}`, env: 'production' } },
  };
}

function timeAppends(file: string, synchronous: SynchronousMode, batchSize: number, appendMs: number): JournalBenchResult['appends'][number] {
  const journal = new SqliteJournal(file, { synchronous });
  try {
    const batch = Array.from({ length: batchSize }, (_, i) => benchEntry(i));
    const start = performance.now();
    let batches = 0;
    while (performance.now() - start < appendMs) {
      journal.append(batch);
      batches++;
    }
    const secs = (performance.now() - start) / 1000;
    return { synchronous, batchSize, eventsPerSec: Math.round((batches * batchSize) / secs), batchesPerSec: Math.round(batches / secs) };
  } finally {
    journal.close();
  }
}

/** Pages through the whole journal; with `touchEvent`, reads `event.event_type` as today's replay does. */
function readAll(journal: SqliteJournal, pageSize: number, touchEvent: boolean): { read: number; ms: number } {
  const start = performance.now();
  let read = 0;
  let checksum = 0;
  for (let page = journal.readAfter(0, pageSize); page.length > 0; page = journal.readAfter(page.at(-1)!.seq, pageSize)) {
    read += page.length;
    if (touchEvent) for (const e of page) checksum += e.event.event_type.length;
  }
  if (touchEvent && checksum === 0) throw new Error('no event was parsed');
  return { read, ms: performance.now() - start };
}

function timeReplay(file: string, events: number, pageSize: number): JournalBenchResult['replay'] {
  const journal = new SqliteJournal(file, { synchronous: 'NORMAL' });
  try {
    const batch = Array.from({ length: 1000 }, (_, i) => benchEntry(i));
    for (let n = 0; n < events; n += batch.length) journal.append(batch.slice(0, Math.min(batch.length, events - n)));
    const bare = readAll(journal, pageSize, false);
    const parsed = readAll(journal, pageSize, true);
    if (bare.read !== events || parsed.read !== events) throw new Error(`read back ${bare.read}/${parsed.read} events, wrote ${events}`);
    return { events, pageSize, ms: Math.round(bare.ms), eventsPerSec: Math.round(events / (bare.ms / 1000)), msWithEventParse: Math.round(parsed.ms) };
  } finally {
    journal.close();
  }
}

/** Runs the journal micro-benchmark in a temp directory it removes afterwards. */
export function runJournalBench(options: JournalBenchOptions = {}): JournalBenchResult {
  const dir = mkdtempSync(join(options.dir ?? tmpdir(), 'journal-bench-'));
  try {
    const appends: JournalBenchResult['appends'] = [];
    for (const synchronous of options.synchronousModes ?? ['FULL', 'NORMAL']) {
      for (const batchSize of options.batchSizes ?? [1, 10, 100, 1000]) {
        appends.push(timeAppends(join(dir, `append-${synchronous}-${batchSize}.db`), synchronous, batchSize, options.appendMs ?? 1000));
      }
    }
    const replay = timeReplay(join(dir, 'replay.db'), options.replayEvents ?? 100_000, options.pageSize ?? 500);
    return { appends, replay };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a short text table. */
export function formatJournalBench(r: JournalBenchResult): string {
  const lines = ['journal appends (≈1 KiB incident_created events):', '  synchronous  batch   events/s  batches/s'];
  for (const a of r.appends) {
    lines.push(`  ${a.synchronous.padEnd(11)} ${String(a.batchSize).padStart(5)} ${String(a.eventsPerSec).padStart(10)} ${String(a.batchesPerSec).padStart(10)}`);
  }
  lines.push(`journal readAfter: ${r.replay.events} events in pages of ${r.replay.pageSize}: ${r.replay.ms} ms (${r.replay.eventsPerSec} events/s);`
    + ` ${r.replay.msWithEventParse} ms when every event is parsed too`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  console.log(formatJournalBench(runJournalBench(quick ? { appendMs: 250, replayEvents: 20_000 } : {})));
}
