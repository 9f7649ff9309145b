// The persisted incident store: latest versions survive a restart, and commit with the events that caused them.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { incidentEntry, makeIncident, makeTempDir } from './journal-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
const open: SqliteJournal[] = [];
const openJournal = (): SqliteJournal => {
  const j = new SqliteJournal(file);
  open.push(j);
  return j;
};
const storedRows = (j: SqliteJournal): number => j.db.prepare('SELECT count(*) FROM incidents').pluck().get() as number;

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'journal.db');
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  temp.cleanup();
});

describe('SqliteIncidentStore', () => {
  it('restores the latest version of each incident after a restart', () => {
    const journal = openJournal();
    const store = new SqliteIncidentStore(journal.db);
    journal.addAppendHook(() => store.flush());
    const a = makeIncident({ id: 'AAAAAAAA-0000-4000-8000-000000000001', title: 'first' });
    const b = makeIncident({ title: 'other' });
    store.put(a);
    store.put({ ...a, title: 'second', state: 'Investigating', updated_at: '2025-01-02T04:00:00Z' });
    store.put(b);
    store.setSeverity(b.id.toLowerCase(), 'P0', '2025-01-02T05:00:00Z');
    journal.close();

    const restored = new SqliteIncidentStore(openJournal().db);
    expect(restored.size()).toBe(2);
    expect(restored.get('aaaaaaaa-0000-4000-8000-000000000001')).toMatchObject({ title: 'second', state: 'Investigating' });
    expect(restored.get(b.id.toLowerCase())).toMatchObject({ severity: 'P0', updated_at: '2025-01-02T05:00:00Z' });
    expect(restored.list().map((i) => i.title).sort()).toEqual(['other', 'second']);
  });

  it('writes incident changes in the same transaction as the next append', () => {
    const journal = openJournal();
    const store = new SqliteIncidentStore(journal.db);
    journal.addAppendHook(() => store.flush());
    const incident = makeIncident();
    store.put(incident);
    expect(storedRows(journal)).toBe(0);
    journal.append([incidentEntry(incident)]);
    expect(storedRows(journal)).toBe(1); // no event-loop turn has passed
  });

  it('writes changes on the next event-loop turn without a journal hook', async () => {
    const journal = openJournal();
    const store = new SqliteIncidentStore(journal.db);
    store.put(makeIncident());
    store.put(makeIncident());
    await new Promise((resolve) => setImmediate(resolve));
    expect(storedRows(journal)).toBe(2);
  });

  it('ignores a severity change for an unknown incident', () => {
    const store = new SqliteIncidentStore(openJournal().db);
    store.setSeverity('00000000-0000-4000-8000-000000000000', 'P0', '2025-01-02T05:00:00Z');
    expect(store.size()).toBe(0);
  });
});
