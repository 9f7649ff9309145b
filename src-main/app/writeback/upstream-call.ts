// Sends one write-back request to an upstream with its token and CA file, and sorts the answer: accepted, refused, unreachable.
import http from 'node:http';
import https from 'node:https';
import { incidentsBaseUrl, trustedCas, type UpstreamSettings } from '../../relay/index.js';
import type { UpstreamRequest } from './upstream-request.js';

/**
 * `accepted`: 2xx (`pending` when the upstream itself queued it: 202); `refused`: the upstream answered and said no
 * (4xx but 408/429), never retried; `unreachable`: no answer, a timeout, 408/429 or 5xx, retried from the outbox.
 */
export type CallResult =
  | { kind: 'accepted'; status: number; body: unknown }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'unreachable'; reason: string };

const TIMEOUT_MS = 10_000;
const MAX_BODY = 1024 * 1024;

/** The error message of a `{"error":{"code","message"}}` body, else the start of the text. */
function reasonOf(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } | string };
    const e = parsed.error;
    if (typeof e === 'string') return `HTTP ${status}: ${e}`;
    if (e && typeof e.message === 'string') return `HTTP ${status} ${String(e.code ?? '')}: ${e.message}`.replace(' :', ':');
  } catch {
    // not JSON: use the text
  }
  return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export function callUpstream(settings: UpstreamSettings, request: UpstreamRequest, timeoutMs = TIMEOUT_MS): Promise<CallResult> {
  const url = new URL(incidentsBaseUrl(settings.url) + request.path);
  const payload = JSON.stringify(request.body);
  const headers: Record<string, string> = { ...request.headers, 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) };
  if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
  const secure = url.protocol === 'https:';
  let ca: string[] | undefined;
  try {
    ca = secure && settings.caFile ? trustedCas(settings.caFile) : undefined;
  } catch (err) {
    return Promise.resolve({ kind: 'unreachable', reason: `CA file: ${(err as Error).message}` });
  }
  return new Promise((resolve) => {
    const req = (secure ? https : http).request(url, { method: request.method, headers, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      res.on('error', (err) => resolve({ kind: 'unreachable', reason: err.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) {
          let body: unknown = text;
          try { body = JSON.parse(text); } catch { body = text; }
          resolve({ kind: 'accepted', status, body });
        } else if (status >= 500 || status === 408 || status === 429) resolve({ kind: 'unreachable', reason: reasonOf(status, text) });
        else resolve({ kind: 'refused', status, reason: reasonOf(status, text) });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ kind: 'unreachable', reason: err.message }));
    req.end(payload);
  });
}
