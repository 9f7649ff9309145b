// The benchmark scenarios of issues 3 and 5: sizes, subscriptions per connection, traffic and expected deliveries.
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import { EVENT_REGION, keyResource, keySource, keyTeam } from './bench-events.js';

export const CORE_SCENARIOS = ['burst', 'selective', 'selective-10x', 'steady', 'compressed', 'idle'] as const;
export const JOURNAL_SCENARIOS = ['journal-publish', 'journal-replay'] as const;
export type ScenarioName = (typeof CORE_SCENARIOS)[number] | (typeof JOURNAL_SCENARIOS)[number];

/** How the load client produces traffic once every connection is subscribed. */
export type Traffic =
  | { kind: 'batches'; events: number; batchSize: number }
  | { kind: 'steady'; ratePerSecond: number; seconds: number }
  | { kind: 'publish-only'; events: number; batchSize: number; inFlight: number }
  | { kind: 'replay'; events: number; batchSize: number }
  | { kind: 'none' };

export interface SubscriptionSpec { subscription_id: string; filters: FiltersInput }

export interface Scenario {
  name: ScenarioName;
  summary: string;
  connections: number;
  /** Server started with permessage-deflate on, and the load client offers it. */
  compression: boolean;
  /** Server started with its durable journal (no `--no-journal`). */
  journal: boolean;
  traffic: Traffic;
  subscriptionsFor(connection: number): SubscriptionSpec[];
  /** Routing key of the i-th published event (selects source, team and resource). */
  eventKey(index: number): number;
  /** Event frames the servers should deliver in total. */
  expectedDeliveries: number;
  /** Events published (and awaited) before the measured phase, so that both servers run JIT-compiled code. */
  warmupEvents: number;
  /** Deliveries the first `events` events of the scenario make. */
  deliveriesFor(events: number): number;
}

/** Routing keys: each selective event matches the 1/KEYS of the matching subscriptions that carry its key. */
export const KEYS = 100;
const WARMUP_EVENTS = 5;
const EVERYTHING: SubscriptionSpec[] = [{ subscription_id: 's', filters: {} }];

/** Five mixed filter shapes, each accepting exactly the events of one routing key. */
function matchingFilters(shape: number, key: number): FiltersInput {
  switch (shape) {
    case 0: return { sources: [keySource(key)] };
    case 1: return { labels: { team: keyTeam(key) } };
    case 2: return { affected_resources: [keyResource(key)] };
    case 3: return { event_types: ['incident_created', 'incident_updated'], severities: ['P1', 'P2'], sources: [keySource(key)] };
    default: return { labels: { team: keyTeam(key), region: EVENT_REGION }, states: ['Detected', 'Triaged'] };
  }
}

const quietUuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Five filter shapes no benchmark event matches; two share one field with the events, as real ones would. */
function quietFilters(shape: number, n: number): FiltersInput {
  switch (shape) {
    case 0: return { sources: [`quiet-svc-${n}`] };
    case 1: return { labels: { team: `quiet-team-${n}` } };
    case 2: return { incident_ids: [quietUuid(n)] };
    case 3: return { event_types: ['comment_added'], sources: [keySource(n % KEYS)] };
    default: return { severities: ['P0'], labels: { team: keyTeam(n % KEYS) } };
  }
}

interface SelectiveSize { connections: number; matching: number; quiet: number; events: number; batchSize: number }

function selective(name: ScenarioName, size: SelectiveSize): Scenario {
  const { connections, matching, quiet } = size;
  const keyOf = (j: number): number => j % KEYS;
  const subscriptionsFor = (c: number): SubscriptionSpec[] => {
    const subs: SubscriptionSpec[] = [];
    for (let s = 0; s < matching; s++) {
      const j = c * matching + s;
      subs.push({ subscription_id: `m${s}`, filters: matchingFilters(Math.floor(j / KEYS) % 5, keyOf(j)) });
    }
    for (let q = 0; q < quiet; q++) {
      const n = c * quiet + q;
      subs.push({ subscription_id: `q${q}`, filters: quietFilters(n % 5, n) });
    }
    return subs;
  };
  // Sessions holding at least one subscription of each key: the deliveries one event of that key makes.
  const sessionsPerKey = new Array<number>(KEYS).fill(0);
  for (let c = 0; c < connections; c++) {
    const keys = new Set<number>();
    for (let s = 0; s < matching; s++) keys.add(keyOf(c * matching + s));
    for (const k of keys) sessionsPerKey[k] = (sessionsPerKey[k] ?? 0) + 1;
  }
  const deliveriesFor = (events: number): number => {
    let n = 0;
    for (let i = 0; i < events; i++) n += sessionsPerKey[i % KEYS] ?? 0;
    return n;
  };
  const total = connections * (matching + quiet);
  return {
    name, connections, compression: false, journal: false,
    summary: `${connections} conns, ${total} subscriptions (${connections * quiet} never match), ${size.events} events each matching 1% of ${connections * matching}`,
    traffic: { kind: 'batches', events: size.events, batchSize: size.batchSize },
    subscriptionsFor, eventKey: (i) => i % KEYS, expectedDeliveries: deliveriesFor(size.events),
    warmupEvents: WARMUP_EVENTS, deliveriesFor,
  };
}

function everyone(name: ScenarioName, summary: string, connections: number, traffic: Traffic, events: number, compression: boolean): Scenario {
  const live = traffic.kind === 'batches' || traffic.kind === 'steady';
  return {
    name, summary, connections, compression, journal: false, traffic,
    subscriptionsFor: () => EVERYTHING, eventKey: (i) => i % KEYS, expectedDeliveries: connections * events,
    warmupEvents: live ? WARMUP_EVENTS : 0, deliveriesFor: (n) => connections * n,
  };
}

/** Builds one scenario at full size or, with `quick`, at smoke-run size. */
export function buildScenario(name: ScenarioName, quick: boolean): Scenario {
  const conns = quick ? 100 : 1000;
  const burstEvents = quick ? 50 : 200;
  const sel = { connections: conns, matching: 10, events: quick ? 200 : 500, batchSize: 100 };
  const steady = { ratePerSecond: 50, seconds: quick ? 2 : 10 };
  const journalEvents = quick ? 10_000 : 100_000;
  switch (name) {
    case 'burst':
      return everyone(name, `${conns} conns, empty filters, one batch of ${burstEvents} events`, conns,
        { kind: 'batches', events: burstEvents, batchSize: burstEvents }, burstEvents, false);
    case 'compressed':
      return everyone(name, `burst with permessage-deflate on (${conns} conns, ${burstEvents} events; 1 conn in 10 inflates and times)`, conns,
        { kind: 'batches', events: burstEvents, batchSize: burstEvents }, burstEvents, true);
    case 'steady':
      return everyone(name, `${conns} conns, ${steady.ratePerSecond} events/s for ${steady.seconds} s, one POST each`, conns,
        { kind: 'steady', ...steady }, steady.ratePerSecond * steady.seconds, false);
    case 'selective': return selective(name, { ...sel, quiet: 0 });
    case 'selective-10x': return selective(name, { ...sel, quiet: 90 });
    case 'idle':
      return { ...everyone(name, `${quick ? 500 : 5000} conns, one empty-filter subscription each, memory only`,
        quick ? 500 : 5000, { kind: 'none' }, 0, false) };
    case 'journal-publish':
      return { ...everyone(name, `publish ${journalEvents} events through the batch API (1,000 per POST, 2 in flight), no subscribers`,
        0, { kind: 'publish-only', events: journalEvents, batchSize: 1000, inFlight: 2 }, 0, false), journal: true };
    case 'journal-replay':
      return { ...everyone(name, `replay ${journalEvents} journaled events to one client (resume_after)`,
        1, { kind: 'replay', events: journalEvents, batchSize: 1000 }, journalEvents, false), journal: true };
  }
}

export function isScenarioName(s: string): s is ScenarioName {
  return (CORE_SCENARIOS as readonly string[]).includes(s) || (JOURNAL_SCENARIOS as readonly string[]).includes(s);
}
