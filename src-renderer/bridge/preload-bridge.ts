// The desktop transport of the Bridge: the preload's exposed calls, unwrapped in the page into the page's own BridgeError.
import {
  BridgeError, CHANNEL_NAMES, PRELOAD_BRIDGE_KEY, createBridge, unwrapBridgeResult,
  type Bridge, type BridgeReporter, type BridgeTransport, type ChannelName, type ConnectionStatus, type ExposedBridge,
} from '../../src-shared/bridge/index.js';

/** Over IPC the link to the main process is always up. */
const CONNECTED: ConnectionStatus = Object.freeze({ state: 'connected', attempt: 0, retryAt: null, detail: null });

type ExposedCall = (request?: unknown) => Promise<unknown>;

function exposedCall(exposed: ExposedBridge, channel: ChannelName): ExposedCall | undefined {
  const [domain, verb] = channel.split(':') as [string, string];
  const call = (exposed as unknown as Record<string, Record<string, unknown> | undefined>)[domain]?.[verb];
  return typeof call === 'function' ? (call as ExposedCall) : undefined;
}

/** The transport over the exposed calls: a result becomes its value or a BridgeError with code, message and details. */
export function exposedTransport(exposed: ExposedBridge): BridgeTransport {
  return {
    async invoke(channel, request) {
      const call = exposedCall(exposed, channel);
      if (!call) throw new BridgeError('unavailable', `${channel}: the desktop shell does not offer this call (an older build?)`);
      let raw: unknown;
      try {
        raw = await call(request);
      } catch (err) {
        // The preload never rejects; if it does, contextBridge has already dropped the code.
        throw new BridgeError('internal_error', err instanceof Error ? err.message : String(err));
      }
      return unwrapBridgeResult(raw);
    },
    listen: (listener) => exposed.onPush(listener),
    connection: () => CONNECTED,
    onConnection: () => () => undefined,
  };
}

/** The typed Bridge over what the preload exposes; requests and responses are validated here, in the page. */
export function createPreloadBridge(exposed: ExposedBridge, reporter?: BridgeReporter): Bridge {
  return createBridge(exposedTransport(exposed), reporter ?? { warn: (m) => console.warn(`[preload-bridge] ${m}`) });
}

/** Whether `value` looks like what the preload exposes (the push feed and every contract call). */
export function isExposedBridge(value: unknown): value is ExposedBridge {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { onPush?: unknown }).onPush !== 'function') return false;
  return CHANNEL_NAMES.every((channel) => exposedCall(value as ExposedBridge, channel) !== undefined);
}

/** The Bridge of the desktop app when the page runs under the preload, else undefined (the browser console). */
export function readPreloadBridge(global: object = globalThis, reporter?: BridgeReporter): Bridge | undefined {
  const exposed: unknown = (global as Record<string, unknown>)[PRELOAD_BRIDGE_KEY];
  if (exposed === undefined) return undefined;
  if (!isExposedBridge(exposed)) throw new Error(`window.${PRELOAD_BRIDGE_KEY} is not the preload's bridge; rebuild the preload with the renderer`);
  return createPreloadBridge(exposed, reporter);
}
