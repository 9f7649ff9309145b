// Main → renderer pushes: typed by the contract, sent to every live window, destroyed ones skipped.
import type { BridgePush, PushName, PushOf } from '../../../src-shared/bridge/index.js';
import { PUSH_IPC_CHANNEL } from './ipc-channel.js';

/** The part of a BrowserWindow a push needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  readonly webContents: {
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };
}

export interface PushSender {
  /** Sends to every live window; returns how many received it. */
  send<E extends PushName>(event: E, payload: PushOf<E>): number;
  /** Forwards a push from the control service as it is. */
  forward(push: BridgePush): number;
}

/** `targets` is read at each send, so windows opened later receive pushes too. */
export function createPushSender(targets: () => Iterable<PushTarget | undefined>, onError?: (err: unknown) => void): PushSender {
  const sendRaw = (event: string, payload: unknown): number => {
    let delivered = 0;
    for (const target of targets()) {
      if (!target || target.isDestroyed() || target.webContents.isDestroyed()) continue;
      try {
        target.webContents.send(PUSH_IPC_CHANNEL, event, payload);
        delivered += 1;
      } catch (err) {
        onError?.(err); // a window closing mid-send: the others still receive it
      }
    }
    return delivered;
  };
  return {
    send: (event, payload) => sendRaw(event, payload),
    forward: (push) => sendRaw(push.event, push.payload),
  };
}
