// The HTTP(S) listener: plain http on loopback by default, https/wss from `tls_cert_file` + `tls_key_file`, with timeouts.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AppConfig } from '../config/schema.js';
import { isLoopbackHost } from '../http/browser-safety.js';
import type { Logger } from '../telemetry/logger.js';

export interface Listener {
  server: Server;
  scheme: 'http' | 'https';
}

/** Largest request head (bytes); Node's default, stated so it cannot drift. */
const MAX_HEADER_BYTES = 16 * 1024;
/** A whole request (head and body) must arrive within this (ms). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections are closed after this (ms). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${key}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Throws, naming the keys, when only one of the two TLS files is set. */
export function tlsFiles(config: AppConfig): { cert: string; key: string } | null {
  const { tls_cert_file: cert, tls_key_file: key } = config;
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined || key === undefined) throw new Error('tls_cert_file and tls_key_file must be given together');
  return { cert, key };
}

/** Creates (does not bind) the server; certificate errors stop start-up with the file named. */
export function createListener(config: AppConfig, onRequest: (req: IncomingMessage, res: ServerResponse) => void): Listener {
  const timeouts = {
    maxHeaderSize: MAX_HEADER_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    headersTimeout: Math.min(config.handshake_timeout_ms, REQUEST_TIMEOUT_MS),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  };
  const files = tlsFiles(config);
  if (!files) return { server: createHttpServer(timeouts, onRequest), scheme: 'http' };
  const cert = readPem(files.cert, 'tls_cert_file');
  const key = readPem(files.key, 'tls_key_file');
  try {
    const server = createHttpsServer({ ...timeouts, cert, key, minVersion: 'TLSv1.2', handshakeTimeout: config.handshake_timeout_ms }, onRequest);
    return { server, scheme: 'https' };
  } catch (err) {
    throw new Error(`tls_cert_file/tls_key_file: not a usable certificate and key: ${(err as Error).message}`);
  }
}

/**
 * Refuses a non-loopback bind without auth unless `insecure` is set, and warns about what stays exposed:
 * with `insecure`, reads need no token; without TLS, tokens and events cross the network in clear text.
 */
export function checkBindPolicy(config: AppConfig, state: { authConfigured: boolean; tls: boolean }, logger: Logger): void {
  if (isLoopbackHost(config.host)) return;
  if (!state.authConfigured && !config.insecure) {
    throw new Error(`refusing to bind ${config.host}: a non-loopback address needs auth configured (publish token, api_tokens or jwt_*) or --insecure`);
  }
  if (config.insecure) logger.warn('--insecure: serving a non-loopback address; the stream and /metrics are open without a token', { host: config.host });
  if (!state.tls) logger.warn('serving a non-loopback address without TLS: tokens and events cross the network unencrypted (set tls_cert_file and tls_key_file)', { host: config.host });
}
