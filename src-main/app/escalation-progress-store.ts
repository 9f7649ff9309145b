// Where escalation step progress survives a restart: the SQLite journal's file when there is one, else a JSON file.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type ProblemReporter } from '../control/json-file.js';
import type { EscalationProgressStore, StepProgress } from '../notify/index.js';
import { SqliteJournal, type Journal } from '../server/index.js';

export const ESCALATION_PROGRESS_FILE = 'escalation-progress.json';
/** Rows of the journal's `meta` table (key/value, primary key): one per escalating incident, no schema change. */
const KEY_PREFIX = 'escalation_progress:';
/** The first key after every `escalation_progress:…` one (`;` follows `:`), for a range scan on the primary key. */
const KEY_END = 'escalation_progress;';

const ProgressSchema = z.object({ step: z.int().min(0), due_at: z.number() });
const FileSchema = z.object({ version: z.literal(1), incidents: z.record(z.string(), ProgressSchema) });

const toProgress = (p: z.infer<typeof ProgressSchema>): StepProgress => ({ step: p.step, dueAt: p.due_at });

/** A stored row's value, or undefined when it is not JSON of the right shape. */
function parseRow(value: string): StepProgress | undefined {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = ProgressSchema.safeParse(json);
  return parsed.success ? toProgress(parsed.data) : undefined;
}

/** In the journal database: written in its own statement (autocommit, `synchronous=FULL`) when a step is taken. */
export function sqliteProgressStore(db: Database.Database, report: ProblemReporter): EscalationProgressStore {
  const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM meta WHERE key = ?');
  const scan = db.prepare('SELECT key, value FROM meta WHERE key >= ? AND key < ?');
  return {
    load() {
      const out = new Map<string, StepProgress>();
      for (const row of scan.all(KEY_PREFIX, KEY_END) as { key: string; value: string }[]) {
        const progress = parseRow(row.value);
        if (progress) out.set(row.key.slice(KEY_PREFIX.length), progress);
        else report('escalation progress row unreadable: that incident escalates from its first step again', { key: row.key });
      }
      return out;
    },
    save: (id, p) => void upsert.run(KEY_PREFIX + id, JSON.stringify({ step: p.step, due_at: p.dueAt })),
    forget: (id) => void remove.run(KEY_PREFIX + id),
  };
}

/** In `<dataDir>/escalation-progress.json` (0600, written through a temp file and a rename on each change). */
export function fileProgressStore(dataDir: string, report: ProblemReporter): EscalationProgressStore {
  const file = join(dataDir, ESCALATION_PROGRESS_FILE);
  const incidents = new Map(Object.entries(readJsonFile(file, FileSchema, report)?.incidents ?? {}));
  const write = (): void => writeJsonFile(file, { version: 1, incidents: Object.fromEntries(incidents) });
  return {
    load: () => new Map([...incidents].map(([id, p]) => [id, toProgress(p)])),
    save(id, p) {
      incidents.set(id, { step: p.step, due_at: p.dueAt });
      write();
    },
    forget(id) {
      if (incidents.delete(id)) write();
    },
  };
}

/** The journal's own file when it is SQLite; the data dir's JSON state otherwise (memory journal, cluster mode). */
export const progressStoreFor = (journal: Journal, dataDir: string, report: ProblemReporter): EscalationProgressStore =>
  journal instanceof SqliteJournal ? sqliteProgressStore(journal.db, report) : fileProgressStore(dataDir, report);
