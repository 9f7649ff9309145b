// What the shell needs from the control service (src-main/control): handlers for every channel and a push feed.
import type { BridgeHandlers, BridgePush } from '../../../src-shared/bridge/index.js';
import type { NotificationSink } from '../../notify/index.js';
import type { Logger } from '../../server/index.js';
import type { DesktopCore } from '../core/start-core.js';
import type { SecretStore } from '../settings/secret-store.js';
import type { PublishTokenSource } from './sealed-publish-token.js';

/** What the shell hands the control service. */
export interface DesktopControlDeps {
  core: DesktopCore;
  /** The Electron notification sink, for `notifications:test`. */
  sink: NotificationSink;
  /** For tokens (publish and upstream): sealed with safeStorage, never in plain JSON. */
  secrets: SecretStore;
  /** Where the publish token comes from, and the token the core was started with (undefined: the token file). */
  publishToken: { source: PublishTokenSource; startToken: string | undefined };
  /** The read-only token local tools use (reads need a token in the desktop), when one could be opened. */
  readToken?: string;
  logger: Logger;
}

export interface DesktopControl {
  readonly handlers: BridgeHandlers;
  /** Delivers every push for the UI; returns the function that stops delivery. */
  onPush(listener: (push: BridgePush) => void): () => void;
  close?(): Promise<void> | void;
}

export type ControlFactory = (deps: DesktopControlDeps) => DesktopControl | Promise<DesktopControl>;
