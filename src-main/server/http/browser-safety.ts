// Browser safety (PROTOCOL.md section 7): Host allowlist against DNS rebinding, Origin allowlist against cross-site use.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for loopback bind addresses (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Splits a Host header into its name (brackets kept for IPv6) and port; undefined when malformed. */
export function parseHostHeader(value: string): { name: string; port: string | undefined } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), port: m[2] };
}

export interface BrowserSafetyPolicy {
  /** Extra exact host names (no port) accepted in Host. */
  allowedHosts: readonly string[];
  /** Extra exact origins (scheme://host[:port]) accepted in Origin. */
  allowedOrigins: readonly string[];
}

export type SafetyVerdict = { ok: true } | { ok: false; reason: string };

/** Host must name a loopback name/address or a configured host, any port. */
export function checkHost(req: IncomingMessage, policy: BrowserSafetyPolicy): SafetyVerdict {
  const raw = req.headers.host;
  if (!raw) return { ok: false, reason: 'missing Host header' };
  const h = parseHostHeader(raw);
  if (!h) return { ok: false, reason: 'malformed Host header' };
  if (LOOPBACK_NAMES.has(h.name) || isLoopbackHost(h.name)) return { ok: true };
  if (policy.allowedHosts.some((a) => a.toLowerCase() === h.name)) return { ok: true };
  return { ok: false, reason: 'Host is not an allowed name (DNS rebinding protection)' };
}

/** The port a URL or Host header means, with the scheme's default filled in. */
function effectivePort(port: string | undefined, scheme: string): string {
  return port !== undefined && port !== '' ? port : scheme === 'https:' ? '443' : '80';
}

/**
 * No Origin passes (not a browser); otherwise only the server's own origin (any loopback name on the port the request
 * reached, or the request's own configured host) or a configured origin (PROTOCOL 1.1 section 7). A page served by
 * another local program (another port) is refused: any local dev server or tool could otherwise read every incident.
 */
export function checkOrigin(req: IncomingMessage, policy: BrowserSafetyPolicy): SafetyVerdict {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  if (policy.allowedOrigins.includes(origin)) return { ok: true };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: 'Origin is not allowed' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) return { ok: false, reason: 'Origin is not allowed' };
  const host = req.headers.host ? parseHostHeader(req.headers.host) : undefined;
  if (!host) return { ok: false, reason: 'Origin is not allowed' };
  const samePort = effectivePort(url.port, url.protocol) === effectivePort(host.port, url.protocol);
  const loopbackOrigin = LOOPBACK_NAMES.has(url.hostname) || isLoopbackHost(url.hostname);
  if (samePort && loopbackOrigin) return { ok: true };
  if (samePort && url.hostname === host.name && policy.allowedHosts.includes(host.name)) return { ok: true };
  return {
    ok: false,
    reason: loopbackOrigin
      ? 'Origin is another local program (another port); add it to allowed_origins to admit it'
      : 'Origin is not allowed (cross-site request)',
  };
}

/** Both checks; the first refusal wins. */
export function checkBrowserSafety(req: IncomingMessage, policy: BrowserSafetyPolicy): SafetyVerdict {
  const h = checkHost(req, policy);
  return h.ok ? checkOrigin(req, policy) : h;
}
