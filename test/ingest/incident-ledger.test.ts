// The ledger: staged versions shadow the store until settled, until the store is newer, or until the TTL ends.
import { describe, expect, it } from 'vitest';
import { IncidentLedger, STAGED_TTL_MS } from '../../src-main/ingest/incident-ledger.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { incident } from '../support/fixtures.js';

function setup() {
  const store = new MemoryIncidentStore();
  let now = 1_000_000;
  const ledger = new IncidentLedger(() => store, () => now);
  return { store, ledger, advance: (ms: number) => { now += ms; } };
}

describe('incident ledger', () => {
  it('returns a staged version before the store has it, by lower- or upper-case id', () => {
    const { ledger } = setup();
    const i = incident({ updated_at: '2025-11-12T10:00:00.000Z' });
    ledger.stage(i);
    expect(ledger.get(i.id.toUpperCase())).toBe(i);
    expect(ledger.list()).toEqual([]);
  });

  it('stops shadowing once settled, but only for the version that was settled', () => {
    const { ledger, store } = setup();
    const v1 = incident({ updated_at: '2025-11-12T10:00:00.000Z' });
    const v2 = { ...v1, title: 'second' };
    ledger.stage(v1);
    ledger.stage(v2);
    ledger.settle([v1]);
    expect(ledger.get(v1.id)).toBe(v2);
    store.put(v2);
    ledger.settle([v2]);
    expect(ledger.stagedCount()).toBe(0);
    expect(ledger.get(v1.id)).toEqual(v2);
  });

  it('prefers the store when it holds a strictly newer version', () => {
    const { ledger, store } = setup();
    const staged = incident({ updated_at: '2025-11-12T10:00:00.000Z' });
    ledger.stage(staged);
    store.put({ ...staged, updated_at: '2025-11-12T10:00:00.000Z', severity: 'P0' });
    expect(ledger.get(staged.id)).toBe(staged);
    store.put({ ...staged, updated_at: '2025-11-12T10:00:01.000Z', severity: 'P0' });
    expect(ledger.get(staged.id)?.severity).toBe('P0');
    expect(ledger.stagedCount()).toBe(0);
  });

  it('forgets a staged version whose publish never settled after the TTL', () => {
    const { ledger, advance } = setup();
    const i = incident();
    ledger.stage(i);
    advance(STAGED_TTL_MS - 1);
    expect(ledger.get(i.id)).toBe(i);
    advance(1);
    expect(ledger.get(i.id)).toBeUndefined();
  });
});
