// GET /v1/incidents query: filters (states, severities, sources, active_only) and page/page_size, limit/offset or cursor paging.
import { z } from 'zod';
import { FILTER_LIMITS, SeveritySchema, StateSchema, parseWith, type Incident } from '../../src-shared/protocol/index.js';
import { HttpError, type IncidentQueryResult } from '../server/index.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** The Rust server's `page_size` default and cap (it clamps larger values to 100, and so does this server). */
export const RUST_DEFAULT_PAGE_SIZE = 20;
export const RUST_MAX_PAGE_SIZE = 100;

const count = z.string().regex(/^\d{1,9}$/, 'must be a non-negative integer').transform(Number);

const ListQuerySchema = z.object({
  states: z.array(StateSchema).max(FILTER_LIMITS.maxValues),
  severities: z.array(SeveritySchema).max(FILTER_LIMITS.maxValues),
  sources: z.array(z.string().max(FILTER_LIMITS.maxStringLength)).max(FILTER_LIMITS.maxValues),
  active_only: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
  limit: count.pipe(z.number().min(1).max(MAX_PAGE_SIZE)).optional(),
  offset: count.optional(),
  cursor: z.string().max(512).optional(),
  page: count.optional(),
  page_size: count.pipe(z.number().min(1)).transform((n) => Math.min(n, RUST_MAX_PAGE_SIZE)).optional(),
}).refine((q) => q.offset === undefined || q.cursor === undefined, { message: 'give either offset or cursor, not both', path: ['cursor'] })
  .refine((q) => q.page === undefined || (q.offset === undefined && q.cursor === undefined), { message: 'give page, offset or cursor, not two of them', path: ['page'] })
  .refine((q) => q.page_size === undefined || q.limit === undefined, { message: 'give either limit or page_size, not both', path: ['page_size'] });

export interface IncidentListQuery {
  states: string[];
  severities: string[];
  sources: string[];
  activeOnly: boolean;
  limit: number;
  offset: number | null;
  /** Position after which the page starts (newest first), from `cursor`. */
  after: { createdMs: number; id: string } | null;
}

/** Every value of a repeated or comma-separated parameter (`states=Detected,Triaged&states=Resolved`). */
const listParam = (p: URLSearchParams, name: string): string[] =>
  p.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

const single = (p: URLSearchParams, name: string): string | undefined => p.get(name) ?? undefined;

export function encodeCursor(i: Incident): string {
  return Buffer.from(JSON.stringify([Date.parse(i.created_at), i.id.toLowerCase()])).toString('base64url');
}

function decodeCursor(cursor: string): { createdMs: number; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string') return { createdMs: v[0], id: v[1] };
  } catch (err) {
    throw new HttpError(400, 'invalid_message', `cursor: not a cursor this server issued (${(err as Error).message})`);
  }
  throw new HttpError(400, 'invalid_message', 'cursor: not a cursor this server issued');
}

/** Parses the query string; 400 naming the parameter on a bad value. */
export function parseListQuery(p: URLSearchParams): IncidentListQuery {
  const r = parseWith(ListQuerySchema, {
    states: listParam(p, 'states'), severities: listParam(p, 'severities'), sources: listParam(p, 'sources'),
    active_only: single(p, 'active_only'), limit: single(p, 'limit'), offset: single(p, 'offset'), cursor: single(p, 'cursor'),
    page: single(p, 'page'), page_size: single(p, 'page_size'),
  });
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  const q = r.value;
  // Rust-style paging (`page` from 0): `page_size` defaults to 20 as there; otherwise `limit` (or `page_size`) defaults to 50.
  const limit = q.limit ?? q.page_size ?? (q.page === undefined ? DEFAULT_PAGE_SIZE : RUST_DEFAULT_PAGE_SIZE);
  const offset = q.page === undefined ? (q.offset ?? 0) : q.page * limit;
  return {
    states: q.states, severities: q.severities, sources: q.sources, activeOnly: q.active_only ?? false,
    limit, offset: q.cursor === undefined ? offset : null,
    after: q.cursor === undefined ? null : decodeCursor(q.cursor),
  };
}

export interface IncidentPage {
  incidents: Incident[];
  /** Incidents matching the filters, on all pages. */
  total: number;
  /** The Rust list's fields: the page number (offset / page_size; 0 on cursor pages) and its size. */
  page: number;
  page_size: number;
  limit: number;
  offset: number | null;
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The response body for a page the store answered (`IncidentStore.query` takes this query as it is). */
export function incidentPage(result: IncidentQueryResult, q: IncidentListQuery): IncidentPage {
  const last = result.incidents[result.incidents.length - 1];
  return {
    incidents: result.incidents, total: result.total, page: Math.floor((q.offset ?? 0) / q.limit), page_size: q.limit, limit: q.limit, offset: q.offset,
    next_cursor: result.more && last ? encodeCursor(last) : null,
  };
}
