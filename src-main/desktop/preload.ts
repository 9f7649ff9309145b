// Preload entry (bundled to one CommonJS file: sandboxed preloads cannot load modules): exposes the Bridge, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from '../../src-shared/bridge/index.js';
import { createPreloadApi, PRELOAD_BRIDGE_KEY } from './ipc/preload-api.js';

const api = createPreloadApi(ipcRenderer);

/** What `window.incidentRelay` is; equal to the contract's Bridge, so the two cannot drift apart. */
export type Api = typeof api;
const sameAsBridge: [Api, Bridge] extends [Bridge, Api] ? true : never = true;
void sameAsBridge;

contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, api);
