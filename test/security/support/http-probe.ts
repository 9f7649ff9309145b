// Raw HTTP requests and WebSocket upgrade probes with full control of Host, Origin and other headers.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ProbeResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ProbeOptions {
  port: number;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTP request to 127.0.0.1; headers (Host included) are sent exactly as given. */
export function probe(o: ProbeOptions): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: o.port, path: o.path ?? '/', method: o.method ?? 'GET', headers: o.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends a WebSocket upgrade request; resolves with 101 (socket destroyed at once) or the refusal's status and body. */
export function upgradeProbe(o: ProbeOptions): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: o.port, path: o.path ?? '/ws', agent: false,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...o.headers,
      },
    });
    req.on('upgrade', (res, socket: Socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes a raw request (for heads Node's client will not send, e.g. an empty Host) and resolves with the status code. */
export function rawStatus(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(0));
  });
}
