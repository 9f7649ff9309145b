// The app's SettingsBackend: electron-store 11 (atomic writes, the userData folder); loaded only inside Electron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import { moveAside, type SettingsBackend } from './settings-backend.js';

/** conf keeps its own bookkeeping under this key; it is not part of our document. */
const CONF_INTERNAL_KEY = '__internal__';

export interface ElectronStoreBackendOptions {
  /** Folder of the file; default Electron's `userData`. */
  cwd: string;
  /** File name without `.json`. */
  name?: string;
}

/**
 * electron-store with its own validation and migrations off (`clearInvalidConfig: false`): a corrupt file makes
 * `read()` throw so that SettingsStore keeps it aside, where `clearInvalidConfig: true` would silently drop it.
 */
export function createElectronStoreBackend(options: ElectronStoreBackendOptions): SettingsBackend {
  const name = options.name ?? 'settings';
  const path = join(options.cwd, `${name}.json`);
  let store: Store<Record<string, unknown>> | undefined;
  const open = (): Store<Record<string, unknown>> => {
    store ??= new Store<Record<string, unknown>>({
      cwd: options.cwd, name, clearInvalidConfig: false, accessPropertiesByDotNotation: false, watch: false,
    });
    return store;
  };
  return {
    path,
    read() {
      if (!existsSync(path)) return undefined;
      const { [CONF_INTERNAL_KEY]: _internal, ...doc } = open().store;
      return doc;
    },
    write(doc) {
      open().store = doc;
    },
    keepAside() {
      store = undefined;
      return moveAside(path);
    },
  };
}
