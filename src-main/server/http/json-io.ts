// JSON request bodies with a size limit, and JSON responses with the protocol's error shape.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../../src-shared/protocol/index.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../transport/json-depth.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode | string, message: string) {
    super(message);
  }
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...SECURITY_HEADERS, ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message, status } }, headers);
}

/** Refuses (415) a body that is not declared `application/json` (a form or text/plain post is never taken as JSON). */
export function requireJsonContentType(req: IncomingMessage): void {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'invalid_message', 'send the body as Content-Type: application/json');
  }
}

/** Reads the whole body, refusing more than `limit` bytes with 413, and parses JSON (400 invalid_json). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new HttpError(413, 'invalid_message', `request body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'invalid_message', `request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  // Invalid UTF-8 would be replaced silently by U+FFFD and stored as if the client had sent it: refuse it instead.
  if (!isUtf8(body)) throw new HttpError(400, 'invalid_json', 'body is not valid UTF-8');
  if (exceedsJsonDepth(body)) throw new HttpError(400, 'invalid_json', `body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    // V8's message quotes the input back; a fixed text never echoes a secret.
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
}
