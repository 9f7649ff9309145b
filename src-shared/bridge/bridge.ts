// The `Bridge` the UI is written against, derived from the contract maps, and its builder over any transport.
import { describeIssues } from '../protocol/index.js';
import { BRIDGE_CHANNELS, CHANNEL_NAMES, type ChannelName, type RequestOf, type ResponseOf } from './channels.js';
import { BridgeError, invalidRequest } from './errors.js';
import { BRIDGE_PUSHES, isPushName, type PushName, type PushOf } from './pushes.js';

export const CONNECTION_STATES = ['connecting', 'connected', 'disconnected', 'unauthorized'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** Health of the link between the UI and the main side (always `connected` over IPC). */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Consecutive failed attempts since the last successful connection. */
  attempt: number;
  /** Epoch ms of the next reconnection attempt while disconnected, else null. */
  retryAt: number | null;
  /** Human-readable reason of the last failure, else null. */
  detail: string | null;
}

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
export type BridgeDomain = DomainOf<ChannelName>;

/** A call method; its request may be omitted when every field of it is optional. */
type CallMethod<C extends ChannelName> = Record<never, never> extends RequestOf<C>
  ? (request?: RequestOf<C>) => Promise<ResponseOf<C>>
  : (request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** `'incidents:acknowledge'` becomes `bridge.incidents.acknowledge(request)`. */
export type BridgeCalls = {
  [D in BridgeDomain]: { [C in ChannelName as C extends `${D}:${infer V}` ? V : never]: CallMethod<C> };
};

export type PushListener<E extends PushName> = (payload: PushOf<E>) => void;

export interface Bridge extends BridgeCalls {
  /** Listens to a pushed event; returns the function that stops listening. */
  on<E extends PushName>(event: E, listener: PushListener<E>): () => void;
  connection(): ConnectionStatus;
  /** Listens to connection changes; returns the function that stops listening. */
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
}

/** What a transport provides: raw calls, raw pushes and its link state. Validation is the bridge's job. */
export interface BridgeTransport {
  /** Resolves with the raw response body; rejects with a BridgeError. */
  invoke(channel: ChannelName, request: unknown): Promise<unknown>;
  /** Delivers every pushed frame; returns the function that stops delivery. */
  listen(listener: (event: string, payload: unknown) => void): () => void;
  connection(): ConnectionStatus;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
}

export interface BridgeReporter {
  /** A push failed validation or a listener threw; the push is dropped, others continue. */
  warn(message: string): void;
}

const consoleReporter: BridgeReporter = { warn: (m) => console.warn(`[bridge] ${m}`) };

async function validatedCall(transport: BridgeTransport, channel: ChannelName, request: unknown): Promise<unknown> {
  const { request: reqSchema, response: resSchema } = BRIDGE_CHANNELS[channel];
  const req = reqSchema.safeParse(request ?? {});
  if (!req.success) throw invalidRequest(req.error.issues);
  const raw = await transport.invoke(channel, req.data);
  const res = resSchema.safeParse(raw);
  if (!res.success) throw new BridgeError('invalid_response', `${channel}: ${describeIssues(res.error.issues)}`);
  return res.data;
}

/** Builds the typed Bridge over a transport: requests and responses validated against the contract. */
export function createBridge(transport: BridgeTransport, reporter: BridgeReporter = consoleReporter): Bridge {
  const calls: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNEL_NAMES) {
    const [domain, verb] = channel.split(':') as [string, string];
    (calls[domain] ??= {})[verb] = (request) => validatedCall(transport, channel, request);
  }
  const listeners = new Map<PushName, Set<(payload: unknown) => void>>();
  transport.listen((event, payload) => {
    if (!isPushName(event)) return; // newer servers may push events this UI does not know: ignored by design
    const set = listeners.get(event);
    if (!set || set.size === 0) return;
    const parsed = BRIDGE_PUSHES[event].safeParse(payload);
    if (!parsed.success) {
      reporter.warn(`dropped invalid ${event}: ${describeIssues(parsed.error.issues)}`);
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(parsed.data);
      } catch (err) {
        reporter.warn(`a ${event} listener threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  });
  const bridge = {
    ...(calls as unknown as BridgeCalls),
    on<E extends PushName>(event: E, listener: PushListener<E>): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    connection: () => transport.connection(),
    onConnection: (listener: (status: ConnectionStatus) => void) => transport.onConnection(listener),
  };
  return bridge;
}
