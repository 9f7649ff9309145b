// RFC 6455 server frames built by hand, so one event's bytes are framed (and deflated) once for every socket.
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';

const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;
const RSV1 = 0x40;
/** The four bytes a sync flush ends with; RFC 7692 section 7.2.1 says to drop them. */
const DEFLATE_TAIL_LENGTH = 4;
/** Payloads shorter than this are sent uncompressed even on compressed sessions (deflate would not pay). */
export const COMPRESSION_THRESHOLD_BYTES = 128;

/** The 2, 4 or 10 byte header of an unmasked, final text (or binary) frame of `length` payload bytes. */
export function textFrameHeader(length: number, compressed: boolean, binary = false): Buffer {
  const opcode = binary ? FIN_BINARY : FIN_TEXT;
  const first = compressed ? opcode | RSV1 : opcode;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 65536) {
    const h = Buffer.allocUnsafe(4);
    h[0] = first;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = first;
  h[1] = 127;
  h.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  h.writeUInt32BE(length >>> 0, 6);
  return h;
}

/** A complete uncompressed text frame. */
export function textFrame(payload: Buffer): Buffer {
  return Buffer.concat([textFrameHeader(payload.length, false), payload]);
}

/** Deflates one message on its own (server_no_context_takeover), as permessage-deflate expects. */
export function deflateMessage(payload: Buffer, windowBits: number): Buffer {
  const out = deflateRawSync(payload, { windowBits, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - DEFLATE_TAIL_LENGTH);
}

/** A complete text frame (binary with `binary`), deflated when the session negotiated compression and it pays. */
export function encodeTextFrame(payload: Buffer, windowBits: number | null, binary = false): Buffer {
  if (windowBits === null || payload.length < COMPRESSION_THRESHOLD_BYTES) return Buffer.concat([textFrameHeader(payload.length, false, binary), payload]);
  const body = deflateMessage(payload, windowBits);
  return Buffer.concat([textFrameHeader(body.length, true, binary), body]);
}

/** A complete uncompressed binary frame (MessagePack sessions, PROTOCOL 1.1 §1). */
export function binaryFrame(payload: Uint8Array): Buffer {
  return Buffer.concat([textFrameHeader(payload.length, false, true), payload]);
}

/** A frame shared by every session that receives the same bytes; `id` identifies it in batch keys. */
export interface SharedFrame {
  readonly bytes: Buffer;
  readonly id: number;
}

let frameCounter = 0;
/** Wraps bytes with a process-unique id. */
export function shareFrame(bytes: Buffer): SharedFrame {
  frameCounter = (frameCounter + 1) % Number.MAX_SAFE_INTEGER;
  return { bytes, id: frameCounter };
}
