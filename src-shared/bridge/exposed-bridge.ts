// The Bridge in the form that survives Electron's contextBridge: every call resolves to a BridgeResult, never rejects.
import type { BridgeDomain } from './bridge.js';
import type { ChannelName } from './channels.js';
import type { BridgeResult } from './result.js';

/**
 * contextBridge copies a rejected Error with its message only (code, details and the class are lost), and copies
 * objects without their prototype. So the preload exposes calls that resolve to plain results, and the page turns
 * them back into values or its own BridgeError (src-renderer/bridge/preload-bridge.ts).
 */
export type ExposedCalls = {
  [D in BridgeDomain]: {
    [C in ChannelName as C extends `${D}:${infer V}` ? V : never]: (request?: unknown) => Promise<BridgeResult>;
  };
};

/** What the preload exposes on `window[PRELOAD_BRIDGE_KEY]`. */
export interface ExposedBridge extends ExposedCalls {
  /** Delivers every push as `(event, payload)`, unvalidated; returns the function that stops delivery. */
  onPush(listener: (event: string, payload: unknown) => void): () => void;
}

/** Global name under which the preload exposes its ExposedBridge. */
export const PRELOAD_BRIDGE_KEY = 'incidentRelay';
