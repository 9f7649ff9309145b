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

/** No Origin passes (not a browser); otherwise loopback http(s) origins, the request's own origin, or a configured one. */
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
  if (LOOPBACK_NAMES.has(url.hostname) || isLoopbackHost(url.hostname)) return { ok: true };
  const host = req.headers.host ? parseHostHeader(req.headers.host) : undefined;
  if (host && url.host.toLowerCase() === req.headers.host!.toLowerCase() && policy.allowedHosts.includes(host.name)) return { ok: true };
  return { ok: false, reason: 'Origin is not allowed (cross-site request)' };
}

/** Both checks; the first refusal wins. */
export function checkBrowserSafety(req: IncomingMessage, policy: BrowserSafetyPolicy): SafetyVerdict {
  const h = checkHost(req, policy);
  return h.ok ? checkOrigin(req, policy) : h;
}
