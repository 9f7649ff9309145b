// ntfy push target: its JSON publish API (POST to the server root), priority 5 for P0 / 4 for P1, an Acknowledge button.
import { pageBody, pageTitle, postJson, type EscalationPage, type PushTarget } from './push-target.js';

export interface NtfyTargetOptions {
  name: string;
  person?: string;
  url: string;
  topic: string;
  token?: string;
  now?: () => number;
}

const PRIORITY: Readonly<Record<string, number>> = { P0: 5, P1: 4, P2: 3, P3: 2, P4: 1 };

/** The JSON body of https://docs.ntfy.sh/publish/#publish-as-json for one page. */
export function ntfyMessage(topic: string, page: EscalationPage, now: number): Record<string, unknown> {
  const actions: Record<string, unknown>[] = [];
  if (page.acknowledge) {
    actions.push({
      action: 'http', label: 'Acknowledge', url: page.acknowledge.url, method: 'POST', clear: true,
      headers: { Authorization: `Bearer ${page.acknowledge.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ actor: page.acknowledge.actor }),
    });
  }
  if (page.openUrl) actions.push({ action: 'view', label: 'Open', url: page.openUrl });
  return {
    topic, title: pageTitle(page), message: pageBody(page, now), priority: PRIORITY[page.severity] ?? 3,
    tags: [page.severity === 'P0' ? 'rotating_light' : 'warning', page.severity],
    ...(page.openUrl ? { click: page.openUrl } : {}),
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export function createNtfyTarget(o: NtfyTargetOptions): PushTarget {
  const now = o.now ?? Date.now;
  const root = o.url.replace(/\/+$/, '') + '/';
  return {
    name: o.name,
    kind: 'ntfy',
    ...(o.person ? { person: o.person } : {}),
    send: (page) => postJson(o.name, root, JSON.stringify(ntfyMessage(o.topic, page, now())), o.token ? { authorization: `Bearer ${o.token}` } : {}),
  };
}
