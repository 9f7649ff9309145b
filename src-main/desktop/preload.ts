// Preload entry (bundled to one CommonJS file: sandboxed preloads cannot load modules): exposes the bridge, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { ExposedBridge } from '../../src-shared/bridge/index.js';
import { createExposedApi, PRELOAD_BRIDGE_KEY } from './ipc/preload-api.js';

const api = createExposedApi(ipcRenderer);

/** What `window.incidentRelay` is; equal to the contract's ExposedBridge, so the two cannot drift apart. */
export type Api = typeof api;
const sameAsContract: [Api, ExposedBridge] extends [ExposedBridge, Api] ? true : never = true;
void sameAsContract;

contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, api);
