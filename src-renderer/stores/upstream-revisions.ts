// Ordering upstream answers and pushes by the server's snapshot revision, so an older one never hides a newer state.
import type { Upstream } from '../../src-shared/bridge/index.js';

const revisionOf = (u: Upstream | undefined): number => u?.revision ?? -1;

/**
 * The list after a whole-list snapshot taken at `revision`: the snapshot's items, except where the store holds an item
 * from a newer answer (kept, and kept even if the older snapshot lacks it). Without a revision the snapshot wins.
 */
export function mergeSnapshot(current: Upstream[], snapshot: Upstream[], revision: number | undefined): Upstream[] {
  if (revision === undefined) return snapshot;
  const byId = new Map(current.map((u) => [u.id, u]));
  const merged = snapshot.map((u) => {
    const held = byId.get(u.id);
    return held && revisionOf(held) > revision ? held : u;
  });
  const inSnapshot = new Set(snapshot.map((u) => u.id));
  for (const held of current) if (!inSnapshot.has(held.id) && revisionOf(held) > revision) merged.push(held);
  return merged;
}

/** Whether a single answer is at least as new as the last snapshot applied (answers without a revision always are). */
export function newerThanSnapshot(answer: Upstream, snapshotRevision: number): boolean {
  return answer.revision === undefined || answer.revision > snapshotRevision;
}
