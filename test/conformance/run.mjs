#!/usr/bin/env node
// The shared conformance runner (../shared/conformance, read-only) with a `--msgpack` switch: every WebSocket check then runs
// over the MessagePack subprotocol through a shim of the `ws` package, the checks themselves unchanged.
// Usage: node test/conformance/run.mjs [--msgpack] --base http://127.0.0.1:PORT [every other flag of the shared runner]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_RUNNER = resolve(ROOT, '../shared/conformance/run.mjs');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/**
 * The `ws` the shared runner loads (it requires `ws` from its working directory): a WebSocket that offers
 * `incident-relay.v1.msgpack` first, sends each JSON text the checks write as the MessagePack binary frame of the same
 * object (text that is not JSON goes as its raw bytes, which are no MessagePack message either), sends the checks'
 * binary frames as text frames (the frame kind a MessagePack session refuses), and hands every binary frame it
 * receives back to the checks as the JSON text of the decoded object. A text frame from the server reaches the
 * checks as a binary one, which they report as a failure.
 */
const SHIM = `'use strict';
const Real = require(${JSON.stringify(requireFromRoot.resolve('ws'))});
const { encode, decode } = require(${JSON.stringify(requireFromRoot.resolve('@msgpack/msgpack'))});
const MSGPACK = 'incident-relay.v1.msgpack';
class MsgpackWebSocket extends Real {
  constructor(address, protocols, options) {
    if (protocols && typeof protocols === 'object' && !Array.isArray(protocols)) { options = protocols; protocols = undefined; }
    const offered = typeof protocols === 'string' ? [protocols] : (protocols || []);
    super(address, [MSGPACK, ...offered], options);
  }
  send(data, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    const opts = options || {};
    if (opts.binary) return super.send(Buffer.from(data), { ...opts, binary: false }, cb);
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    let value;
    try { value = JSON.parse(text); } catch { return super.send(Buffer.from(text), { ...opts, binary: true }, cb); }
    return super.send(Buffer.from(encode(value)), { ...opts, binary: true }, cb);
  }
  emit(event, ...args) {
    if (event !== 'message') return super.emit(event, ...args);
    const [data, isBinary] = args;
    if (!isBinary) return super.emit('message', data, true);
    return super.emit('message', Buffer.from(JSON.stringify(decode(data))), false);
  }
}
module.exports = MsgpackWebSocket;
module.exports.WebSocket = MsgpackWebSocket;
module.exports.WebSocketServer = Real.WebSocketServer;
`;

const args = process.argv.slice(2);
const msgpack = args.includes('--msgpack');
const passed = args.filter((a) => a !== '--msgpack');
let cwd = ROOT;
let shimDir;
if (msgpack) {
  shimDir = mkdtempSync(join(tmpdir(), 'ir-conformance-msgpack-'));
  mkdirSync(join(shimDir, 'node_modules/ws'), { recursive: true });
  writeFileSync(join(shimDir, 'package.json'), '{"name":"conformance-msgpack","private":true}\n');
  writeFileSync(join(shimDir, 'node_modules/ws/package.json'), '{"name":"ws","main":"index.js"}\n');
  writeFileSync(join(shimDir, 'node_modules/ws/index.js'), SHIM);
  cwd = shimDir;
  console.log('conformance: WebSocket checks over the MessagePack subprotocol (incident-relay.v1.msgpack)');
}
const r = spawnSync(process.execPath, [SHARED_RUNNER, ...passed], { cwd, stdio: 'inherit' });
if (shimDir) rmSync(shimDir, { recursive: true, force: true });
process.exitCode = r.status ?? 1;
