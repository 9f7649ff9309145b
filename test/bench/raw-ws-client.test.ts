// The load client's raw WebSocket client: frames split anywhere are rejoined, and it talks to a real ws server.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FrameReader, maskedFrame, MessageInflater, openRawSocket, type BenchSocket } from './raw-ws-client.js';

/** An unmasked server frame. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : len < 65_536 ? Buffer.from([0, 126, len >> 8, len & 0xff]) : Buffer.alloc(10);
  if (len >= 65_536) { head[1] = 127; head.writeUInt32BE(0, 2); head.writeUInt32BE(len, 6); }
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, payload]);
}

function collect(): { reader: FrameReader; messages: string[]; pings: string[]; closes: number[] } {
  const out = { messages: [] as string[], pings: [] as string[], closes: [] as number[] };
  const reader = new FrameReader({
    onMessage: (d) => out.messages.push(d.toString()), onPing: (p) => out.pings.push(p.toString()), onClose: (c) => out.closes.push(c),
  });
  return { reader, ...out };
}

describe('FrameReader', () => {
  it('rejoins frames fed one byte at a time, with 7-, 16- and 64-bit lengths', () => {
    const big = 'x'.repeat(70_000);
    const stream = Buffer.concat([serverFrame(1, Buffer.from('short')), serverFrame(1, Buffer.from('m'.repeat(300))), serverFrame(1, Buffer.from(big))]);
    const c = collect();
    for (let i = 0; i < 400; i++) c.reader.feed(stream.subarray(i, i + 1));
    c.reader.feed(stream.subarray(400));
    expect(c.messages.map((m) => m.length)).toEqual([5, 300, 70_000]);
  });

  it('joins fragmented messages around an interleaved ping, and reports the close code', () => {
    const c = collect();
    const close = Buffer.alloc(2);
    close.writeUInt16BE(4001);
    c.reader.feed(Buffer.concat([serverFrame(1, Buffer.from('hel'), false), serverFrame(9, Buffer.from('p')), serverFrame(0, Buffer.from('lo')), serverFrame(8, close)]));
    expect(c.messages).toEqual(['hello']);
    expect(c.pings).toEqual(['p']);
    expect(c.closes).toEqual([4001]);
  });

  it('masks client frames so that unmasking restores the payload', () => {
    const payload = Buffer.from('{"type":"subscribe"}'.repeat(10));
    const f = maskedFrame(1, payload);
    expect(f[1]! & 0x80).toBe(0x80);
    const mask = f.subarray(4, 8);
    const body = Buffer.from(f.subarray(8).map((b, i) => b ^ mask[i & 3]!));
    expect(body.equals(payload)).toBe(true);
  });
});

describe('openRawSocket against a ws server', () => {
  let wss: WebSocketServer | undefined;
  let client: BenchSocket | undefined;
  afterEach(async () => {
    client?.terminate();
    await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  });

  it('exchanges text messages, answers pings, and sees the server close code', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((r) => wss?.once('listening', r));
    const port = (wss.address() as AddressInfo).port;
    const serverSide = new Promise<WebSocket>((r) => wss?.once('connection', r));
    const received: string[] = [];
    let opened: () => void = () => undefined;
    const open = new Promise<void>((r) => { opened = r; });
    const closed = new Promise<number>((resolve) => {
      client = openRawSocket(new URL(`ws://127.0.0.1:${port}/ws`), {
        onOpen: () => opened(),
        onMessage: (d) => received.push(d.toString()),
        onClose: resolve,
        onError: () => undefined,
      });
    });
    const peer = await serverSide;
    const fromClient = new Promise<string>((r) => peer.once('message', (d) => r(String(d))));
    const pong = new Promise<string>((r) => peer.once('pong', (d) => r(d.toString())));
    await open;
    client?.send('{"type":"ping"}');
    expect(await fromClient).toBe('{"type":"ping"}');
    peer.ping('beat');
    expect(await pong).toBe('beat');
    peer.send('a'.repeat(2000));
    peer.send('second');
    peer.close(4001, 'slow');
    expect(await closed).toBe(4001);
    expect(received.map((m) => m.length)).toEqual([2000, 6]);
  });

  it('offers permessage-deflate and inflates a context-takeover stream message by message', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true });
    await new Promise<void>((r) => wss?.once('listening', r));
    const port = (wss.address() as AddressInfo).port;
    const serverSide = new Promise<WebSocket>((r) => wss?.once('connection', r));
    const inflater = new MessageInflater();
    const texts = ['{"type":"welcome"}', '{"type":"subscribed","subscription_id":"s"}', `{"type":"event","pad":"${'z'.repeat(3000)}"}`];
    let negotiated = false;
    let compressedFrames = 0;
    const received = new Promise<string[]>((resolve) => {
      const got: string[] = [];
      client = openRawSocket(new URL(`ws://127.0.0.1:${port}/ws`), {
        onOpen: (deflate) => { negotiated = deflate; },
        onMessage: (d, compressed) => {
          if (compressed) compressedFrames += 1;
          got.push((compressed ? inflater.inflate(d) : d).toString());
          if (got.length === texts.length) resolve(got);
        },
        onClose: () => undefined,
        onError: () => undefined,
      }, true);
    });
    const peer = await serverSide;
    expect(peer.extensions).toContain('permessage-deflate');
    for (const t of texts) peer.send(t);
    expect(await received).toEqual(texts);
    expect(negotiated).toBe(true);
    // ws compresses every message when it keeps its context, so the later ones need the earlier ones' window.
    expect(compressedFrames).toBe(texts.length);
  });
});
