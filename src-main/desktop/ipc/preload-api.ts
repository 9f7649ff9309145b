// The object the preload exposes: the contract's Bridge, built over ipcRenderer (pure: ipcRenderer is passed in).
import { createBridge, type Bridge, type BridgeTransport, type ConnectionStatus } from '../../../src-shared/bridge/index.js';
import { PUSH_IPC_CHANNEL, unwrapIpcResult } from './ipc-result.js';

/** Global name the renderer reads (`src-renderer/main.tsx` PRELOAD_BRIDGE_KEY). */
export const PRELOAD_BRIDGE_KEY = 'incidentRelay';

/** The part of Electron's ipcRenderer the preload uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Over IPC the link to main is always up. */
const CONNECTED: ConnectionStatus = Object.freeze({ state: 'connected', attempt: 0, retryAt: null, detail: null });

/** The IPC transport: invoke → envelope → value or BridgeError; pushes from one channel. */
export function ipcTransport(ipc: IpcRendererPort): BridgeTransport {
  return {
    invoke: async (channel, request) => unwrapIpcResult(await ipc.invoke(channel, request)),
    listen(listener) {
      const onPush = (_event: unknown, ...args: unknown[]): void => {
        if (typeof args[0] === 'string') listener(args[0], args[1]);
      };
      ipc.on(PUSH_IPC_CHANNEL, onPush);
      return () => {
        ipc.removeListener(PUSH_IPC_CHANNEL, onPush);
      };
    },
    connection: () => CONNECTED,
    onConnection: () => () => undefined,
  };
}

/** The Bridge of named methods (`incidents.acknowledge(...)`, `on(...)`) generated from the contract. */
export function createPreloadApi(ipc: IpcRendererPort, warn: (message: string) => void = console.warn): Bridge {
  return createBridge(ipcTransport(ipc), { warn });
}
