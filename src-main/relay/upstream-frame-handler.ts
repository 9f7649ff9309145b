// Acts on one upstream frame: welcome (self-relay check), event (re-publish), subscription answers, errors, closing notices.
import type { Logger } from '../server/index.js';
import type { AttemptRecord } from './upstream-attempt.js';
import type { LagTracker } from './lag-tracker.js';
import type { ReplayDetector } from './replay-detector.js';
import type { Republisher } from './republisher.js';
import type { UpstreamFrame } from './upstream-frames.js';

/** The relay's one subscription on each upstream connection. */
export const RELAY_SUBSCRIPTION_ID = 'incident-relay';

/** What a frame may act on: the connection's parts, and its moves (each for connection `gen`). */
export interface FrameHost {
  readonly name: string;
  readonly attempt: AttemptRecord;
  readonly replay: ReplayDetector;
  readonly lag: LagTracker;
  readonly republisher: Republisher;
  readonly logger: Logger;
  now(): number;
  isOwnSession(sessionId: string): boolean;
  /** Called with each event relayed from the upstream. */
  onRelayed(event: unknown): void;
  /** The relay's subscription is confirmed. */
  onSubscribed(): void;
  subscribe(resume: boolean): void;
  refuse(gen: number, why: string): void;
  replace(gen: number, why: string): void;
  /** Closes the socket with a close handshake. */
  close(code: number, reason: string): void;
}

export function handleUpstreamFrame(host: FrameHost, gen: number, frame: UpstreamFrame): void {
  switch (frame.type) {
    case 'welcome':
      if (frame.sessionId !== undefined && host.isOwnSession(frame.sessionId)) {
        host.refuse(gen, 'the upstream is this server itself (self-relay: its welcome named one of our own sessions)');
      }
      return;
    case 'event': {
      host.replay.eventArrived(frame.timestamp);
      host.lag.eventArrived(frame.timestamp, host.now());
      const outcome = host.republisher.accept(frame.messageId, frame.timestamp, frame.event, (err) => host.replace(gen, `local journal refused an event (${err.message}); fetching it again`), frame.outOfOrder);
      if (outcome === 'own_stream') host.refuse(gen, "the upstream serves this server's own event stream (self-relay, or a node of the same cluster)");
      if (outcome === 'relayed') host.onRelayed(frame.event);
      return;
    }
    case 'subscribed':
      if (frame.subscriptionId === RELAY_SUBSCRIPTION_ID) host.onSubscribed();
      return;
    case 'replay_complete':
      if (frame.subscriptionId === RELAY_SUBSCRIPTION_ID) host.replay.completed(frame.gap);
      host.lag.drained();
      return;
    case 'error':
      return onErrorFrame(host, gen, frame);
    case 'closing':
      host.attempt.failed(`upstream closing: ${frame.reason}`);
      if (frame.reason === 'token_expired') host.attempt.authRefused = 'the upstream closed the session: token expired';
      return;
    case 'invalid':
      host.logger.warn('upstream sent an unreadable frame; ignored', { upstream: host.name, reason: frame.reason });
      return;
    case 'other':
      if (frame.name === 'pong') host.lag.drained();
      return;
  }
}

/** An `error` frame about the relay's subscription: credentials refused, `resume_after` refused, or the subscribe refused. */
function onErrorFrame(host: FrameHost, gen: number, frame: Extract<UpstreamFrame, { type: 'error' }>): void {
  const { attempt } = host;
  const ours = frame.ref === RELAY_SUBSCRIPTION_ID || (frame.ref === undefined && attempt.subscribedAt === null);
  host.logger.warn('upstream refused a request', { upstream: host.name, code: frame.code, message: frame.message, ref: frame.ref });
  if (!ours) return;
  if (frame.code === 'unauthorized' || frame.code === 'forbidden') {
    attempt.authRefused = `the upstream refused the subscription (${frame.code}: ${frame.message})`;
    host.close(1000, 'subscription refused');
  } else if (frame.code === 'invalid_message' && host.replay.asked && attempt.subscribedAt === null) {
    // A strict guide-only server may refuse the unknown `resume_after`: subscribe without it and go on live.
    host.replay.refused();
    host.subscribe(false);
  } else if (attempt.subscribedAt === null) {
    host.replace(gen, `the upstream refused the subscription (${frame.code}: ${frame.message})`);
  }
}
