// Opens the WebSocket to an upstream: bearer token header, normal certificate checks plus an optional CA file.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import type { UpstreamSettings } from './upstream-config.js';

/** Largest upstream frame accepted (bytes): far above any event, far below what would hurt the process. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface UpstreamSocket {
  ws: WebSocket;
  /** The HTTP status of a refused upgrade (401, 403, 404, 503, ...), once known. */
  refusedStatus(): number | undefined;
}

/** Reads the CA file: the system's roots stay trusted, the file's certificates are added. */
export function trustedCas(caFile: string): string[] {
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the CA file ${caFile}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`the CA file ${caFile} holds no PEM certificate`);
  return [...rootCertificates, pem];
}

/** Starts connecting; events come through `ws`. Throws only when the CA file cannot be used. */
export function openUpstreamSocket(settings: UpstreamSettings, connectTimeoutMs: number, protocols: string[] = []): UpstreamSocket {
  const headers: Record<string, string> = {};
  if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
  const ca = settings.caFile && settings.url.startsWith('wss:') ? trustedCas(settings.caFile) : undefined;
  const ws = new WebSocket(settings.url, protocols, {
    headers,
    handshakeTimeout: connectTimeoutMs,
    followRedirects: false,
    maxPayload: MAX_FRAME_BYTES,
    // Certificate checks stay on (rejectUnauthorized defaults to true); `ca` only widens the trusted roots.
    ...(ca ? { ca } : {}),
  });
  let status: number | undefined;
  ws.on('unexpected-response', (_req, res) => {
    status = res.statusCode;
    res.resume();
    ws.terminate(); // aborts the handshake: 'error' then 'close' follow
  });
  return { ws, refusedStatus: () => status };
}

/** Closes with 1000 and waits for the close; terminates after `graceMs` if the peer does not answer. */
export async function closeSocket(ws: WebSocket, graceMs: number): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'relay stopped');
    else ws.terminate();
  });
}
