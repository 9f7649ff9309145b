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
  /** From the subscribe to `replay_complete`, in the client. */
  seconds: number;
  /** Whether permessage-deflate was negotiated. */
  deflate: boolean;
}

/** Watches for frames holding `marker`: when each arrived (ms, `nowMs`) and whether it was flagged out_of_order. */
export interface MarkerWatch { marker: string; seen: { at: number; outOfOrder: boolean }[] }

const subscribe = (resumeAfter: string): string => JSON.stringify({ type: 'subscribe', subscription_id: 'replay', filters: {}, resume_after: resumeAfter });

/**
 * A `ws` client resumes after `resumeAfter` and counts events until `replay_complete`; with `watch`, it also notes
 * frames holding the marker, and `untilMarkers` keeps it open until that many arrived (after the replay).
 */
export function wsReplay(wsUrl: string, resumeAfter: string, deflate: boolean, watch?: MarkerWatch, onStart?: () => void): Promise<ReplayRun> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: deflate, maxPayload: 16 * 1024 * 1024 });
    let events = 0;
    let startedAt = 0;
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`ws replay got no replay_complete in ${REPLAY_TIMEOUT_MS} ms (${events} events)`)); }, REPLAY_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text.startsWith(EVENT)) {
        events += 1;
        if (watch && text.includes(watch.marker)) watch.seen.push({ at: nowMs(), outOfOrder: text.includes('"out_of_order":true') });
      } else if (text.startsWith(REPLAY_COMPLETE)) {
        clearTimeout(timer);
        const seconds = (nowMs() - startedAt) / 1000;
        resolve({ events: events - (watch?.seen.length ?? 0), seconds, deflate: ws.extensions.includes('permessage-deflate') });
        ws.close();
      } else if (startedAt === 0 && text.includes('"type":"welcome"')) {
        startedAt = nowMs();
        ws.send(subscribe(resumeAfter));
        onStart?.();
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
export async function chromiumReplay(browser: Browser, baseUrl: string, resumeAfter: string): Promise<ReplayRun> {
  const page = await browser.newPage();
  try {
    await page.goto(`${baseUrl}/health`);
    const run = await page.evaluate(({ url, request, timeoutMs }) => new Promise<{ events: number; ms: number; extensions: string }>((resolve, reject) => {
      const ws = new WebSocket(url);
      let events = 0;
      let startedAt = 0;
      const timer = setTimeout(() => reject(new Error(`no replay_complete in ${timeoutMs} ms (${events} events)`)), timeoutMs);
      ws.onerror = () => { clearTimeout(timer); reject(new Error('WebSocket error')); };
      // Runs in the page: `WebSocket` there is the browser's own (this file's `ws` import only lends the types).
      ws.onmessage = (m: { data: unknown }) => {
        const text = String(m.data);
        if (text.startsWith('{"type":"event"')) events += 1;
        else if (text.startsWith('{"type":"replay_complete"')) {
          clearTimeout(timer);
          resolve({ events, ms: performance.now() - startedAt, extensions: ws.extensions });
          ws.close();
        } else if (startedAt === 0 && text.includes('"type":"welcome"')) {
          startedAt = performance.now();
          ws.send(request);
        }
      };
    }), { url: `${baseUrl.replace(/^http/, 'ws')}/ws`, request: subscribe(resumeAfter), timeoutMs: REPLAY_TIMEOUT_MS });
    return { events: run.events, seconds: run.ms / 1000, deflate: run.extensions.includes('permessage-deflate') };
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
