// Incidents store: every known incident by id, board selection, the open detail with its timeline, and the actions.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, FeedEvent, IncidentSummary } from '../../src-shared/bridge/index.js';
import { eventIncidentId } from '../../src-shared/protocol/index.js';
import { boardIncidents } from '../lib/board.js';
import { groupBoard, visibleRows, type GroupBy } from '../lib/board-groups.js';
import { readPref, writePref } from '../lib/prefs.js';
import { errorText } from './errors.js';

export type IncidentAction = 'acknowledge' | 'snooze' | 'resolve' | 'unacknowledge' | 'assign' | 'comment';

export interface IncidentDetailState {
  id: string;
  status: 'loading' | 'ready' | 'error';
  timeline: FeedEvent[];
  error: string | null;
}

export interface IncidentsState {
  /** Keyed by lower-case incident id. */
  byId: Record<string, IncidentSummary>;
  loaded: boolean;
  loadError: string | null;
  showResolved: boolean;
  query: string;
  /** Within a severity, newest first (default: oldest first, so the longest-waiting incident stays on top); remembered. */
  newestFirst: boolean;
  /** `''`, `'title'` or `'label:<key>'`; remembered. */
  groupBy: GroupBy;
  /** Only incidents from this upstream name (or LOCAL_ORIGIN); null for all. */
  origin: string | null;
  /** Keys of the groups opened to show their incidents (a group of several starts closed, as one line with its count). */
  expandedGroups: readonly string[];
  selectedId: string | null;
  detail: IncidentDetailState | null;
  actionError: string | null;
  load(): Promise<void>;
  upsert(list: readonly IncidentSummary[]): void;
  setShowResolved(show: boolean): Promise<void>;
  setQuery(query: string): void;
  setNewestFirst(newestFirst: boolean): void;
  setGroupBy(groupBy: GroupBy): void;
  setOrigin(origin: string | null): void;
  toggleGroup(key: string): void;
  select(id: string | null): void;
  /** Moves the selection by `delta` rows in board order (j/k). */
  moveSelection(delta: number): void;
  open(id: string): Promise<void>;
  close(): void;
  /** Adds pushed events about the open incident to its timeline. */
  appendTimeline(events: readonly FeedEvent[]): void;
  acknowledge(id: string): Promise<boolean>;
  snooze(id: string, minutes: number): Promise<boolean>;
  resolve(id: string, note?: string): Promise<boolean>;
  unacknowledge(id: string): Promise<boolean>;
  assign(id: string, assignees: string[]): Promise<boolean>;
  comment(id: string, comment: string): Promise<boolean>;
}

export type IncidentsStore = StoreApi<IncidentsState>;

const key = (id: string): string => id.toLowerCase();
const isOrder = (v: string): v is 'newest' | 'oldest' => v === 'newest' || v === 'oldest';
const anyText = (v: string): v is string => v === '' || v === 'title' || /^label:.+/.test(v);

/** The board's incidents in the order it shows them (grouped when grouping is on), as j/k walks them. */
export function boardOrder(s: Pick<IncidentsState, 'byId' | 'showResolved' | 'query' | 'newestFirst' | 'origin' | 'groupBy' | 'expandedGroups'>): IncidentSummary[] {
  const rows = boardIncidents(s.byId, { showResolved: s.showResolved, query: s.query, newestFirst: s.newestFirst, origin: s.origin });
  return s.groupBy === '' ? rows : visibleRows(groupBoard(rows, s.groupBy), s.expandedGroups);
}

/** `timeline` followed by those of `events` about incident `id` that it does not hold yet, in the order they came. */
function withNewEvents(id: string, timeline: FeedEvent[], events: readonly FeedEvent[]): FeedEvent[] {
  const mine = events.filter((fe) => eventIncidentId(fe.event) === id);
  if (mine.length === 0) return timeline;
  const known = new Set(timeline.map((fe) => fe.messageId));
  const fresh: FeedEvent[] = [];
  for (const fe of mine) {
    if (known.has(fe.messageId)) continue;
    known.add(fe.messageId);
    fresh.push(fe);
  }
  return fresh.length === 0 ? timeline : [...timeline, ...fresh];
}

export function createIncidentsStore(bridge: Bridge): IncidentsStore {
  return createStore<IncidentsState>()((set, get) => {
    /** Events about the incident being opened that were pushed while its timeline was on its way. */
    let pushedWhileLoading: FeedEvent[] = [];
    /** Counts open() calls: only the latest one's answer is shown, so an older answer cannot overwrite a newer one. */
    let openCount = 0;
    const runAction = async (call: () => Promise<IncidentSummary>): Promise<boolean> => {
      try {
        const summary = await call();
        set({ actionError: null });
        get().upsert([summary]);
        return true;
      } catch (err) {
        set({ actionError: errorText(err) });
        return false;
      }
    };

    return {
      byId: {},
      loaded: false,
      loadError: null,
      showResolved: false,
      query: '',
      newestFirst: readPref('board-order', 'oldest', isOrder) === 'newest',
      groupBy: readPref('board-group-by', '', anyText),
      origin: null,
      expandedGroups: [],
      selectedId: null,
      detail: null,
      actionError: null,

      async load() {
        try {
          const { incidents } = await bridge.incidents.list({ includeResolved: get().showResolved });
          const byId: Record<string, IncidentSummary> = {};
          for (const s of incidents) byId[key(s.incident.id)] = s;
          set({ byId, loaded: true, loadError: null });
        } catch (err) {
          set({ loadError: errorText(err) });
        }
      },
      upsert(list) {
        if (list.length === 0) return;
        const byId = { ...get().byId };
        for (const s of list) byId[key(s.incident.id)] = s;
        set({ byId });
      },
      async setShowResolved(show) {
        set({ showResolved: show });
        await get().load();
      },
      setQuery: (query) => set({ query }),
      setNewestFirst(newestFirst) {
        writePref('board-order', newestFirst ? 'newest' : 'oldest');
        set({ newestFirst });
      },
      setGroupBy(groupBy) {
        writePref('board-group-by', groupBy);
        set({ groupBy, expandedGroups: [] });
      },
      setOrigin: (origin) => set({ origin }),
      toggleGroup(groupKey) {
        const open = get().expandedGroups;
        set({ expandedGroups: open.includes(groupKey) ? open.filter((k) => k !== groupKey) : [...open, groupKey] });
      },
      select: (id) => set({ selectedId: id === null ? null : key(id) }),
      moveSelection(delta) {
        const selectedId = get().selectedId;
        const rows = boardOrder(get());
        if (rows.length === 0) return;
        const at = rows.findIndex((s) => key(s.incident.id) === selectedId);
        const next = at < 0 ? (delta > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + delta));
        set({ selectedId: key(rows[next]!.incident.id) });
      },
      async open(id) {
        const k = key(id);
        const current = ++openCount;
        const stillWanted = (): boolean => current === openCount && get().detail?.id === k;
        pushedWhileLoading = [];
        set({ selectedId: k, detail: { id: k, status: 'loading', timeline: [], error: null } });
        try {
          const { summary, timeline } = await bridge.incidents.get({ id: k });
          if (!stillWanted()) return;
          // Re-sorting the board for an unchanged summary would only slow the opening down.
          if (JSON.stringify(get().byId[k]) !== JSON.stringify(summary)) get().upsert([summary]);
          // The server answered with what it had; events pushed meanwhile may be newer than its answer.
          const complete = withNewEvents(k, timeline, pushedWhileLoading);
          pushedWhileLoading = [];
          set({ detail: { id: k, status: 'ready', timeline: complete, error: null } });
        } catch (err) {
          if (stillWanted()) set({ detail: { id: k, status: 'error', timeline: [], error: errorText(err) } });
        }
      },
      close: () => set({ detail: null }),
      appendTimeline(events) {
        const detail = get().detail;
        if (!detail) return;
        if (detail.status === 'loading') {
          pushedWhileLoading = withNewEvents(detail.id, pushedWhileLoading, events);
          return;
        }
        if (detail.status !== 'ready') return;
        const timeline = withNewEvents(detail.id, detail.timeline, events);
        if (timeline !== detail.timeline) set({ detail: { ...detail, timeline } });
      },
      acknowledge: (id) => runAction(() => bridge.incidents.acknowledge({ id: key(id) })),
      snooze: (id, minutes) => runAction(() => bridge.incidents.snooze({ id: key(id), minutes })),
      resolve: (id, note) => runAction(() => bridge.incidents.resolve(note ? { id: key(id), note } : { id: key(id) })),
      unacknowledge: (id) => runAction(() => bridge.incidents.unacknowledge({ id: key(id) })),
      assign: (id, assignees) => runAction(() => bridge.incidents.assign({ id: key(id), assignees })),
      comment: (id, comment) => runAction(() => bridge.incidents.comment({ id: key(id), comment })),
    };
  });
}
