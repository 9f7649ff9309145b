// Keeps a replay close to what its client has read: a ping after each window of frames, at most two windows unanswered.
import type { Session } from '../session/session.js';

/** Replayed bytes between two pings at most. Two windows in flight bound how long a Critical live event waits behind a replay. */
export const REPLAY_WINDOW_BYTES = 64 * 1024;
/**
 * Replayed frames between two pings at most. A client pays per message as much as per byte (the `ws` client inflates
 * each compressed message in its own round trip to the zlib thread pool), so 64 KiB of deflated ~600-byte frames
 * would put 110 messages per window in front of a P0; this bound keeps it at 64.
 */
export const REPLAY_WINDOW_FRAMES = 64;
/** A client that leaves a ping unanswered this long is not paced any more (the heartbeat judges its liveness). */
export const PONG_WAIT_MS = 2000;

/**
 * Socket buffers on both ends hold megabytes that no priority lane can overtake; pongs come back in order, once the
 * client read everything before the ping, so waiting for the previous window's pong keeps that backlog small.
 */
export class ReplayPacer {
  private written = 0;
  private frames = 0;
  private previousMark = 0;
  private paced = true;

  constructor(private readonly session: Session) {}

  /** Counts one replayed frame of `bytes`; true when a window is full and `pause` should be awaited. */
  wrote(bytes: number): boolean {
    this.written += bytes;
    this.frames += 1;
    return this.paced && (this.written >= REPLAY_WINDOW_BYTES || this.frames >= REPLAY_WINDOW_FRAMES);
  }

  /** Marks the end of a window with a ping, then waits until the client answered the previous window's ping. */
  async pause(): Promise<void> {
    this.written = 0;
    this.frames = 0;
    const socket = this.session.socket;
    const waitFor = this.previousMark;
    socket.ping();
    this.previousMark = socket.pingsSent;
    if (waitFor === 0) return;
    if (!await socket.whenPonged(waitFor, PONG_WAIT_MS)) this.paced = false;
  }
}
