// One upstream's connection life: connect, subscribe resuming, heartbeat, re-publish, back off and reconnect.
import { performance } from 'node:perf_hooks';
import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../server/index.js';
import { describeBackfill, type IncidentBackfill } from './incident-backfill.js';
import { LagTracker } from './lag-tracker.js';
import { LivenessMonitor } from './liveness.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import type { RelayMetrics } from './relay-metrics.js';
import { ReplayDetector } from './replay-detector.js';
import type { Republisher } from './republisher.js';
import type { UpstreamSync } from './upstream-sync.js';
import type { RelayTimings } from './timings.js';
import { displayUrl, type UpstreamSettings } from './upstream-config.js';
import type { UpstreamFrame } from './upstream-frames.js';
import { encodeUpstreamMessage, offeredProtocols, readUpstreamFrame, refusedMsgpack, speaksMsgpack } from './upstream-wire.js';
import { closeSocket, openUpstreamSocket, type UpstreamSocket } from './upstream-socket.js';
import { describeStatus, isoOrNull, type UpstreamState, type UpstreamStatus } from './upstream-status.js';

/** The relay's one subscription on each upstream connection. */
export const RELAY_SUBSCRIPTION_ID = 'incident-relay';
const STOP_GRACE_MS = 1000;

export interface UpstreamConnectionDeps {
  settings: UpstreamSettings;
  timings: RelayTimings;
  republisher: Republisher;
  /** Copies the upstream's active incidents into the local store when a connection starts without a resume point. */
  backfill: IncidentBackfill;
  /** Gap marks, backfill after a gap and the reconcile rounds. */
  sync: UpstreamSync;
  /** Called with each event relayed from the upstream (the reconcile follows its incident). */
  onRelayed(event: unknown): void;
  metrics: RelayMetrics;
  logger: Logger;
  /** Uniform random in [0, 1) for the jitter. */
  random(): number;
  /** Wall clock (ms since 1970) for status times. */
  now(): number;
  /** Called on every state change. */
  onChange(): void;
  /** Whether a `welcome`'s session id is a session of the local server: then the upstream is this very server. */
  isOwnSession(sessionId: string): boolean;
}


export class UpstreamConnection {
  private state: UpstreamState = 'connecting';
  private since: number;
  private generation = 0;
  private attempts = 0;
  private socket: UpstreamSocket | undefined;
  private liveness: LivenessMonitor | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private nextRetryAt: number | null = null;
  private lastError: string | null = null;
  /** Per connection: why it failed (first reason wins), whether the credentials were refused, when it subscribed. */
  private failure: string | undefined;
  private authRefused: string | undefined;
  private subscribedAt: number | null = null;
  /** Whether this connection opened with a resume point (then it needs no incident backfill). */
  private openedWithResumePoint = false;
  /** Whether any connection of this process got as far as `subscribed` (a later one is a reconnect). */
  private everSubscribed = false;
  /** Why this side refused the upstream for good (a self-relay); set once, never retried. */
  private refusal: string | undefined;
  /** The upstream answered an offer of MessagePack without it: JSON from then on. */
  private msgpackRefused = false;
  private retryAsJson = false;
  /** A MessagePack session's subscribe waits for its first frame: binary, or the upstream only echoed the subprotocol. */
  private awaitingBinaryWelcome = false;
  private readonly backoff: ReconnectSchedule;
  private readonly replay: ReplayDetector;
  private readonly lag: LagTracker;
  private readonly name: string;

  constructor(private readonly deps: UpstreamConnectionDeps) {
    this.since = deps.now();
    this.name = deps.settings.name;
    const t = deps.timings;
    this.backoff = new ReconnectSchedule({
      baseMs: t.backoffBaseMs, capMs: t.backoffCapMs, lateCapMs: t.backoffLateCapMs, escalateAfterMs: t.outageEscalateMs,
      random: deps.random, clock: () => performance.now(),
    });
    this.lag = new LagTracker({
      warnMs: t.lagWarnMs, probeAfterMs: Math.min(1000, t.lagWarnMs / 2),
      sendProbe: () => this.send({ type: 'ping', timestamp: new Date(deps.now()).toISOString() }),
      onChange: (seconds) => this.onLag(seconds),
    });
    this.replay = new ReplayDetector({
      timeoutMs: deps.timings.replayDetectMs,
      onVerdict: (verdict) => {
        if (verdict === 'missing') deps.logger.info('upstream sent no replay_complete: no replay support, relaying live events only', { upstream: this.name });
        if (verdict === 'refused') deps.logger.info('upstream refused resume_after: no replay support, subscribing live', { upstream: this.name });
        if (verdict === 'complete' && this.replay.lastGap) deps.logger.warn('upstream no longer had the resume point and replayed all it retains (gap)', { upstream: this.name });
        deps.sync.replayVerdict(verdict, this.replay.lastGap);
        deps.onChange();
      },
    });
  }

  start(): void {
    this.connect();
  }

  status(): UpstreamStatus {
    const { settings, republisher } = this.deps;
    const c = republisher.counts;
    const base = {
      state: this.state, replaySupported: this.replay.supported, lastError: this.lastError,
      lagSeconds: this.lag.seconds, lagWarnSeconds: this.deps.timings.lagWarnMs / 1000,
    };
    const backfill = this.deps.backfill.status();
    const backfillLine = this.state === 'connected' || this.state === 'lagging' ? describeBackfill(backfill) : null;
    return {
      name: this.name, url: displayUrl(settings.url), ...base, since: new Date(this.since).toISOString(),
      lastEventAt: isoOrNull(c.lastEventAt), reconnects: Math.max(0, this.attempts - 1), nextRetryAt: isoOrNull(this.nextRetryAt),
      lastReplayGap: this.replay.lastGap,
      detail: describeStatus(base, this.nextRetryAt === null ? null : this.nextRetryAt - this.deps.now()) + (backfillLine ? `; ${backfillLine}` : ''),
      resumeAfter: republisher.resumePoint() ?? null, eventsRelayed: c.relayed, duplicatesDropped: c.duplicates,
      invalidEvents: c.invalid, loopsDropped: c.looped, hasToken: Boolean(settings.token), filters: settings.filters,
      backfill,
    };
  }

  /** Closes the connection (1000) and stops retrying; resolves once the socket is closed. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    clearTimeout(this.retryTimer);
    this.nextRetryAt = null;
    this.deps.backfill.stop();
    this.endConnection();
    this.setState('stopped');
    const ws = this.socket?.ws;
    this.socket = undefined;
    if (ws) await closeSocket(ws, STOP_GRACE_MS);
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    const gen = ++this.generation;
    this.attempts += 1;
    if (this.attempts > 1) this.deps.metrics.reconnects.inc({ upstream: this.name });
    this.nextRetryAt = null;
    this.failure = undefined;
    this.authRefused = undefined;
    this.subscribedAt = null;
    this.setState('connecting');
    try {
      this.socket = openUpstreamSocket(this.deps.settings, this.deps.timings.connectTimeoutMs, offeredProtocols(this.msgpackWanted()));
    } catch (err) {
      this.failure = (err as Error).message;
      this.afterClose();
      return;
    }
    const { ws } = this.socket;
    const current = () => gen === this.generation; // a replaced socket's late events change nothing
    ws.on('open', () => current() && this.onOpen(gen));
    ws.on('message', (data, isBinary) => current() && this.onMessage(gen, data, isBinary));
    ws.on('ping', () => current() && this.liveness?.heard());
    ws.on('pong', () => current() && this.liveness?.heard());
    ws.on('error', (err) => current() && (this.jsonFallback(err) || (this.failure ??= err.message)));
    ws.on('close', (code, reason) => current() && this.onClose(code, reason.toString('utf8')));
  }

  private onOpen(gen: number): void {
    this.deps.republisher.beginConnection();
    this.deps.sync.opened();
    this.openedWithResumePoint = this.deps.republisher.resumePoint() !== undefined;
    this.liveness = new LivenessMonitor({
      intervalMs: this.deps.timings.pingIntervalMs,
      sendPing: () => this.send({ type: 'ping', timestamp: new Date(this.deps.now()).toISOString() }),
      onDead: (silentMs) => this.replace(gen, `no frames for ${silentMs} ms (two missed pongs); connection replaced`),
    });
    this.liveness.start();
    // A server may echo a subprotocol it does not speak (ws's default does): MessagePack is trusted once its welcome is binary.
    if (speaksMsgpack(this.socket?.ws.protocol ?? '')) this.awaitingBinaryWelcome = true;
    else this.subscribe(true);
  }

  private subscribe(resume: boolean): void {
    const after = resume ? this.deps.republisher.resumePoint() : undefined;
    this.replay.subscribing(after !== undefined);
    this.send({
      type: 'subscribe', subscription_id: RELAY_SUBSCRIPTION_ID, filters: this.deps.settings.filters,
      ...(after === undefined ? {} : { resume_after: after }),
    });
  }

  private send(msg: Record<string, unknown>): void {
    const ws = this.socket?.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(encodeUpstreamMessage(speaksMsgpack(ws.protocol), msg));
  }

  /** MessagePack is offered until an upstream answers the upgrade without it; then JSON, with no backoff for that attempt. */
  private msgpackWanted(): boolean {
    return this.deps.settings.msgpack === true && !this.msgpackRefused;
  }

  /** The handshake failed because the upstream knows no subprotocol: true, and the next attempt (at once) is JSON. */
  private jsonFallback(err: Error): boolean {
    if (!this.msgpackWanted() || !refusedMsgpack(err)) return false;
    this.msgpackRefused = true;
    this.retryAsJson = true;
    this.deps.logger.info('upstream does not offer MessagePack; using JSON', { upstream: this.name });
    return true;
  }

  private onMessage(gen: number, data: RawData, isBinary: boolean): void {
    this.liveness?.heard();
    if (this.refusal !== undefined) return;
    if (this.awaitingBinaryWelcome) {
      this.awaitingBinaryWelcome = false;
      if (!isBinary) {
        this.msgpackRefused = true;
        this.retryAsJson = true;
        this.deps.logger.info('upstream agreed to MessagePack but writes JSON; using JSON', { upstream: this.name });
        this.socket?.ws.terminate();
        return;
      }
      this.subscribe(true);
    }
    const frame = readUpstreamFrame(speaksMsgpack(this.socket?.ws.protocol ?? ''), data, isBinary);
    if (frame === undefined) return;
    switch (frame.type) {
      case 'welcome':
        if (frame.sessionId !== undefined && this.deps.isOwnSession(frame.sessionId)) {
          this.refuse(gen, 'the upstream is this server itself (self-relay: its welcome named one of our own sessions)');
        }
        return;
      case 'event': {
        this.replay.eventArrived(frame.timestamp);
        this.lag.eventArrived(frame.timestamp, this.deps.now());
        const outcome = this.deps.republisher.accept(frame.messageId, frame.timestamp, frame.event, (err) => this.replace(gen, `local journal refused an event (${err.message}); fetching it again`), frame.outOfOrder);
        if (outcome === 'own_stream') this.refuse(gen, "the upstream serves this server's own event stream (self-relay, or a node of the same cluster)");
        if (outcome === 'relayed') this.deps.onRelayed(frame.event);
        return;
      }
      case 'subscribed':
        if (frame.subscriptionId !== RELAY_SUBSCRIPTION_ID) return;
        this.subscribedAt = this.deps.now();
        this.lastError = null;
        this.deps.metrics.connected.set({ upstream: this.name }, 1);
        this.replay.subscribed(this.deps.now());
        this.setState(this.lag.lagging ? 'lagging' : 'connected');
        if (this.refusal !== undefined) return;
        this.deps.sync.subscribed({ askedReplay: this.replay.asked, knownNoReplay: this.replay.supported === false, reconnect: this.everSubscribed });
        this.everSubscribed = true;
        // In the background: the live stream goes on while the upstream's active incidents are fetched.
        this.deps.backfill.startIfNeeded(this.openedWithResumePoint);
        return;
      case 'replay_complete':
        if (frame.subscriptionId === RELAY_SUBSCRIPTION_ID) this.replay.completed(frame.gap);
        this.lag.drained();
        return;
      case 'error':
        return this.onErrorFrame(gen, frame);
      case 'closing':
        this.failure ??= `upstream closing: ${frame.reason}`;
        if (frame.reason === 'token_expired') this.authRefused = 'the upstream closed the session: token expired';
        return;
      case 'invalid':
        this.deps.logger.warn('upstream sent an unreadable frame; ignored', { upstream: this.name, reason: frame.reason });
        return;
      case 'other':
        if (frame.name === 'pong') this.lag.drained();
        return;
    }
  }

  private onErrorFrame(gen: number, frame: Extract<UpstreamFrame, { type: 'error' }>): void {
    const ours = frame.ref === RELAY_SUBSCRIPTION_ID || (frame.ref === undefined && this.subscribedAt === null);
    this.deps.logger.warn('upstream refused a request', { upstream: this.name, code: frame.code, message: frame.message, ref: frame.ref });
    if (!ours) return;
    if (frame.code === 'unauthorized' || frame.code === 'forbidden') {
      this.authRefused = `the upstream refused the subscription (${frame.code}: ${frame.message})`;
      this.socket?.ws.close(1000, 'subscription refused');
    } else if (frame.code === 'invalid_message' && this.replay.asked && this.subscribedAt === null) {
      // A strict guide-only server may refuse the unknown `resume_after`: subscribe without it and go on live.
      this.replay.refused();
      this.subscribe(false);
    } else if (this.subscribedAt === null) {
      this.replace(gen, `the upstream refused the subscription (${frame.code}: ${frame.message})`);
    }
  }

  /** Refuses the upstream for good: drops the connection, and the close handler stops instead of retrying. */
  private refuse(gen: number, why: string): void {
    if (gen !== this.generation || this.refusal !== undefined) return;
    this.refusal = why;
    this.deps.logger.error('upstream refused: relay loop', { upstream: this.name, reason: why });
    this.socket?.ws.terminate();
  }

  /** Drops this connection (no close handshake) and lets the close handler schedule the next one. */
  private replace(gen: number, why: string): void {
    if (gen !== this.generation) return;
    this.failure ??= why;
    this.deps.logger.warn('replacing the upstream connection', { upstream: this.name, reason: why });
    this.socket?.ws.terminate();
  }

  private onClose(code: number, reason: string): void {
    const status = this.socket?.refusedStatus();
    this.socket = undefined;
    this.endConnection();
    if (this.retryAsJson) {
      this.retryAsJson = false;
      this.connect();
      return;
    }
    if (status === 401 || status === 403) this.authRefused ??= `the upstream refused the credentials (HTTP ${status})`;
    else if (status !== undefined) this.failure = `the upstream refused the upgrade (HTTP ${status})`;
    this.failure ??= `connection closed (${code}${reason ? ` ${reason}` : ''})`;
    this.afterClose();
  }

  private endConnection(): void {
    this.awaitingBinaryWelcome = false;
    this.deps.sync.disconnected();
    this.liveness?.stop();
    this.liveness = undefined;
    this.replay.stop();
    this.lag.connectionEnded();
    this.deps.metrics.connected.set({ upstream: this.name }, 0);
  }

  /** Schedules the next attempt: none after a refusal, slowly after an auth refusal, else with backoff (reset if the connection was stable). */
  private afterClose(): void {
    if (this.state === 'stopped') return;
    const { timings, logger, now } = this.deps;
    if (this.refusal !== undefined) {
      this.lastError = this.refusal;
      this.nextRetryAt = null;
      this.setState('refused');
      return;
    }
    if (this.authRefused) {
      this.lastError = this.authRefused;
      logger.warn('upstream refused the credentials; not retrying fast', { upstream: this.name, error: this.authRefused, retry_in_ms: timings.authRetryMs });
      this.retryIn(timings.authRetryMs, 'failed_auth');
      return;
    }
    this.lastError = this.failure ?? 'connection lost';
    if (this.subscribedAt !== null && now() - this.subscribedAt >= timings.stableAfterMs) this.backoff.reset();
    const delay = this.backoff.next();
    logger.info('upstream connection lost; retrying', { upstream: this.name, error: this.lastError, retry_in_ms: delay });
    this.retryIn(delay, 'backing_off');
  }

  /** Publishes the lag and moves between `connected` and `lagging`, one log line per change. */
  private onLag(seconds: number): void {
    this.deps.metrics.lag.set({ upstream: this.name }, seconds);
    const next = this.lag.lagging ? 'lagging' : 'connected';
    if ((this.state !== 'connected' && this.state !== 'lagging') || next === this.state) return;
    const fields = { upstream: this.name, lag_seconds: Math.round(seconds * 10) / 10, warn_secs: this.deps.timings.lagWarnMs / 1000 };
    if (next === 'lagging') this.deps.logger.warn('upstream lagging: events arrive late', fields);
    else this.deps.logger.info('upstream caught up', fields);
    this.setState(next);
  }

  private retryIn(delayMs: number, state: UpstreamState): void {
    this.nextRetryAt = this.deps.now() + delayMs;
    this.setState(state);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
    this.retryTimer.unref();
  }

  private setState(state: UpstreamState): void {
    if (this.state === 'stopped' && state !== 'stopped') return;
    if (state !== this.state) this.since = this.deps.now();
    this.state = state;
    this.deps.onChange();
  }
}
