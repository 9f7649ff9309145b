// An in-memory Bridge for component and store tests: implements the port, validates requests like the server, records calls.
import {
  BRIDGE_CHANNELS, BRIDGE_PUSHES, BridgeError, DEFAULT_SETTINGS,
  type Bridge, type ChannelName, type ConnectionStatus, type FeedEvent, type IncidentSummary, type ParsedRequestOf,
  type PushListener, type PushName, type PushOf, type RequestOf, type ServerStats, type ServerStatus, type Settings,
  type UiSubscription, type Upstream, type WhyRecordView, type EscalationView,
} from '../../../src-shared/bridge/index.js';
import { describeIssues, eventIncidentId, normalizeFilters } from '../../../src-shared/protocol/index.js';
import { at } from './factories.js';

const CONNECTED: ConnectionStatus = { state: 'connected', attempt: 0, retryAt: null, detail: null };

export class FakeBridge implements Bridge {
  incidents: Bridge['incidents'];
  subscriptions: Bridge['subscriptions'];
  events: Bridge['events'];
  settings: Bridge['settings'];
  notifications: Bridge['notifications'];
  escalation: Bridge['escalation'];
  upstreams: Bridge['upstreams'];
  server: Bridge['server'];
  token: Bridge['token'];

  /** Every call made, in order, with its request as sent. */
  readonly calls: { channel: ChannelName; request: unknown }[] = [];
  readonly data = {
    incidents: new Map<string, IncidentSummary>(),
    timelines: new Map<string, FeedEvent[]>(),
    subscriptions: [] as UiSubscription[],
    events: [] as FeedEvent[],
    settings: structuredClone(DEFAULT_SETTINGS) as Settings,
    upstreams: [] as Upstream[],
    /** The escalation settings (the fake keeps no secrets: it only records which targets got one). */
    escalation: { enabled: false, source: 'none', escalation: null, secrets: [] } as EscalationView,
    /** Notification decisions by incident id, for `notifications:why`. */
    why: new Map<string, WhyRecordView[]>(),
    token: 'publish-token-0123456789abcdef',
    /** The desktop's read-only token, returned with the publish token when set. */
    readToken: undefined as string | undefined,
    status: { address: 'http://127.0.0.1:8080', version: '0.1.0', startedAt: at(0), authRequired: false } as ServerStatus,
    stats: { connectedClients: 3, activeSubscriptions: 4, eventsPublished: 42, deliveries: 120, eventsPerMinute: [1, 4, 2, 8], activeIncidents: 0 } as ServerStats,
  };
  private readonly failures = new Map<ChannelName, BridgeError>();
  private readonly holds = new Map<ChannelName, Promise<void>>();
  private readonly listeners = new Map<PushName, Set<(p: unknown) => void>>();
  private readonly connectionListeners = new Set<(s: ConnectionStatus) => void>();
  private status: ConnectionStatus = CONNECTED;
  private nextId = 1;

  constructor() {
    const d = this.data;
    this.incidents = {
      list: async (r) => this.handle('incidents:list', r, (q) => ({
        incidents: [...d.incidents.values()].filter((s) => q.includeResolved || !['Resolved', 'Closed'].includes(s.incident.state)),
      })),
      get: async (r) => this.handle('incidents:get', r, (q) => ({ summary: this.incident(q.id), timeline: d.timelines.get(q.id) ?? [] })),
      acknowledge: async (r) => this.handle('incidents:acknowledge', r, (q) => this.patchIncident(q.id, { acknowledgedAt: at(100), acknowledgedBy: 'tester' })),
      snooze: async (r) => this.handle('incidents:snooze', r, (q) => this.patchIncident(q.id, { snoozedUntil: at(100 + q.minutes * 60) })),
      unacknowledge: async (r) => this.handle('incidents:unacknowledge', r, (q) => this.patchIncident(q.id, { acknowledgedAt: null, acknowledgedBy: null })),
      assign: async (r) => this.handle('incidents:assign', r, (q) => this.patchIncident(q.id, { incident: { ...this.incident(q.id).incident, assignees: q.assignees } })),
      comment: async (r) => this.handle('incidents:comment', r, (q) => this.incident(q.id)),
      resolve: async (r) => this.handle('incidents:resolve', r, (q) => {
        const s = this.incident(q.id);
        return this.patchIncident(q.id, { incident: { ...s.incident, state: 'Resolved', resolution: q.note ? { notes: q.note } : null } });
      }),
    };
    this.subscriptions = {
      list: async (r) => this.handle('subscriptions:list', r, () => ({ subscriptions: d.subscriptions })),
      create: async (r) => this.handle('subscriptions:create', r, (q) => {
        const sub: UiSubscription = { id: `sub-${this.nextId++}`, name: q.name, filters: normalizeFilters(q.filters) as UiSubscription['filters'], notify: q.notify, matchedCount: 0, createdAt: at(1), updatedAt: at(1) };
        d.subscriptions = [...d.subscriptions, sub];
        return sub;
      }),
      update: async (r) => this.handle('subscriptions:update', r, (q) => {
        const cur = d.subscriptions.find((s) => s.id === q.id);
        if (!cur) throw new BridgeError('not_found', `no subscription ${q.id}`);
        const next: UiSubscription = {
          ...cur, ...(q.name !== undefined ? { name: q.name } : {}), ...(q.notify !== undefined ? { notify: q.notify } : {}),
          ...(q.filters ? { filters: normalizeFilters(q.filters) as UiSubscription['filters'] } : {}),
        };
        d.subscriptions = d.subscriptions.map((s) => (s.id === q.id ? next : s));
        return next;
      }),
      delete: async (r) => this.handle('subscriptions:delete', r, (q) => {
        d.subscriptions = d.subscriptions.filter((s) => s.id !== q.id);
        return { ok: true as const };
      }),
    };
    this.events = {
      recent: async (r) => this.handle('events:recent', r, (q) => {
        const after = q.afterMessageId ? d.events.findIndex((e) => e.messageId === q.afterMessageId) : -1;
        const gap = Boolean(q.afterMessageId) && after < 0;
        return { events: d.events.slice(after + 1).slice(-q.limit), gap };
      }),
    };
    this.settings = {
      get: async (r) => this.handle('settings:get', r, () => d.settings),
      update: async (r) => this.handle('settings:update', r, (q) => (d.settings = q)),
    };
    this.notifications = {
      test: async (r) => this.handle('notifications:test', r, () => ({ delivered: true, detail: 'shown by the fake' })),
      why: async (r) => this.handle('notifications:why', r, (q) => ({ id: q.id, notifications: 'on' as const, decisions: d.why.get(q.id) ?? [] })),
    };
    this.escalation = {
      get: async (r) => this.handle('escalation:get', r, () => d.escalation),
      save: async (r) => this.handle('escalation:save', r, (q) => (d.escalation = {
        enabled: q.enabled, source: 'settings', escalation: q.escalation,
        secrets: q.escalation.targets.map((t) => ({ target: t.name, source: q.secrets[t.name] ? 'settings' : 'none', storage: q.secrets[t.name] ? 'file' : null })),
      })),
      secret: async (r) => this.handle('escalation:secret', r, (q) => (d.escalation = {
        ...d.escalation, secrets: d.escalation.secrets.map((s) => (s.target === q.target ? { ...s, source: 'settings', storage: 'file' } : s)),
      })),
      test: async (r) => this.handle('escalation:test', r, (q) => ({ delivered: true, detail: `answered 200 (fake ${q.target})` })),
    };
    this.upstreams = {
      list: async (r) => this.handle('upstreams:list', r, () => ({ upstreams: d.upstreams })),
      add: async (r) => this.handle('upstreams:add', r, (q) => {
        const u: Upstream = {
          id: `up-${this.nextId++}`, name: q.name, url: q.url, enabled: q.enabled, hasToken: Boolean(q.token),
          filters: normalizeFilters(q.filters) as Upstream['filters'], state: q.enabled ? 'connecting' : 'disabled',
          lastError: null, nextRetryAt: null, replaySupported: null, connectedSince: null, lastMessageId: null, eventsReceived: 0,
        };
        d.upstreams = [...d.upstreams, u];
        return u;
      }),
      update: async (r) => this.handle('upstreams:update', r, (q) => {
        const cur = d.upstreams.find((u) => u.id === q.id);
        if (!cur) throw new BridgeError('not_found', `no upstream ${q.id}`);
        const next: Upstream = { ...cur, name: q.name ?? cur.name, url: q.url ?? cur.url, enabled: q.enabled ?? cur.enabled };
        d.upstreams = d.upstreams.map((u) => (u.id === q.id ? next : u));
        return next;
      }),
      remove: async (r) => this.handle('upstreams:remove', r, (q) => {
        d.upstreams = d.upstreams.filter((u) => u.id !== q.id);
        return { ok: true as const };
      }),
    };
    this.server = {
      status: async (r) => this.handle('server:status', r, () => d.status),
      stats: async (r) => this.handle('server:stats', r, () => d.stats),
    };
    this.token = {
      reveal: async (r) => this.handle('token:reveal', r, () => ({ token: d.token, ...(d.readToken ? { readToken: d.readToken } : {}) })),
      rotate: async (r) => this.handle('token:rotate', r, () => ({ token: (d.token = `rotated-token-${this.nextId++}`) })),
    };
  }

  on<E extends PushName>(event: E, listener: PushListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  connection(): ConnectionStatus {
    return this.status;
  }

  onConnection(listener: (status: ConnectionStatus) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Pushes an event to the UI; the payload must satisfy the contract. */
  emit<E extends PushName>(event: E, payload: PushOf<E>): void {
    BRIDGE_PUSHES[event].parse(payload);
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload);
  }

  /** Publishes like the server: each event joins the journal and its incident's timeline, then is pushed to the UI. */
  publish(events: FeedEvent[]): void {
    for (const fe of events) {
      this.data.events.push(fe);
      const id = eventIncidentId(fe.event);
      if (id !== undefined) this.data.timelines.set(id, [...(this.data.timelines.get(id) ?? []), fe]);
    }
    this.emit('push:events', { events });
  }

  setConnection(status: Partial<ConnectionStatus> & Pick<ConnectionStatus, 'state'>): void {
    this.status = { ...CONNECTED, ...status };
    for (const l of [...this.connectionListeners]) l(this.status);
  }

  /** The next call on `channel` fails with this error. */
  failNext(channel: ChannelName, error: BridgeError): void {
    this.failures.set(channel, error);
  }

  /**
   * The next call on `channel` is answered at once, as the server would answer it then, but the answer is delivered only
   * when the returned function is called: pushes emitted meanwhile reach the UI before it.
   */
  holdNext(channel: ChannelName): () => void {
    let release!: () => void;
    this.holds.set(channel, new Promise<void>((resolve) => { release = resolve; }));
    return release;
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }

  addIncident(summary: IncidentSummary, timeline: FeedEvent[] = []): void {
    this.data.incidents.set(summary.incident.id.toLowerCase(), summary);
    this.data.timelines.set(summary.incident.id.toLowerCase(), timeline);
  }

  private async handle<C extends ChannelName, R>(channel: C, request: RequestOf<C> | undefined, run: (req: ParsedRequestOf<C>) => R): Promise<R> {
    this.calls.push({ channel, request });
    await Promise.resolve();
    const failure = this.failures.get(channel);
    if (failure) {
      this.failures.delete(channel);
      throw failure;
    }
    const parsed = BRIDGE_CHANNELS[channel].request.safeParse(request ?? {});
    if (!parsed.success) throw new BridgeError('invalid_message', describeIssues(parsed.error.issues));
    const answer = run(parsed.data as ParsedRequestOf<C>);
    const hold = this.holds.get(channel);
    if (hold) {
      this.holds.delete(channel);
      await hold;
    }
    return answer;
  }

  private incident(id: string): IncidentSummary {
    const s = this.data.incidents.get(id.toLowerCase());
    if (!s) throw new BridgeError('not_found', `no incident ${id}`);
    return s;
  }

  private patchIncident(id: string, patch: Partial<IncidentSummary>): IncidentSummary {
    const next = { ...this.incident(id), ...patch };
    this.data.incidents.set(id.toLowerCase(), next);
    return next;
  }
}
