// What every stand-in upstream's /ws does alike: welcome on connect, pong to ping, the subscribed clients, drop and close.
import { randomUUID } from 'node:crypto';
import type { WebSocket, WebSocketServer } from 'ws';

export interface GuideEndpoint {
  /** The subscribed clients, each with its subscription id; a client leaves when its socket closes. */
  readonly subscribed: Map<WebSocket, string>;
  /** Drops every client connection without a close handshake. */
  dropClients(): void;
  subscribedClients(): number;
  /** Drops every client and closes the WebSocket server. */
  close(): Promise<void>;
}

/**
 * Speaks the guide's session basics on `wss`; `onSubscribe` answers each `subscribe` message (and adds the client to
 * `subscribed` when it accepts it).
 */
export function serveGuideEndpoint(
  wss: WebSocketServer, onSubscribe: (ws: WebSocket, msg: Record<string, unknown>, endpoint: GuideEndpoint) => void,
): GuideEndpoint {
  const endpoint: GuideEndpoint = {
    subscribed: new Map(),
    dropClients() {
      for (const ws of wss.clients) ws.terminate();
    },
    subscribedClients: () => endpoint.subscribed.size,
    async close() {
      endpoint.dropClients();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'welcome', session_id: randomUUID(), server_time: new Date().toISOString() }));
    ws.on('close', () => endpoint.subscribed.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', timestamp: msg.timestamp ?? new Date().toISOString() }));
      else if (msg.type === 'subscribe') onSubscribe(ws, msg, endpoint);
    });
  });
  return endpoint;
}
