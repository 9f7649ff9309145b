// A minimal WebSocket client for the load client: one shared read buffer, frames parsed in place, deflate left to the caller.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import zlib from 'node:zlib';

/**
 * Receives whole messages; `data` may view a shared buffer, so it is valid only during the call.
 * `compressed` is the RSV1 bit of permessage-deflate: the payload is still deflated.
 */
export interface FrameHandlers {
  onMessage(data: Buffer, compressed: boolean): void;
  onPing(payload: Buffer): void;
  onClose(code: number): void;
}

/** Splits a server's byte stream into frames (unmasked, RFC 6455 section 5.2) and joins fragmented messages. */
export class FrameReader {
  private pending: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private fragmentsCompressed = false;

  constructor(private readonly handlers: FrameHandlers) {}

  /** Consumes one chunk; the chunk itself may be reused by the caller once this returns. */
  feed(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let off = 0;
    for (;;) {
      const avail = buf.length - off;
      if (avail < 2) break;
      const b0 = buf[off] as number;
      const b1 = buf[off + 1] as number;
      if (b1 & 0x80) throw new Error('server sent a masked frame');
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        if (avail < 4) break;
        len = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (len === 127) {
        if (avail < 10) break;
        len = buf.readUInt32BE(off + 2) * 2 ** 32 + buf.readUInt32BE(off + 6);
        header = 10;
      }
      if (avail < header + len) break;
      this.frame((b0 & 0x80) !== 0, (b0 & 0x40) !== 0, b0 & 0x0f, buf.subarray(off + header, off + header + len));
      off += header + len;
    }
    if (off < buf.length) this.pending = Buffer.from(buf.subarray(off));
  }

  private frame(fin: boolean, rsv1: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0:
        this.fragments?.push(Buffer.from(payload));
        if (fin && this.fragments) { const whole = Buffer.concat(this.fragments); this.fragments = null; this.handlers.onMessage(whole, this.fragmentsCompressed); }
        return;
      case 0x1: case 0x2:
        if (fin) this.handlers.onMessage(payload, rsv1);
        else { this.fragments = [Buffer.from(payload)]; this.fragmentsCompressed = rsv1; }
        return;
      case 0x8: return this.handlers.onClose(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      case 0x9: return this.handlers.onPing(payload);
      default: return;
    }
  }
}

/** A client frame: FIN set, masked as RFC 6455 requires of clients. */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const header = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65_536) { out[1] = 0x80 | 126; out.writeUInt16BE(len, 2); } else { out[1] = 0x80 | 127; out.writeUInt32BE(Math.floor(len / 2 ** 32), 2); out.writeUInt32BE(len >>> 0, 6); }
  const mask = randomBytes(4);
  mask.copy(out, header);
  for (let i = 0; i < len; i++) out[header + 4 + i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return out;
}

const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const DEFLATE_WINDOW = 32 * 1024;

/**
 * Inflates the permessage-deflate messages of one connection, in order, with or without context takeover: each
 * message ends on a sync flush, so inflating it with the previous 32 KiB of output as dictionary resolves every
 * back-reference. Costly per message (a zlib handle each time): meant for the few setup frames.
 */
export class MessageInflater {
  private window = Buffer.alloc(0);

  inflate(data: Buffer): Buffer {
    const out = zlib.inflateRawSync(Buffer.concat([data, DEFLATE_TAIL]), {
      finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(this.window.length > 0 ? { dictionary: this.window } : {}),
    });
    const joined = Buffer.concat([this.window, out]);
    this.window = joined.length > DEFLATE_WINDOW ? joined.subarray(joined.length - DEFLATE_WINDOW) : joined;
    return out;
  }
}

export interface RawSocketEvents {
  /** `deflate`: the server accepted permessage-deflate. */
  onOpen(deflate: boolean): void;
  onMessage(data: Buffer, compressed: boolean): void;
  onClose(code: number): void;
  onError(err: Error): void;
}

export interface BenchSocket { send(text: string): void; sendBinary(payload: Buffer): void; terminate(): void }

// One read buffer for every socket of the process: reads are handled synchronously, one at a time.
const SHARED_READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * Opens `ws://host:port/path` over a plain TCP socket; far cheaper per message than a full client.
 * With `offerDeflate` it offers permessage-deflate as browsers do, but never inflates by itself.
 */
export function openRawSocket(url: URL, events: RawSocketEvents, offerDeflate = false, protocol?: string): BenchSocket {
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  let head: Buffer | null = Buffer.alloc(0);
  let closed = false;
  const close = (code: number): void => { if (!closed) { closed = true; events.onClose(code); } };
  const reader = new FrameReader({
    onMessage: events.onMessage,
    onPing: (p) => socket.write(maskedFrame(0xa, p)),
    onClose: (code) => { const body = Buffer.alloc(2); body.writeUInt16BE(code === 1005 ? 1000 : code); socket.end(maskedFrame(0x8, body)); close(code); },
  });
  const onHandshakeBytes = (chunk: Buffer): void => {
    const all: Buffer = Buffer.concat([head ?? Buffer.alloc(0), chunk]);
    const end = all.indexOf('\r\n\r\n');
    if (end < 0) { head = all; return; }
    head = null;
    socket.setTimeout(0);
    const text = all.toString('latin1', 0, end);
    if (!/^HTTP\/1\.1 101 /.test(text) || !text.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
      socket.destroy(new Error(`upgrade refused: ${text.split('\r\n')[0] ?? ''}`));
      return;
    }
    events.onOpen(/sec-websocket-extensions:[^\r\n]*permessage-deflate/i.test(text));
    if (all.length > end + 4) reader.feed(all.subarray(end + 4));
  };
  const socket = net.connect({
    host: url.hostname, port: Number(url.port), noDelay: true,
    onread: {
      buffer: SHARED_READ_BUFFER,
      callback: (n, buf) => {
        const chunk = (buf as Buffer).subarray(0, n);
        try {
          if (head) onHandshakeBytes(chunk);
          else reader.feed(chunk);
        } catch (err) {
          socket.destroy(err as Error);
        }
        return true;
      },
    },
  }, () => {
    socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
      + `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`
      + `${offerDeflate ? 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n' : ''}`
      + `${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ''}\r\n`);
  });
  socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => socket.destroy(new Error('websocket handshake timed out')));
  socket.on('error', events.onError);
  socket.on('close', () => close(1006));
  return {
    send: (text) => { if (!closed) socket.write(maskedFrame(0x1, Buffer.from(text))); },
    sendBinary: (payload) => { if (!closed) socket.write(maskedFrame(0x2, payload)); },
    terminate: () => { closed = true; socket.destroy(); },
  };
}
