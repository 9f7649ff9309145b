// The object the preload exposes: every contract call as a named method resolving to a BridgeResult, plus the push feed.
import {
  CHANNEL_NAMES, bridgeFailure, BridgeError, PRELOAD_BRIDGE_KEY, type BridgeResult, type ExposedBridge,
} from '../../../src-shared/bridge/index.js';
import { PUSH_IPC_CHANNEL } from './ipc-channel.js';

export { PRELOAD_BRIDGE_KEY };

/** The part of Electron's ipcRenderer the preload uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** One call over IPC; main answers with a BridgeResult, and an IPC failure (no handler yet) becomes one too. */
async function invokeCall(ipc: IpcRendererPort, channel: string, request: unknown): Promise<BridgeResult> {
  try {
    return (await ipc.invoke(channel, request ?? {})) as BridgeResult;
  } catch (err) {
    return bridgeFailure(new BridgeError('unavailable', `${channel}: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/**
 * The ExposedBridge over ipcRenderer. Nothing here rejects or throws across the context bridge, which would keep only
 * an error's message; results are parsed and validated by the page's own Bridge (src-renderer/bridge/preload-bridge.ts).
 */
export function createExposedApi(ipc: IpcRendererPort): ExposedBridge {
  const calls: Record<string, Record<string, (request?: unknown) => Promise<BridgeResult>>> = {};
  for (const channel of CHANNEL_NAMES) {
    const [domain, verb] = channel.split(':') as [string, string];
    (calls[domain] ??= {})[verb] = (request) => invokeCall(ipc, channel, request);
  }
  const onPush: ExposedBridge['onPush'] = (listener) => {
    const forward = (_event: unknown, ...args: unknown[]): void => {
      if (typeof args[0] === 'string') listener(args[0], args[1]);
    };
    ipc.on(PUSH_IPC_CHANNEL, forward);
    return () => {
      ipc.removeListener(PUSH_IPC_CHANNEL, forward);
    };
  };
  return { ...(calls as unknown as Omit<ExposedBridge, 'onPush'>), onPush };
}
