// What `tail` knows about each incident (title, severity, service, state): from the events it saw, else one GET /v1/incidents/:id.
import type { Incident } from '../../../src-shared/protocol/index.js';

export interface IncidentInfo {
  title: string;
  severity: string;
  service: string;
  state: string;
}

/** The service an incident is about: its `service` label, else its first affected resource, else its source. */
export function serviceOf(labels: Record<string, string>, resources: readonly string[], source: string): string {
  return labels['service'] ?? resources[0] ?? source;
}

export const infoOf = (i: Incident): IncidentInfo => ({
  title: i.title, severity: i.severity, state: i.state, service: serviceOf(i.labels, i.affected_resources, i.source),
});

export interface IncidentContextOptions {
  /** GETs one incident; resolves undefined when the server does not know it or cannot be asked. */
  fetchIncident: (id: string) => Promise<Incident | undefined>;
  /** Incidents remembered at most (oldest forgotten first). */
  maxEntries?: number;
}

/**
 * A bounded cache of incident context. An id it has not seen is fetched once; a failed or unknown fetch is remembered
 * too, so a stream of comments on a foreign incident never turns into a stream of requests.
 */
export class IncidentContext {
  /** null: asked the server, which does not know it (or could not answer). */
  private readonly known = new Map<string, IncidentInfo | null>();
  private readonly pending = new Map<string, Promise<IncidentInfo | undefined>>();
  private readonly maxEntries: number;

  constructor(private readonly opts: IncidentContextOptions) {
    this.maxEntries = opts.maxEntries ?? 5000;
  }

  /** Records what an event says about an incident (the newest wins). */
  remember(id: string, info: IncidentInfo): void {
    this.store(id, info);
  }

  private store(id: string, info: IncidentInfo | null): void {
    this.known.delete(id);
    this.known.set(id, info);
    while (this.known.size > this.maxEntries) this.known.delete(this.known.keys().next().value!);
  }

  /** Changes one field of a known incident (an escalation's new severity). */
  update(id: string, change: Partial<IncidentInfo>): void {
    const info = this.known.get(id);
    if (info) this.remember(id, { ...info, ...change });
  }

  /** The incident's context, fetching it at most once; undefined when the server does not know it. */
  async lookup(id: string): Promise<IncidentInfo | undefined> {
    if (this.known.has(id)) return this.known.get(id) ?? undefined;
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const request = this.opts.fetchIncident(id).then((inc) => {
      this.pending.delete(id);
      // An event seen while the request was out is newer than the answer.
      if (!this.known.get(id)) this.store(id, inc ? infoOf(inc) : null);
      return this.known.get(id) ?? undefined;
    });
    this.pending.set(id, request);
    return request;
  }

  /** Entries held (for tests of the bound). */
  get size(): number {
    return this.known.size;
  }
}

/** `GET {base}/v1/incidents/:id` with a deadline; undefined on any failure (the line is then printed with the id only). */
export function incidentFetcher(baseUrl: string, token: string | undefined, timeoutMs = 3000): (id: string) => Promise<Incident | undefined> {
  return async (id) => {
    try {
      const res = await fetch(`${baseUrl}/v1/incidents/${encodeURIComponent(id)}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200) return undefined;
      const inc = (await res.json()) as Partial<Incident>;
      return typeof inc.title === 'string' && typeof inc.severity === 'string' ? (inc as Incident) : undefined;
    } catch {
      return undefined;
    }
  };
}
