// MessagePack or JSON with one upstream: offered until refused, trusted once the welcome is binary, JSON for the process after.
import type { Logger } from '../server/index.js';
import { offeredProtocols, refusedMsgpack, speaksMsgpack } from './upstream-wire.js';

/** What the connection does with an inbound frame before reading it. */
export type FrameGate = 'read' | 'subscribe_then_read' | 'drop_for_json';

export class WireNegotiation {
  /** The upstream answered an offer of MessagePack without it: JSON from then on. */
  private msgpackRefused = false;
  private retryAsJson = false;
  /** A MessagePack session's subscribe waits for its first frame: binary, or the upstream only echoed the subprotocol. */
  private awaitingBinaryWelcome = false;

  constructor(private readonly opts: { msgpack: boolean; upstream: string; logger: Logger }) {}

  /** The subprotocols to offer on the next attempt. */
  offered(): string[] {
    return offeredProtocols(this.msgpackWanted());
  }

  /** The handshake failed because the upstream knows no subprotocol: true, and the next attempt (at once) is JSON. */
  handshakeFailed(err: Error): boolean {
    if (!this.msgpackWanted() || !refusedMsgpack(err)) return false;
    this.switchToJson('upstream does not offer MessagePack; using JSON');
    return true;
  }

  /**
   * The socket is open: true when the subscribe may go now. A server may echo a subprotocol it does not speak (ws's
   * default does): MessagePack is trusted once its welcome is binary, so a MessagePack session waits for that frame.
   */
  opened(protocol: string): boolean {
    if (!speaksMsgpack(protocol)) return true;
    this.awaitingBinaryWelcome = true;
    return false;
  }

  /** Each inbound frame passes here first: the first one of a MessagePack session decides whether it really is one. */
  gate(isBinary: boolean): FrameGate {
    if (!this.awaitingBinaryWelcome) return 'read';
    this.awaitingBinaryWelcome = false;
    if (isBinary) return 'subscribe_then_read';
    this.switchToJson('upstream agreed to MessagePack but writes JSON; using JSON');
    return 'drop_for_json';
  }

  /** The connection ended (closed or stopped). */
  ended(): void {
    this.awaitingBinaryWelcome = false;
  }

  /** Whether the connection just closed is to be replaced at once by a JSON one (asked once). */
  takeJsonRetry(): boolean {
    const retry = this.retryAsJson;
    this.retryAsJson = false;
    return retry;
  }

  /** MessagePack is offered until an upstream answers the upgrade without it; then JSON, with no backoff for that attempt. */
  private msgpackWanted(): boolean {
    return this.opts.msgpack && !this.msgpackRefused;
  }

  private switchToJson(why: string): void {
    this.msgpackRefused = true;
    this.retryAsJson = true;
    this.opts.logger.info(why, { upstream: this.opts.upstream });
  }
}
