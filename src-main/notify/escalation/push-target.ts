// The port every push target implements (ntfy, Gotify, webhook), the page it delivers, and the shared HTTP send.
import type { Severity } from '../../../src-shared/protocol/index.js';

/** What one escalation step sends about one incident. */
export interface EscalationPage {
  incidentId: string;
  title: string;
  severity: Severity;
  state: string;
  /** The first affected resource (service), when known. */
  service?: string;
  labels: Readonly<Record<string, string>>;
  createdAt: string;
  /** 1 for the first step. */
  step: number;
  /** Where a tap opens the incident (the server's public URL), when one is configured. */
  openUrl?: string;
  /** The Acknowledge button's request (PROTOCOL 1.1 acknowledge), when a public URL and a respond token are configured. */
  acknowledge?: { url: string; token: string; actor: string };
  /** A test page from the settings ("Send test page"): says so instead of the escalation step. */
  test?: true;
}

/** What a target answered to a page it took: the HTTP status and the start of its body. */
export interface PushAnswer {
  status: number;
  body: string;
}

export interface PushTarget {
  readonly name: string;
  readonly kind: 'ntfy' | 'gotify' | 'webhook';
  /** Who carries the device (the Acknowledge button records them as the actor). */
  readonly person?: string;
  /** Delivers one page; rejects with a `PushFailure` naming the cause when the target did not take it. */
  send(page: EscalationPage): Promise<PushAnswer | void>;
}

/** A target that did not take a page: its HTTP status (absent when it could not be reached) and why. */
export class PushFailure extends Error {
  constructor(readonly target: string, message: string, readonly status?: number) {
    super(message);
    this.name = 'PushFailure';
  }
}

/** Per-request time limit: a target that hangs counts as failed and is retried. */
export const PUSH_TIMEOUT_MS = 10_000;

const answerText = async (res: Response): Promise<string> => (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();

/** POSTs `body`; resolves on 2xx with the answer, otherwise rejects with the status and the start of the answer. */
export async function postJson(target: string, url: string, body: string, headers: Record<string, string>): Promise<PushAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new PushFailure(target, `cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const text = await answerText(res);
  if (res.ok) return { status: res.status, body: text };
  throw new PushFailure(target, `${new URL(url).origin} answered ${res.status}${text ? `: ${text}` : ''}`, res.status);
}

/** "P0 · checkout: Primary DB down" — the same title shape as the desktop notifications. */
export const pageTitle = (p: EscalationPage): string => `${p.severity} · ${p.service ? `${p.service}: ` : ''}${p.title}`;

/** The body lines: state, age, labels, and which step this is. */
export function pageBody(p: EscalationPage, now: number): string {
  if (p.test) return 'A test page from the Incident Relay escalation settings: this target works.';
  const mins = Math.max(0, Math.round((now - Date.parse(p.createdAt)) / 60_000));
  const labels = Object.entries(p.labels).filter(([k]) => k === 'team' || k === 'env' || k === 'environment').map(([k, v]) => `${k}=${v}`).join(' ');
  return [`Unacknowledged for ${mins} min (${p.state}); escalation step ${p.step}.`, labels].filter(Boolean).join('\n');
}
