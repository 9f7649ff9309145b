// Floods an Incident Relay /ws endpoint with messages as fast as its socket takes them, reconnecting whenever closed.
// Usage: node flood-client.mjs ws://127.0.0.1:PORT/ws  — prints "open" once connected, then "sent N closes M" lines; stop it with a signal.
import { setImmediate, setInterval, setTimeout } from 'node:timers';
import WebSocket from 'ws';

const url = process.argv[2];
const FRAME = JSON.stringify({ type: 'ping', timestamp: 'flood' });
/** Keep at most this much queued locally, so the flooder measures the server and not its own memory. */
const MAX_BUFFERED = 1 << 20;
let sent = 0;
let closes = 0;
let announced = false;

/** Frames per turn of the event loop, so the process still reads answers and reports. */
const BATCH = 500;

function pump(ws) {
  for (let i = 0; i < BATCH && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < MAX_BUFFERED; i++) {
    ws.send(FRAME);
    sent += 1;
  }
  if (ws.readyState === WebSocket.OPEN) setImmediate(() => pump(ws));
}

function open() {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('open', () => {
    if (!announced) process.stdout.write('open\n');
    announced = true;
    pump(ws);
  });
  ws.on('message', () => undefined);
  ws.on('error', () => undefined);
  ws.on('close', () => {
    closes += 1;
    setTimeout(open, 1);
  });
}

open();
setInterval(() => process.stdout.write(`sent ${sent} closes ${closes}\n`), 250);
