// What one upstream is: validated settings (URL, name, token, filters, CA file) and the name it is known by.
import { z } from 'zod';
import { FiltersInputSchema, parseWith, type FiltersInput } from '../../src-shared/protocol/index.js';
import { UpstreamConfigSchema } from '../server/index.js';

/** An upstream as the config file, `--upstream` flags or the UI give it (`ca_file` is the relay's addition). */
export const RelayUpstreamInputSchema = UpstreamConfigSchema.extend({
  /** Letters, digits and `._:-/@` only: the name prefixes journaled origins (`<name>|<message_id>`), so no `|`. */
  name: z.string().min(1).max(64).regex(/^[\w.:@/-]+$/, 'letters, digits and . _ : @ / - only').optional(),
  /** PEM file of a CA to trust for this wss:// upstream, besides the system's. */
  ca_file: z.string().min(1).optional(),
});
export type RelayUpstreamInput = z.input<typeof RelayUpstreamInputSchema>;

/** A validated upstream: name always set, filters checked against the protocol. */
export interface UpstreamSettings {
  name: string;
  url: string;
  token?: string;
  filters: FiltersInput;
  caFile?: string;
  /** Prefer the MessagePack subprotocol. */
  msgpack?: boolean;
}

export class UpstreamConfigError extends Error {
  override readonly name = 'UpstreamConfigError';
}

/** `ws://host:port/ws` is known as `host:port`; any other path is kept (`host:port/feed`). */
export function defaultUpstreamName(url: string): string {
  const u = new URL(url);
  const path = u.pathname === '/ws' || u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.host}${path}`.slice(0, 64);
}

/** The URL without user info, for status, logs and /health. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

/** Validates one upstream; the error names the field and the upstream. */
export function parseUpstream(input: unknown): UpstreamSettings {
  const r = parseWith(RelayUpstreamInputSchema, input);
  if (!r.ok) throw new UpstreamConfigError(`invalid upstream: ${r.message}`);
  const c = r.value;
  const name = c.name ?? defaultUpstreamName(c.url);
  const f = parseWith(FiltersInputSchema, c.filters ?? {}, 'filters');
  if (!f.ok) throw new UpstreamConfigError(`invalid upstream "${name}": ${f.message}`);
  return { name, url: c.url, token: c.token, filters: f.value, caFile: c.ca_file, ...(c.msgpack ? { msgpack: true } : {}) };
}
