// Where a client command connects and with which token: flags, then environment, then the local token file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir, PUBLISH_TOKEN_FILE } from '../server/index.js';
import { flagString, type ParsedArgs } from './args.js';
import { connectError, normalizeServerUrl } from './server-address.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** The server's HTTP base from --url, INCIDENT_RELAY_URL or the default; ws:// and a trailing /ws are accepted. */
export function serverUrl(args: ParsedArgs): string {
  return normalizeServerUrl(flagString(args, 'url') ?? process.env.INCIDENT_RELAY_URL ?? DEFAULT_URL);
}

/** The publish token: --token, INCIDENT_RELAY_PUBLISH_TOKEN, or `<data dir>/publish-token`. */
export function publishToken(args: ParsedArgs): string | undefined {
  const t = flagString(args, 'token') ?? process.env.INCIDENT_RELAY_PUBLISH_TOKEN;
  if (t) return t;
  const dir = flagString(args, 'data_dir') ?? process.env.INCIDENT_RELAY_DATA_DIR ?? defaultDataDir();
  try {
    return readFileSync(join(dir, PUBLISH_TOKEN_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** POSTs JSON events; returns the message ids or throws with the server's error. */
export async function postEvents(url: string, token: string | undefined, body: unknown): Promise<string[]> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).catch((err: unknown) => {
    throw connectError(url, err);
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`publish to ${url} failed: HTTP ${res.status} ${text}`);
  return (JSON.parse(text) as { message_ids: string[] }).message_ids;
}
