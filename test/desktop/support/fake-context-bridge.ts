// Electron's contextBridge copy rules, for tests: what the page (main world) really receives from the preload.
// Rules from Electron's context-bridge docs ("Parameter / Error / Return Type support"): functions are proxied, their
// arguments and results copied; promises are proxied; objects and arrays are copied with their prototypes dropped
// (custom classes arrive as plain objects); thrown or rejected Errors are copied with their message only, custom
// properties lost; symbols cannot cross. Copies are frozen.

/** Copies `value` from one world to the other the way contextBridge does. */
export function acrossWorlds(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': case 'bigint': return value;
    case 'symbol': throw new TypeError('symbols cannot cross the context bridge');
    case 'function': return proxyFunction(value as (...args: unknown[]) => unknown);
    default: break;
  }
  if (value instanceof Promise) return proxyPromise(value);
  if (value instanceof Error) return copyError(value);
  if (Array.isArray(value)) return Object.freeze(value.map((item) => acrossWorlds(item)));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = acrossWorlds(item);
  return Object.freeze(copy);
}

/** A plain Error with the same message: `name`, `code` and any other own property do not cross. */
function copyError(err: Error): Error {
  return new Error(err.message);
}

function proxyPromise(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (resolved) => acrossWorlds(resolved),
    (reason: unknown) => {
      throw reason instanceof Error ? copyError(reason) : acrossWorlds(reason);
    },
  );
}

function proxyFunction(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = fn(...args.map((a) => acrossWorlds(a)));
    } catch (err) {
      throw err instanceof Error ? copyError(err) : acrossWorlds(err);
    }
    return acrossWorlds(result);
  };
}

/** A `contextBridge` whose exposed APIs land in `mainWorld` as the page would see them. */
export function fakeContextBridge(): { mainWorld: Record<string, unknown>; exposeInMainWorld(key: string, api: unknown): void } {
  const mainWorld: Record<string, unknown> = {};
  return {
    mainWorld,
    exposeInMainWorld(key, api) {
      if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      mainWorld[key] = acrossWorlds(api);
    },
  };
}
