// A hand-rolled WebSocket client over a raw socket: negotiates permessage-deflate and sends frames the ws client
// would never build (precompressed bombs), then reads the server's frames up to its close code.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createDeflateRaw } from 'node:zlib';

export interface RawSession {
  socket: Socket;
  /** Resolves with the close code of the server's close frame (0 if the socket ended without one). */
  closeCode: Promise<number>;
}

/** Upgrades with `permessage-deflate` offered; rejects unless the server answers 101 and accepts the extension. */
export function openRawDeflateSession(port: number): Promise<RawSession> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n'
        + `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`);
    });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let settleClose: (code: number) => void = () => undefined;
    const closeCode = new Promise<number>((r) => (settleClose = r));
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        buf = buf.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101') || !/sec-websocket-extensions: permessage-deflate/i.test(head)) {
          reject(new Error(`upgrade refused or deflate not negotiated: ${head}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        resolve({ socket, closeCode });
      }
      for (;;) {
        const f = readFrame(buf);
        if (!f) break;
        buf = buf.subarray(f.length);
        if (f.opcode === 0x8) settleClose(f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005);
      }
    });
    socket.on('error', (err) => reject(err));
    socket.on('close', () => settleClose(0));
  });
}

function readFrame(b: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (b.length < 2) return undefined;
  let len = b[1]! & 0x7f;
  let off = 2;
  if (len === 126) {
    if (b.length < 4) return undefined;
    len = b.readUInt16BE(2);
    off = 4;
  } else if (len === 127) {
    if (b.length < 10) return undefined;
    len = Number(b.readBigUInt64BE(2));
    off = 10;
  }
  if (b.length < off + len) return undefined;
  return { opcode: b[0]! & 0x0f, payload: b.subarray(off, off + len), length: off + len };
}

/** A masked client frame; `compressed` sets RSV1 (permessage-deflate). */
export function clientFrame(payload: Buffer, opts: { opcode?: number; compressed?: boolean } = {}): Buffer {
  const mask = randomBytes(4);
  const n = payload.length;
  const head = n < 126 ? Buffer.alloc(2) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | (opts.compressed ? 0x40 : 0) | (opts.opcode ?? 0x1);
  if (n < 126) head[1] = 0x80 | n;
  else if (n < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  const body = Buffer.from(payload);
  for (let i = 0; i < n; i++) body[i] = body[i]! ^ mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}

/** `megabytes` MiB of zero bytes, raw-deflated as one permessage-deflate message (the 00 00 ff ff tail removed). */
export async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((r) => z.on('end', () => r()));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.flush(() => z.end());
  await done;
  const all = Buffer.concat(out);
  const tail = all.lastIndexOf(Buffer.from([0x00, 0x00, 0xff, 0xff]));
  return tail >= 0 && tail === all.length - 4 ? all.subarray(0, tail) : all;
}
