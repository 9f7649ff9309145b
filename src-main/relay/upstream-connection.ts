// One upstream's connection life: connect, subscribe resuming, heartbeat, back off and reconnect; frames go to the frame handler.
import WebSocket, { type RawData } from 'ws';
import { LagTracker } from './lag-tracker.js';
import { LivenessMonitor } from './liveness.js';
import { ReplayDetector } from './replay-detector.js';
import { AttemptRecord } from './upstream-attempt.js';
import type { UpstreamConnectionDeps } from './upstream-connection-deps.js';
import { handleUpstreamFrame, type FrameHost } from './upstream-frame-handler.js';
import { WireNegotiation } from './upstream-negotiation.js';
import { RetryPlanner } from './upstream-retry.js';
import { encodeUpstreamMessage, readUpstreamFrame, speaksMsgpack } from './upstream-wire.js';
import { closeSocket, openUpstreamSocket, type UpstreamSocket } from './upstream-socket.js';
import { UpstreamStateBoard } from './upstream-state-board.js';
import { RelaySubscription } from './upstream-subscription.js';
import type { UpstreamStatus } from './upstream-status.js';

export { RELAY_SUBSCRIPTION_ID } from './upstream-frame-handler.js';
export type { UpstreamConnectionDeps } from './upstream-connection-deps.js';
const STOP_GRACE_MS = 1000;

export class UpstreamConnection {
  private generation = 0;
  private attempts = 0;
  private socket: UpstreamSocket | undefined;
  private liveness: LivenessMonitor | undefined;
  private readonly attempt = new AttemptRecord();
  private readonly wire: WireNegotiation;
  private readonly retry: RetryPlanner;
  private readonly board: UpstreamStateBoard;
  private readonly replay: ReplayDetector;
  private readonly lag: LagTracker;
  private readonly subscription: RelaySubscription;
  private readonly frames: FrameHost;
  private readonly name: string;

  constructor(private readonly deps: UpstreamConnectionDeps) {
    this.name = deps.settings.name;
    const t = deps.timings;
    this.board = new UpstreamStateBoard({
      upstream: this.name, lagWarnMs: t.lagWarnMs, metrics: deps.metrics, logger: deps.logger, now: () => deps.now(), onChange: () => deps.onChange(),
    });
    this.wire = new WireNegotiation({ msgpack: deps.settings.msgpack === true, upstream: this.name, logger: deps.logger });
    this.retry = new RetryPlanner({ upstream: this.name, timings: t, logger: deps.logger, random: () => deps.random(), now: () => deps.now() });
    this.lag = new LagTracker({
      warnMs: t.lagWarnMs, probeAfterMs: Math.min(1000, t.lagWarnMs / 2),
      sendProbe: () => this.send({ type: 'ping', timestamp: new Date(deps.now()).toISOString() }),
      onChange: (seconds) => this.board.lagChanged(seconds, this.lag.lagging),
    });
    this.replay = new ReplayDetector({
      timeoutMs: deps.timings.replayDetectMs,
      onVerdict: (verdict) => {
        deps.sync.replayVerdict(verdict, this.replay.lastGap);
        deps.onChange();
      },
    });
    const { republisher, backfill, sync, metrics } = deps;
    this.subscription = new RelaySubscription({
      settings: deps.settings, republisher, backfill, sync, metrics, replay: this.replay, lag: this.lag, attempt: this.attempt, board: this.board,
      send: (msg) => this.send(msg), now: () => deps.now(),
    });
    this.frames = {
      name: this.name, attempt: this.attempt, replay: this.replay, lag: this.lag, republisher: deps.republisher, logger: deps.logger,
      now: () => deps.now(), isOwnSession: (id) => deps.isOwnSession(id), onRelayed: (event) => deps.onRelayed(event),
      onSubscribed: () => this.subscription.confirmed(), subscribe: (resume) => this.subscription.subscribe(resume),
      refuse: (gen, why) => this.refuse(gen, why), replace: (gen, why) => this.replace(gen, why),
      close: (code, reason) => this.socket?.ws.close(code, reason),
    };
  }

  start(): void {
    this.connect();
  }

  status(): UpstreamStatus {
    const { settings, republisher, backfill, sync } = this.deps;
    return this.board.status({ settings, republisher, backfill, sync, nextRetryAt: this.retry.nextRetryAt, reconnects: Math.max(0, this.attempts - 1), replay: this.replay, lag: this.lag });
  }

  /** Closes the connection (1000) and stops retrying; resolves once the socket is closed. */
  async stop(): Promise<void> {
    if (this.board.state === 'stopped') return;
    this.retry.cancel();
    this.deps.backfill.stop();
    this.endConnection();
    this.board.set('stopped');
    const ws = this.socket?.ws;
    this.socket = undefined;
    if (ws) await closeSocket(ws, STOP_GRACE_MS);
  }

  private connect(): void {
    if (this.board.state === 'stopped') return;
    const gen = ++this.generation;
    this.attempts += 1;
    if (this.attempts > 1) this.deps.metrics.reconnects.inc({ upstream: this.name });
    this.retry.cancel();
    this.attempt.begin();
    this.board.set('connecting');
    try {
      this.socket = openUpstreamSocket(this.deps.settings, this.deps.timings.connectTimeoutMs, this.wire.offered());
    } catch (err) {
      this.attempt.failed((err as Error).message);
      this.afterClose();
      return;
    }
    const { ws } = this.socket;
    const current = () => gen === this.generation; // a replaced socket's late events change nothing
    ws.on('open', () => current() && this.onOpen(gen));
    ws.on('message', (data, isBinary) => current() && this.onMessage(gen, data, isBinary));
    ws.on('ping', () => current() && this.liveness?.heard());
    ws.on('pong', () => current() && this.liveness?.heard());
    ws.on('error', (err) => current() && (this.wire.handshakeFailed(err) || this.attempt.failed(err.message)));
    ws.on('close', (code, reason) => current() && this.onClose(code, reason.toString('utf8')));
  }

  private onOpen(gen: number): void {
    this.subscription.opened();
    this.liveness = new LivenessMonitor({
      intervalMs: this.deps.timings.pingIntervalMs,
      sendPing: () => this.send({ type: 'ping', timestamp: new Date(this.deps.now()).toISOString() }),
      onDead: (silentMs) => this.replace(gen, `no frames for ${silentMs} ms (two missed pongs); connection replaced`),
    });
    this.liveness.start();
    if (this.wire.opened(this.socket?.ws.protocol ?? '')) this.subscription.subscribe(true);
  }

  private send(msg: Record<string, unknown>): void {
    const ws = this.socket?.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(encodeUpstreamMessage(speaksMsgpack(ws.protocol), msg));
  }

  private onMessage(gen: number, data: RawData, isBinary: boolean): void {
    this.liveness?.heard();
    if (this.attempt.refusal !== undefined) return;
    const gate = this.wire.gate(isBinary);
    if (gate === 'drop_for_json') {
      this.socket?.ws.terminate();
      return;
    }
    if (gate === 'subscribe_then_read') this.subscription.subscribe(true);
    const frame = readUpstreamFrame(speaksMsgpack(this.socket?.ws.protocol ?? ''), data, isBinary);
    if (frame !== undefined) handleUpstreamFrame(this.frames, gen, frame);
  }

  /** Refuses the upstream for good: drops the connection, and the close handler stops instead of retrying. */
  private refuse(gen: number, why: string): void {
    if (gen !== this.generation || this.attempt.refusal !== undefined) return;
    this.attempt.refusal = why;
    this.deps.logger.error('upstream refused: relay loop', { upstream: this.name, reason: why });
    this.socket?.ws.terminate();
  }

  /** Drops this connection (no close handshake) and lets the close handler schedule the next one. */
  private replace(gen: number, why: string): void {
    if (gen !== this.generation) return;
    this.attempt.failed(why);
    this.deps.logger.warn('replacing the upstream connection', { upstream: this.name, reason: why });
    this.socket?.ws.terminate();
  }

  private onClose(code: number, reason: string): void {
    const status = this.socket?.refusedStatus();
    this.socket = undefined;
    this.endConnection();
    if (this.wire.takeJsonRetry()) {
      this.connect();
      return;
    }
    this.attempt.closed(code, reason, status);
    this.afterClose();
  }

  private endConnection(): void {
    this.wire.ended();
    this.deps.sync.disconnected();
    this.liveness?.stop();
    this.liveness = undefined;
    this.replay.stop();
    this.lag.connectionEnded();
    this.deps.metrics.connected.set({ upstream: this.name }, 0);
  }

  /** Schedules the next attempt: none after a refusal, slowly after an auth refusal, else with backoff (reset if the connection was stable). */
  private afterClose(): void {
    if (this.board.state === 'stopped') return;
    const next = this.retry.plan(this.attempt);
    this.board.lastError = next.error;
    if (next.state === 'refused') this.retry.cancel();
    else this.retry.schedule(next.delayMs, () => this.connect());
    this.board.set(next.state);
  }
}
