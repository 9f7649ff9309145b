// Decides whether an upstream event may be re-published here: not our own stream, not through us before, not known, not too far.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { OriginIndex } from './origin-index.js';
import { readTrace, streamIdOf, UNKNOWN_STREAM, withTrace, type RelayTrace } from './relay-trace.js';

/** Hops an event may take by default: journaled on at most this many servers before the one that drops it. */
export const DEFAULT_MAX_HOPS = 8;

/**
 * Why an event is not re-published:
 * - `own_stream`: the upstream serves this server's own event stream (it is this server, or a node of its cluster);
 * - `in_path`: the event already passed through this server (a relay cycle);
 * - `known_origin`: a copy of the event is already journaled here (it came by another route, or is our own);
 * - `hop_limit`: the event travelled more hops than allowed (the backstop for cycles through servers that drop the trace).
 */
export type LoopReason = 'own_stream' | 'in_path' | 'known_origin' | 'hop_limit';
export const LOOP_REASONS: readonly LoopReason[] = ['own_stream', 'in_path', 'known_origin', 'hop_limit'];

export type LoopVerdict =
  | { pass: true; event: IncidentEvent; originId: string; malformedTrace: boolean }
  | { pass: false; reason: LoopReason };

export interface LoopGuardDeps {
  /** This server's event stream id (its journal epoch). */
  selfStream: string;
  maxHops: number;
  origins: OriginIndex;
}

export class LoopGuard {
  constructor(private readonly deps: LoopGuardDeps) {
    if (!Number.isInteger(deps.maxHops) || deps.maxHops < 1) throw new RangeError(`maxHops must be a positive integer, got ${deps.maxHops}`);
  }

  /** Judges one validated upstream event delivered with the upstream's `messageId`; a passing event carries the extended trace. */
  judge(messageId: string, event: IncidentEvent): LoopVerdict {
    const { selfStream, maxHops, origins } = this.deps;
    const upstreamStream = streamIdOf(messageId);
    if (upstreamStream === selfStream) return { pass: false, reason: 'own_stream' };
    const found = readTrace(event);
    const before: RelayTrace = typeof found === 'object' ? found : { origin_id: messageId, path: [] };
    const trace: RelayTrace = { origin_id: before.origin_id, path: [...before.path, upstreamStream ?? UNKNOWN_STREAM] };
    if (trace.path.includes(selfStream)) return { pass: false, reason: 'in_path' };
    if (trace.path.length > maxHops) return { pass: false, reason: 'hop_limit' };
    if (origins.has(trace.origin_id)) return { pass: false, reason: 'known_origin' };
    return { pass: true, event: withTrace(event, trace), originId: trace.origin_id, malformedTrace: found === 'malformed' };
  }
}
