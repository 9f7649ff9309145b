// Fetches an upstream's active incidents over HTTP (GET /v1/incidents, paged as the upstream pages), with the WebSocket's token and CA file.
import http from 'node:http';
import https from 'node:https';
import { trustedCas } from './upstream-socket.js';
import type { UpstreamSettings } from './upstream-config.js';

export interface IncidentFetchLimits {
  /** Incidents asked for per page (`page_size`: the Rust server and this one give at most 100). */
  pageSize: number;
  /** At most this many incidents in all. */
  maxIncidents: number;
  /** At most this many requests, whatever the server's pages. */
  maxPages: number;
  /** Per request: connect plus the whole answer. */
  timeoutMs: number;
  /** Largest answer body accepted (bytes). */
  maxBodyBytes: number;
}

export const DEFAULT_FETCH_LIMITS: IncidentFetchLimits = {
  pageSize: 100, maxIncidents: 2000, maxPages: 20, timeoutMs: 15_000, maxBodyBytes: 32 * 1024 * 1024,
};

/**
 * `fetched`: the raw (not yet validated) incidents; `partial` when a later page failed or the bound cut the list.
 * `unsupported`: the upstream has no usable incidents API (guide-only servers: 404, 426, not JSON...); not worth asking again.
 * `failed`: a network error, timeout or 5xx/429; worth asking again on a later connection.
 */
export type IncidentFetchResult =
  | { kind: 'fetched'; incidents: unknown[]; partial: boolean; pages: number }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'failed'; reason: string };

/** `ws://h:p/ws` → `http://h:p`, `wss://h/x/ws` → `https://h/x`; any other path → the origin. */
export function incidentsBaseUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  const scheme = u.protocol === 'wss:' ? 'https:' : 'http:';
  const prefix = u.pathname.endsWith('/ws') ? u.pathname.slice(0, -'/ws'.length) : '';
  return `${scheme}//${u.host}${prefix}`;
}

type Answer = { status: number; body: unknown; json: boolean };

function getJson(url: URL, settings: UpstreamSettings, limits: IncidentFetchLimits, signal: AbortSignal): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
  const secure = url.protocol === 'https:';
  const ca = secure && settings.caFile ? trustedCas(settings.caFile) : undefined;
  const lib = secure ? https : http;
  return new Promise((resolve, reject) => {
    // Certificate checks stay on (the default); `ca` only widens the trusted roots, as for the WebSocket.
    const req = lib.request(url, { method: 'GET', headers, signal, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        resolve({ status, body: undefined, json: false });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limits.maxBodyBytes) req.destroy(new Error(`answer larger than ${limits.maxBodyBytes} bytes`));
        else chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), json: true });
        } catch (err) {
          resolve({ status, body: (err as Error).message, json: false });
        }
      });
    });
    req.setTimeout(limits.timeoutMs, () => req.destroy(new Error(`no answer within ${limits.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

type PageQuery = { cursor: string } | { page: number } | { offset: number };

/**
 * The next page's query, as the server offers it: `next_cursor` (this server; null: last page); the Rust list's
 * `page`/`page_size` (it ignores `limit`/`offset`); only `total` → by `offset`; null when done.
 */
function nextPage(body: Record<string, unknown>, asked: PageQuery, got: number): PageQuery | null {
  if ('next_cursor' in body) return typeof body.next_cursor === 'string' && body.next_cursor !== '' ? { cursor: body.next_cursor } : null;
  const total = typeof body.total === 'number' ? body.total : null;
  if (total === null || got === 0) return null;
  if (typeof body.page === 'number' && typeof body.page_size === 'number' && body.page_size > 0) {
    return (body.page + 1) * body.page_size < total ? { page: body.page + 1 } : null;
  }
  const offset = 'offset' in asked ? asked.offset : 0;
  return offset + got < total ? { offset: offset + got } : null;
}

const idOf = (item: unknown): string | undefined => (isRecord(item) && typeof item.id === 'string' ? item.id.toLowerCase() : undefined);

/**
 * Fetches `GET /v1/incidents?active_only=true` page by page, within `limits`; never throws. `partial` is true when a
 * bound or a failed page cut the list, or when fewer distinct incidents arrived than the upstream's last `total`.
 */
export async function fetchActiveIncidents(settings: UpstreamSettings, signal: AbortSignal, limits: IncidentFetchLimits = DEFAULT_FETCH_LIMITS): Promise<IncidentFetchResult> {
  const base = incidentsBaseUrl(settings.url);
  const incidents: unknown[] = [];
  const seen = new Set<string>();
  let page: PageQuery | null = { page: 0 };
  let pages = 0;
  let total: number | null = null;
  while (page !== null && pages < limits.maxPages && incidents.length < limits.maxIncidents) {
    const url = new URL(`${base}/v1/incidents`);
    url.searchParams.set('active_only', 'true');
    // One page size throughout: a page number only means the same offset with the same size. The bound is applied at the end.
    if ('offset' in page) {
      url.searchParams.set('limit', String(limits.pageSize));
      url.searchParams.set('offset', String(page.offset));
    } else {
      url.searchParams.set('page_size', String(limits.pageSize));
      if ('cursor' in page) url.searchParams.set('cursor', page.cursor);
      else url.searchParams.set('page', String(page.page));
    }
    let answer: Answer;
    try {
      answer = await getJson(url, settings, limits, signal);
    } catch (err) {
      const reason = (err as Error).message;
      return pages === 0 ? { kind: 'failed', reason } : { kind: 'fetched', incidents, partial: true, pages };
    }
    pages += 1;
    const list = Array.isArray(answer.body) ? answer.body : isRecord(answer.body) && Array.isArray(answer.body.incidents) ? answer.body.incidents : null;
    if (answer.status !== 200 || list === null) {
      if (pages > 1) return { kind: 'fetched', incidents, partial: true, pages: pages - 1 };
      if (answer.status !== 200) {
        const reason = `GET /v1/incidents answered HTTP ${answer.status}`;
        return retryable(answer.status) ? { kind: 'failed', reason } : { kind: 'unsupported', reason };
      }
      return { kind: 'unsupported', reason: answer.json ? 'GET /v1/incidents answered without an incidents list' : 'GET /v1/incidents did not answer JSON' };
    }
    // A list that shifts between pages may repeat an incident: each is kept once.
    for (const item of list) {
      const id = idOf(item);
      if (id !== undefined && seen.has(id)) continue;
      if (id !== undefined) seen.add(id);
      incidents.push(item);
    }
    if (isRecord(answer.body) && typeof answer.body.total === 'number') total = answer.body.total;
    page = isRecord(answer.body) ? nextPage(answer.body, page, list.length) : null;
  }
  const partial = page !== null || incidents.length > limits.maxIncidents || (total !== null && incidents.length < total);
  return { kind: 'fetched', incidents: incidents.slice(0, limits.maxIncidents), partial, pages };
}

/** One incident by id: `found` with the raw (unvalidated) body, `missing` on 404, `failed` otherwise; never throws. */
export type OneIncidentResult = { kind: 'found'; incident: unknown } | { kind: 'missing' } | { kind: 'failed'; reason: string };

/** `GET /v1/incidents/:id` on the upstream (the relay's reconcile). */
export async function fetchIncident(settings: UpstreamSettings, id: string, signal: AbortSignal, limits: IncidentFetchLimits = DEFAULT_FETCH_LIMITS): Promise<OneIncidentResult> {
  const url = new URL(`${incidentsBaseUrl(settings.url)}/v1/incidents/${encodeURIComponent(id)}`);
  try {
    const answer = await getJson(url, settings, limits, signal);
    if (answer.status === 404) return { kind: 'missing' };
    if (answer.status !== 200 || !answer.json) return { kind: 'failed', reason: `GET /v1/incidents/${id} answered HTTP ${answer.status}` };
    return { kind: 'found', incident: answer.body };
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
}
