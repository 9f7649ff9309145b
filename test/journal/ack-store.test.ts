// Ack positions: the last acked message id per client key, in memory and persisted in the journal file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryAckStore, type AckStore } from '../../src-main/server/acks/ack-store.js';
import { SqliteAckStore } from '../../src-main/server/acks/sqlite-ack-store.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { makeTempDir } from './journal-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
const open: SqliteJournal[] = [];
const openJournal = (): SqliteJournal => {
  const j = new SqliteJournal(file);
  open.push(j);
  return j;
};

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'journal.db');
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  temp.cleanup();
});

const implementations: Array<[string, () => AckStore]> = [
  ['MemoryAckStore', () => new MemoryAckStore()],
  ['SqliteAckStore', () => {
    const journal = openJournal();
    const acks = new SqliteAckStore(journal.db);
    journal.addAppendHook(() => acks.flush());
    return acks;
  }],
];

describe.each(implementations)('%s', (_name, make) => {
  it('returns the last id set for a key, and nothing for an unknown key', () => {
    const acks = make();
    acks.set('laptop', 'e1-1');
    acks.set('laptop', 'e1-7');
    acks.set('phone', 'e1-3');
    expect(acks.get('laptop')).toBe('e1-7');
    expect(acks.get('phone')).toBe('e1-3');
    expect(acks.get('tablet')).toBeUndefined();
  });
});

describe('SqliteAckStore', () => {
  it('keeps ack positions across a restart', () => {
    const journal = openJournal();
    const acks = new SqliteAckStore(journal.db);
    journal.addAppendHook(() => acks.flush());
    acks.set('laptop', 'e1-41');
    acks.set('laptop', 'e1-42');
    journal.close();
    expect(new SqliteAckStore(openJournal().db).get('laptop')).toBe('e1-42');
  });

  it('writes acks on the next event-loop turn without a journal hook', async () => {
    const journal = openJournal();
    new SqliteAckStore(journal.db).set('laptop', 'e1-5');
    await new Promise((resolve) => setImmediate(resolve));
    expect(journal.db.prepare('SELECT message_id FROM acks WHERE client_key = ?').pluck().get('laptop')).toBe('e1-5');
  });
});
