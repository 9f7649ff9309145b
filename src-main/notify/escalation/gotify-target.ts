// Gotify push target: POST <url>/message with the application token, priority 10 for P0 / 8 for P1, click URL.
import { pageBody, pageTitle, postJson, type EscalationPage, type PushTarget } from './push-target.js';

export interface GotifyTargetOptions {
  name: string;
  person?: string;
  url: string;
  token: string;
  now?: () => number;
}

/** Gotify priorities run 0–10; its Android app makes 8 and above a heads-up notification with sound. */
const PRIORITY: Readonly<Record<string, number>> = { P0: 10, P1: 8, P2: 5, P3: 3, P4: 1 };

/** The body of Gotify's `POST /message` for one page (the click URL in the `client::notification` extra). */
export function gotifyMessage(page: EscalationPage, now: number): Record<string, unknown> {
  const ack = page.acknowledge ? `\nAcknowledge: POST ${page.acknowledge.url}` : '';
  return {
    title: pageTitle(page), message: pageBody(page, now) + ack, priority: PRIORITY[page.severity] ?? 5,
    ...(page.openUrl ? { extras: { 'client::notification': { click: { url: page.openUrl } } } } : {}),
  };
}

export function createGotifyTarget(o: GotifyTargetOptions): PushTarget {
  const now = o.now ?? Date.now;
  const endpoint = `${o.url.replace(/\/+$/, '')}/message`;
  return {
    name: o.name,
    kind: 'gotify',
    ...(o.person ? { person: o.person } : {}),
    send: (page) => postJson(o.name, endpoint, JSON.stringify(gotifyMessage(page, now())), { 'x-gotify-key': o.token }),
  };
}
