// Pushes only the desktop shell sends, until the shared contract (src-shared/bridge/pushes.ts) carries them.
import { z } from 'zod';
import { BRIDGE_PUSHES, type PushName, type PushOf } from '../../../src-shared/bridge/index.js';
import { UuidSchema } from '../../../src-shared/protocol/index.js';

/**
 * `push:open-incident`: a notification or tray item was clicked; the UI should select and open that incident.
 * Proposed for BRIDGE_PUSHES; until it is there the preload's bridge drops it and only the window is focused.
 */
export const DESKTOP_PUSHES = {
  'push:open-incident': z.object({ id: UuidSchema }),
} as const;

export type DesktopPushName = PushName | keyof typeof DESKTOP_PUSHES;
export type DesktopPushOf<E extends DesktopPushName> = E extends PushName
  ? PushOf<E>
  : E extends keyof typeof DESKTOP_PUSHES ? z.output<(typeof DESKTOP_PUSHES)[E]> : never;

/** Every push the shell may send, name → schema. */
export const ALL_DESKTOP_PUSHES = { ...BRIDGE_PUSHES, ...DESKTOP_PUSHES } as const;

/** One push as a value: what the control service hands the shell to forward. */
export type BridgePush = { [E in PushName]: { event: E; payload: PushOf<E> } }[PushName];
