// Crash safety: a writer killed with SIGKILL mid-stream loses no append it had acknowledged, over two restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SynchronousMode } from '../../src-main/server/journal/sqlite-database.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { buildJournalModule } from './build-journal-module.js';
import { entryNumber, makeTempDir } from './journal-fixtures.js';

const writer = join(import.meta.dirname, 'fixtures/crash-writer.mjs');
let temp: ReturnType<typeof makeTempDir>;
const children = new Set<ChildProcess>();

beforeAll(() => buildJournalModule(), 120_000);
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  temp.cleanup();
});

/** Runs the writer until it has acknowledged at least `ackTarget` seqs, then SIGKILLs it; returns every seq it printed. */
function writeUntilKilled(file: string, synchronous: SynchronousMode, ackTarget: number): Promise<{ epoch: string; acked: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, synchronous], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let epoch = '';
    let stderr = '';
    const acked: number[] = [];
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, value = '', end] = line.split(' ');
      if (word === 'epoch') epoch = value;
      else if (word === 'ack' && end === '.') acked.push(Number(value));
      if (acked.length >= ackTarget && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain: lines printed just before the kill count too.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ epoch, acked });
      else reject(new Error(`writer ended by itself (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
}

describe.each<SynchronousMode>(['FULL', 'NORMAL'])('SqliteJournal under SIGKILL (synchronous = %s)', (synchronous) => {
  it('keeps every acknowledged append, in order, across two kills and restarts', async () => {
    const file = join(temp.dir, 'journal.db');
    const first = await writeUntilKilled(file, synchronous, 2_000);
    const second = await writeUntilKilled(file, synchronous, 2_000);
    expect(second.epoch).toBe(first.epoch);

    const journal = new SqliteJournal(file);
    try {
      const stored = [];
      for (let page = journal.readAfter(0, 1_000); page.length > 0; page = journal.readAfter(page.at(-1)!.seq, 1_000)) stored.push(...page);
      const seqs = stored.map((e) => e.seq);
      // Contiguous from 1, each event where the writer put it.
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(stored.every((e) => entryNumber(e) === e.seq)).toBe(true);
      // Every printed seq is there: the second run started after the first run's last commit.
      const acked = [...first.acked, ...second.acked];
      expect(acked).toEqual([...acked].sort((a, b) => a - b));
      expect(new Set(acked).size).toBe(acked.length);
      expect(acked.at(-1)!).toBeLessThanOrEqual(journal.lastSeq());
      expect(second.acked[0]).toBeGreaterThan(first.acked.at(-1)!);
      expect(journal.epoch).toBe(first.epoch);
    } finally {
      journal.close();
    }
  });
});
