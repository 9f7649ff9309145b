// The clients of the replay benchmark: a `ws` client, Chromium's WebSocket through playwright-core, and raw storm sockets.
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { nowMs } from './bench-events.js';
import { openRawSocket } from './raw-ws-client.js';

const EVENT = '{"type":"event"';
const REPLAY_COMPLETE = '{"type":"replay_complete"';
const REPLAY_TIMEOUT_MS = 300_000;

export interface ReplayRun {
  /** Event frames received before `replay_complete`. */
  events: number;
  /** Whether the message ids received were exactly the expected ones, in order (each once). */
  idsOk: boolean;
  /** Bytes the client read from its TCP socket up to `replay_complete` (the `ws` client only). */
  wireBytes?: number;
  /** From the subscribe to `replay_complete`, in the client. */
  seconds: number;
  /** Whether permessage-deflate was negotiated. */
  deflate: boolean;
}

/**
 * Watches for frames holding `marker`: when each arrived (ms, `nowMs`), its text, and whether it was flagged
 * out_of_order. After `replay_complete`, `fence()` publishes an event holding `fenceMarker`; the client stays open
 * until that event arrives, so a copy of a watched frame sent after the replay (held, repeated) would be seen.
 */
export interface MarkerWatch {
  marker: string;
  seen: { at: number; text: string; outOfOrder: boolean }[];
  fenceMarker: string;
  fence(): void;
}

export interface ExpectedIds { epoch: string; first: number; last: number }

/** The expected ids from the journaled ids of the seeded events, resuming after `resumeAfter`. */
export function expectedAfter(ids: readonly string[], resumeAfter: string): ExpectedIds {
  const seqOf = (id: string): number => Number(id.slice(id.lastIndexOf('-') + 1));
  return { epoch: resumeAfter.slice(0, resumeAfter.lastIndexOf('-')), first: seqOf(resumeAfter) + 1, last: seqOf(ids.at(-1)!) };
}

/** The message id of an event frame, read from its fixed start (`{"type":"event","message_id":"...`), not parsed. */
const ID_START = '{"type":"event","message_id":"'.length;
const idOf = (text: string): string => text.slice(ID_START, text.indexOf('"', ID_START));

const subscribe = (resumeAfter: string): string => JSON.stringify({ type: 'subscribe', subscription_id: 'replay', filters: {}, resume_after: resumeAfter });

/**
 * A `ws` client resumes after `resumeAfter` and counts events until `replay_complete`, checking every id against
 * `expected`. With `watch`, frames holding its marker are noted apart (not counted), and the client stays open
 * after `replay_complete` until the fence event arrives. `onStart` runs when the first replayed event arrives.
 */
export function wsReplay(
  wsUrl: string, resumeAfter: string, deflate: boolean, expected: ExpectedIds | undefined, watch?: MarkerWatch, onStart?: () => void,
): Promise<ReplayRun> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: deflate, maxPayload: 16 * 1024 * 1024 });
    let events = 0;
    let startedAt = 0;
    let nextSeq = expected?.first ?? 0;
    let idsOk = true;
    let completed: ReplayRun | undefined;
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`ws replay did not finish in ${REPLAY_TIMEOUT_MS} ms (${events} events)`)); }, REPLAY_TIMEOUT_MS);
    const finish = (run: ReplayRun): void => {
      clearTimeout(timer);
      resolve(run);
      ws.close();
    };
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text.startsWith(EVENT)) {
        if (watch && completed && text.includes(watch.fenceMarker)) finish(completed);
        else if (watch && text.includes(watch.marker)) watch.seen.push({ at: nowMs(), text, outOfOrder: text.includes('"out_of_order":true') });
        else if (!completed) {
          // The replay has begun on the server (its horizon is fixed): what is published from now on is live.
          if (events === 0) onStart?.();
          events += 1;
          if (expected && idOf(text) !== `${expected.epoch}-${nextSeq++}`) idsOk = false;
        }
      } else if (text.startsWith(REPLAY_COMPLETE)) {
        const seconds = (nowMs() - startedAt) / 1000;
        if (expected && nextSeq !== expected.last + 1) idsOk = false;
        const wireBytes = (ws as unknown as { _socket?: { bytesRead: number } })._socket?.bytesRead;
        completed = { events, idsOk: expected ? idsOk : true, seconds, deflate: ws.extensions.includes('permessage-deflate'), ...(wireBytes === undefined ? {} : { wireBytes }) };
        if (watch) watch.fence();
        else finish(completed);
      } else if (startedAt === 0 && text.includes('"type":"welcome"')) {
        startedAt = nowMs();
        ws.send(subscribe(resumeAfter));
      }
    });
    ws.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

const BROWSER_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Headless Chromium from the Debian package (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS, timeout: 60_000 });
}

/** Chromium's own WebSocket (it always offers permessage-deflate) resumes after `resumeAfter`; timed in the page. */
export async function chromiumReplay(browser: Browser, baseUrl: string, resumeAfter: string, expected: ExpectedIds): Promise<ReplayRun> {
  const page = await browser.newPage();
  try {
    await page.goto(`${baseUrl}/health`);
    const run = await page.evaluate(({ url, request, timeoutMs, want, idStart }) => new Promise<{ events: number; idsOk: boolean; ms: number; extensions: string }>((resolve, reject) => {
      const ws = new WebSocket(url);
      let events = 0;
      let startedAt = 0;
      let nextSeq = want.first;
      let idsOk = true;
      const timer = setTimeout(() => reject(new Error(`no replay_complete in ${timeoutMs} ms (${events} events)`)), timeoutMs);
      ws.onerror = () => { clearTimeout(timer); reject(new Error('WebSocket error')); };
      // Runs in the page: `WebSocket` there is the browser's own (this file's `ws` import only lends the types).
      ws.onmessage = (m: { data: unknown }) => {
        const text = String(m.data);
        if (text.startsWith('{"type":"event"')) {
          events += 1;
          if (text.slice(idStart, text.indexOf('"', idStart)) !== `${want.epoch}-${nextSeq++}`) idsOk = false;
        } else if (text.startsWith('{"type":"replay_complete"')) {
          clearTimeout(timer);
          resolve({ events, idsOk: idsOk && nextSeq === want.last + 1, ms: performance.now() - startedAt, extensions: ws.extensions });
          ws.close();
        } else if (startedAt === 0 && text.includes('"type":"welcome"')) {
          startedAt = performance.now();
          ws.send(request);
        }
      };
    }), { url: `${baseUrl.replace(/^http/, 'ws')}/ws`, request: subscribe(resumeAfter), timeoutMs: REPLAY_TIMEOUT_MS, want: expected, idStart: ID_START });
    return { events: run.events, idsOk: run.idsOk, seconds: run.ms / 1000, deflate: run.extensions.includes('permessage-deflate') };
  } finally {
    await page.close();
  }
}

export interface StormClient { send(): void; done: Promise<number> }

/**
 * One storm connection offering permessage-deflate like a browser; counts replayed events without inflating them
 * (event frames are the compressed ones, or plain ones that start as events). Resolves `ready` once welcomed.
 */
export function stormClient(wsUrl: string, resumeAfter: string): { ready: Promise<StormClient> } {
  let events = 0;
  let welcomed: (c: StormClient) => void = () => undefined;
  let finish: (n: number) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const done = new Promise<number>((resolve, reject) => { finish = resolve; fail = reject; });
  const ready = new Promise<StormClient>((resolve, reject) => {
    welcomed = resolve;
    done.catch(reject);
  });
  const socket = openRawSocket(new URL(wsUrl), {
    onOpen: () => undefined,
    onMessage: (data, compressed) => {
      if (compressed || data.subarray(0, EVENT.length).toString('latin1') === EVENT) { events += 1; return; }
      const head = data.subarray(0, 40).toString('latin1');
      if (head.startsWith(REPLAY_COMPLETE)) { finish(events); socket.terminate(); } else if (head.includes('"type":"welcome"')) welcomed(client);
    },
    onClose: (code) => fail(new Error(`storm connection closed (${code}) after ${events} events`)),
    onError: (err) => fail(err),
  }, true);
  const client: StormClient = { send: () => socket.send(subscribe(resumeAfter)), done };
  return { ready };
}
