// Server addresses in any printed form (http://h:p, ws://h:p/ws, h:p) and connection errors that name the address.
import { UsageError } from './args.js';

/** Normalises a --url value to the HTTP base (`http://host:port[/prefix]`), or throws a usage error. */
export function normalizeServerUrl(raw: string): string {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--url: "${raw}" is not a server address; use http://HOST:PORT or ws://HOST:PORT/ws`);
  }
  const scheme = { 'http:': 'http:', 'ws:': 'http:', 'https:': 'https:', 'wss:': 'https:' }[url.protocol];
  if (!scheme || !url.hostname) throw new UsageError(`--url: "${raw}" is not a server address; use http://HOST:PORT or ws://HOST:PORT/ws`);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/ws$/, '');
  return `${scheme}//${url.host}${path}`;
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is `incident-relay serve` running on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** The system error code of a failed fetch or socket, looking through `cause`. */
function errorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** "cannot connect to URL: cause" for a network failure (with the error's own words when the code is unknown). */
export function connectError(url: string, err: unknown): Error {
  const code = errorCode(err);
  const cause = code ? (CAUSES[code] ?? code) : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
  return new Error(`cannot connect to ${url}: ${cause}`);
}
