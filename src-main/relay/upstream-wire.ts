// The upstream's wire format: MessagePack when asked for and the upstream agrees (smaller frames over the WAN), else JSON.
import { decode, encode } from '@msgpack/msgpack';
import type { RawData } from 'ws';
import { MSGPACK_SUBPROTOCOL } from '../../src-shared/protocol/index.js';
import { parseUpstreamFrame, parseUpstreamMessage, type UpstreamFrame } from './upstream-frames.js';

/** What ws reports when an upstream that knows no subprotocol (JSON only: the Rust server, a guide server) answers the upgrade. */
const NO_SUBPROTOCOL = 'Server sent no subprotocol';

/** The subprotocols to offer: MessagePack while the upstream has not shown it lacks it. */
export const offeredProtocols = (msgpack: boolean): string[] => (msgpack ? [MSGPACK_SUBPROTOCOL] : []);

/** Whether a failed handshake means the upstream does not speak MessagePack (reconnect with JSON). */
export const refusedMsgpack = (err: Error): boolean => err.message === NO_SUBPROTOCOL;

/** Whether the open socket agreed on MessagePack. */
export const speaksMsgpack = (protocol: string): boolean => protocol === MSGPACK_SUBPROTOCOL;

const bytesOf = (data: RawData): Buffer => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer));

/** One inbound frame as the relay sees it; undefined for a frame of the other kind (ignored, as binary frames on JSON). */
export function readUpstreamFrame(msgpack: boolean, data: RawData, isBinary: boolean): UpstreamFrame | undefined {
  if (isBinary !== msgpack) return undefined;
  if (!msgpack) return parseUpstreamFrame(bytesOf(data).toString('utf8'));
  let raw: unknown;
  try {
    raw = decode(bytesOf(data));
  } catch (err) {
    return { type: 'invalid', reason: `not MessagePack: ${(err as Error).message}` };
  }
  return parseUpstreamMessage(raw);
}

/** One outbound message in the socket's format. */
export const encodeUpstreamMessage = (msgpack: boolean, msg: Record<string, unknown>): Buffer | string => (msgpack ? Buffer.from(encode(msg)) : JSON.stringify(msg));
