// Tries to listen in on the stream with given credentials/headers: records whether the upgrade opened and any event it got.
import WebSocket from 'ws';

export interface Eavesdropper {
  /** The upgrade succeeded (101). */
  opened: boolean;
  /** HTTP status of a refused upgrade. */
  status: number | undefined;
  /** Event frames received so far. */
  events: unknown[];
  close(): void;
}

/** Connects; when the upgrade succeeds, subscribes to everything. Resolves once refused, closed, or the subscribe is answered. */
export function eavesdrop(url: string, opts: { protocols?: string[]; headers?: Record<string, string>; ca?: string } = {}): Promise<Eavesdropper> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers, ca: opts.ca });
    const result: Eavesdropper = { opened: false, status: undefined, events: [], close: () => ws.terminate() };
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string };
      if (f.type === 'event') result.events.push(f);
      if (f.type === 'subscribed' || f.type === 'error') resolve(result);
    });
    ws.on('open', () => {
      result.opened = true;
      ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 'all', filters: {} }));
    });
    ws.on('close', () => resolve(result));
    ws.on('unexpected-response', (_req, res) => {
      result.status = res.statusCode;
      res.resume();
      ws.terminate();
      resolve(result);
    });
    ws.on('error', () => resolve(result));
  });
}
