// A tiny server that speaks only the guide's protocol (welcome, subscribed, event, pong): no resume_after, no replay_complete.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { serveGuideEndpoint } from './support/guide-endpoint.js';

export interface GuideServerOptions {
  /** Refuse a subscribe that carries fields the guide does not know (`resume_after`) with `invalid_message`. */
  strict?: boolean;
  /** On every subscribe, send again this many of the most recent events (an overlapping "snapshot"). */
  resendOnSubscribe?: number;
  /** Answer every upgrade without a subprotocol, whatever the client offered (as the Rust server does). */
  noSubprotocol?: boolean;
  /** Answer `resume_after: evt-<k>` by sending every later event, in order (still no `replay_complete`). */
  replayOnResume?: boolean;
}

export interface GuideServer {
  wsUrl: string;
  /** Every subscribe message received, as parsed JSON. */
  readonly subscribes: Record<string, unknown>[];
  /**
   * Sends an event (message id `evt-<n>`) to every subscribed client; `outOfOrder` flags this send `out_of_order`
   * (PROTOCOL 1.1 §5), as a server writing it ahead of older events would. Re-sends on subscribe are never flagged.
   * `withhold` records the event without sending it (as a server holding live events during a replay).
   */
  emit(event: IncidentEvent, opts?: { outOfOrder?: boolean; withhold?: boolean }): void;
  /** Drops every client connection without a close handshake. */
  dropClients(): void;
  subscribedClients(): number;
  close(): Promise<void>;
}

const GUIDE_SUBSCRIBE_KEYS = new Set(['type', 'subscription_id', 'filters']);

export async function startGuideServer(opts: GuideServerOptions = {}): Promise<GuideServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...(opts.noSubprotocol ? { handleProtocols: () => false as const } : {}) });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sent: string[] = [];
  const subscribes: Record<string, unknown>[] = [];
  let seq = 0;
  const frame = (subId: string, k: number) => sent[k]!.replace('"__SUB__"', JSON.stringify([subId]));

  const endpoint = serveGuideEndpoint(wss, (ws, msg, { subscribed }) => {
    subscribes.push(msg);
    const id = String(msg.subscription_id);
    const unknown = Object.keys(msg).filter((k) => !GUIDE_SUBSCRIBE_KEYS.has(k));
    if (opts.strict && unknown.length > 0) {
      ws.send(JSON.stringify({ type: 'error', code: 'invalid_message', message: `unknown field ${unknown[0]}`, ref: id }));
      return;
    }
    ws.send(JSON.stringify({ type: 'subscribed', subscription_id: id, filters: msg.filters ?? {} }));
    subscribed.set(ws, id);
    for (let k = Math.max(0, sent.length - (opts.resendOnSubscribe ?? 0)); k < sent.length; k++) ws.send(frame(id, k));
    const resumed = /^evt-(\d+)$/.exec(String(msg.resume_after ?? ''));
    if (opts.replayOnResume && resumed) for (let k = Number(resumed[1]); k < sent.length; k++) ws.send(frame(id, k));
  });

  return {
    wsUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    subscribes,
    emit(event, emitOpts = {}) {
      seq += 1;
      sent.push(JSON.stringify({ type: 'event', message_id: `evt-${seq}`, timestamp: new Date().toISOString(), event, subscription_ids: '__SUB__' }));
      const flag = (text: string) => (emitOpts.outOfOrder ? `${text.slice(0, -1)},"out_of_order":true}` : text);
      if (emitOpts.withhold) return;
      for (const [ws, id] of endpoint.subscribed) ws.send(flag(frame(id, sent.length - 1)));
    },
    dropClients: endpoint.dropClients,
    subscribedClients: endpoint.subscribedClients,
    close: endpoint.close,
  };
}
