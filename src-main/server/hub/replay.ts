// Replay for `resume_after`: pages from the journal through the same framing and backpressure as live events.
import { isGapMark, matchesFilters } from '../../../src-shared/protocol/index.js';
import type { Journal } from '../journal/journal.js';
import type { Metrics } from '../telemetry/metrics.js';
import { suffixFor, type Subscription } from '../routing/subscription.js';
import type { Session } from '../session/session.js';
import { BatchNode } from './batch-trie.js';
import type { FrameCache } from './frame-cache.js';
import { ReplayPacer } from './replay-pacing.js';

/** Events read from the journal per page; the session's queue is drained between pages. */
export const REPLAY_PAGE_SIZE = 500;

/**
 * Sends every retained event after `resumeAfter` that matches `sub`, oldest first, then `replay_complete`.
 * Live events for this session are held meanwhile and released after it, so none is lost or repeated; Critical
 * ones are written at once, flagged `out_of_order`, and skipped here. Frames come from the shared `frames` cache,
 * so sessions resuming from nearby points frame and deflate each event once.
 */
export async function replay(
  session: Session, sub: Subscription, resumeAfter: string, journal: Journal, metrics: Metrics, frames: FrameCache,
): Promise<void> {
  session.replaying += 1;
  try {
    // Cluster mode: an id from a server that is ahead of this one; what is delivered meanwhile is held, then covered here.
    const behind = journal.catchUp?.(resumeAfter);
    if (behind) await behind;
    const point = journal.locate(resumeAfter);
    let gap = !point.known;
    let cursor = point.known ? point.seq : journal.firstSeq();
    const horizon = journal.lastSeq();
    if (behind) dropHeldThrough(session, horizon);
    let replayed = 0;
    const pacer = new ReplayPacer(session);
    const replayBits = session.socket.replayWindowBits === undefined ? session.socket.deflateWindowBits : session.socket.replayWindowBits;
    while (cursor < horizon && !session.closed) {
      const limit = Math.min(REPLAY_PAGE_SIZE, horizon - cursor);
      const cached = frames.entriesAfter(cursor, limit);
      const page = cached.length > 0 ? cached
        : journal.fetchAfter ? await journal.fetchAfter(cursor, limit) : journal.readAfter(cursor, limit);
      if (page.length === 0) break;
      // Retention pruned events between two reads: say so rather than skip them silently.
      if (page[0]!.seq !== cursor + 1) gap = true;
      let batching = session.beginBatch(new BatchNode(undefined, undefined));
      for (const entry of page) {
        cursor = entry.seq;
        if (entry.seq > horizon) break;
        // A relay journaled that events of an upstream may be missing here: whatever the filters, say so.
        if (isGapMark(entry.eventType, () => entry.event)) gap = true;
        if (point.known && point.filter?.skip(entry)) continue;
        if (session.sentAhead.has(entry.seq) || !matchesFilters(sub.filters, entry.eventType, entry.subject)) continue;
        let others: Subscription[] | undefined;
        if (session.subscriptions.size > 1) {
          for (const other of session.subscriptions.values()) {
            if (other !== sub && matchesFilters(other.filters, entry.eventType, entry.subject)) (others ??= []).push(other);
          }
        }
        const suffix = suffixFor(sub, others);
        const framer = frames.framerFor(entry);
        const frame = framer.frameFor(suffix, replayBits, session.socket.format);
        session.sendEvent(frame, entry.priority, 0, framer, suffix);
        replayed += 1;
        if (pacer.wrote(frame.bytes.length)) {
          if (batching) session.flush();
          await pacer.pause();
          if (session.closed) return;
          batching = session.beginBatch(new BatchNode(undefined, undefined));
        }
      }
      if (batching) session.flush();
      await session.whenDrained();
    }
    if (session.closed) return;
    if (point.known && point.filter?.gap()) gap = true;
    metrics.replays.inc({ gap: String(gap) });
    metrics.replayedEvents.inc(replayed);
    session.sendControl({ type: 'replay_complete', subscription_id: sub.id, replayed, gap }, true);
  } finally {
    session.replaying -= 1;
    if (session.replaying === 0) session.releaseHeld();
  }
}

/** Forgets held live events up to `seq`: the replay that starts at this horizon sends them. */
function dropHeldThrough(session: Session, seq: number): void {
  const keep = session.held.filter((h) => h.seq > seq);
  session.held.length = 0;
  session.held.push(...keep);
}
