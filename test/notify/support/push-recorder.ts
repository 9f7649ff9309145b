// A local HTTP server standing in for ntfy, Gotify or a webhook receiver: records every request, answers a set status.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface PushRecorder {
  url: string;
  requests: RecordedRequest[];
  /** The status every following request gets (200 by default; ntfy and Gotify answer 200 with a JSON message). */
  answer(status: number): void;
  close(): Promise<void>;
}

export async function startPushRecorder(): Promise<PushRecorder> {
  const requests: RecordedRequest[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status < 300 ? JSON.stringify({ id: String(requests.length) }) : JSON.stringify({ error: 'unavailable', code: status }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (s) => { status = s; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
