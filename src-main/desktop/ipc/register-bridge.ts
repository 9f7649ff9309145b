// THE wrapper through which the main process answers IPC: trusted senders only, payload parsed before the handler.
import {
  BridgeError, CHANNEL_NAMES, bridgeFailure, bridgeSuccess, runBridgeCall, type BridgeHandlers, type BridgeResult, type ChannelName,
} from '../../../src-shared/bridge/index.js';

/** The frame an invoke came from (Electron's WebFrameMain), null once it navigated away or was destroyed. */
export interface SenderFrame {
  readonly url: string;
}

/** The part of Electron's IpcMainInvokeEvent the wrapper reads. */
export interface IpcInvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's `ipcMain` the wrapper uses. Nothing else in src-main/desktop calls ipcMain directly. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type RejectReason = 'unknown_sender' | 'invalid_payload';

export interface RegisterBridgeOptions {
  /** Whether a frame URL is the app's own page (see createAppUrlCheck). */
  isTrustedSender(url: string): boolean;
  /** A refused call, for the log; `detail` never holds the payload. */
  onRejected?(channel: ChannelName, reason: RejectReason, detail: string): void;
  /** A handler failed with something other than a BridgeError (a bug or an outage), for the log. */
  onHandlerError?(channel: ChannelName, err: unknown): void;
}

/** Answers one invoke: sender check, then `runBridgeCall` (schema parse, then handler), always as a BridgeResult (Electron keeps only the message of a thrown error). */
export async function answerBridgeCall(
  handlers: BridgeHandlers, channel: ChannelName, event: IpcInvokeEvent, args: readonly unknown[], options: RegisterBridgeOptions,
): Promise<BridgeResult> {
  const url = event.senderFrame?.url;
  if (url === undefined || !options.isTrustedSender(url)) {
    options.onRejected?.(channel, 'unknown_sender', url === undefined ? 'no sender frame' : `frame ${url.slice(0, 200)}`);
    return bridgeFailure(new BridgeError('forbidden', 'calls are accepted from the app\'s own page only'));
  }
  if (args.length > 1) {
    options.onRejected?.(channel, 'invalid_payload', `${args.length} arguments`);
    return bridgeFailure(new BridgeError('invalid_message', 'a bridge call takes one request object'));
  }
  try {
    return bridgeSuccess(await runBridgeCall(handlers, channel, args[0]));
  } catch (err) {
    if (err instanceof BridgeError && err.code === 'invalid_message') options.onRejected?.(channel, 'invalid_payload', err.message);
    else if (!(err instanceof BridgeError)) options.onHandlerError?.(channel, err);
    return bridgeFailure(err);
  }
}

/** Registers one handler per contract channel; returns the function that removes them all. */
export function registerBridgeHandlers(ipc: IpcMainPort, handlers: BridgeHandlers, options: RegisterBridgeOptions): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipc.handle(channel, (event, ...args) => answerBridgeCall(handlers, channel, event, args, options));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipc.removeHandler(channel);
  };
}
