// SSE test readers: `curl -N` as a child process, and a raw TCP reader that can stop reading; both parse the stream into messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

export interface SseMessage { id?: string; event: string; data: string; comment?: string }

/** Parses complete SSE blocks (separated by a blank line); returns the messages and the unparsed rest. */
export function parseSse(text: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const blocks = text.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const m: SseMessage = { event: 'message', data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) m.comment = line.slice(1).trim();
      else if (line.startsWith('id: ')) m.id = line.slice(4);
      else if (line.startsWith('event: ')) m.event = line.slice(7);
      else if (line.startsWith('data: ')) m.data += line.slice(6);
    }
    messages.push(m);
  }
  return { messages, rest };
}

/** A stream reader collecting messages; `next` waits for one matching. */
export class SseReader {
  readonly messages: SseMessage[] = [];
  raw = '';
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  feed(chunk: string): void {
    this.raw += chunk;
    const { messages, rest } = parseSse(this.buffer + chunk);
    this.buffer = rest;
    this.messages.push(...messages);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  events(): { message_id: string; event: Record<string, unknown>; subscription_ids: string[]; out_of_order?: boolean }[] {
    return this.messages.filter((m) => m.event === 'event').map((m) => JSON.parse(m.data) as never);
  }

  async next(pred: (m: SseMessage) => boolean, timeoutMs = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.find(pred);
      if (hit) return hit;
      if (this.ended) throw new Error(`stream ended before the expected message; got ${this.raw.slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${this.raw.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

/** `curl -N` on a stream URL; `reader` fills as curl prints. */
export function curlStream(url: string, headers: Record<string, string> = {}): { child: ChildProcess; reader: SseReader; exited: Promise<number | null> } {
  const args = ['-sN', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const reader = new SseReader();
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => reader.feed(d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => {
    reader.end();
    r(code);
  }));
  return { child, reader, exited };
}

/** A raw HTTP/1.1 stream request over TCP, for a reader that pauses (a slow consumer); de-chunking is not needed to find lines. */
export function rawStream(port: number, path: string): Promise<{ socket: Socket; reader: SseReader }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      resolve({ socket, reader });
    });
    const reader = new SseReader();
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => reader.feed(d));
    socket.on('close', () => reader.end());
    socket.on('error', reject);
  });
}
