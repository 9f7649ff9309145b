// Entry of the plain-ws baseline server process: the relay's CLI flags, a publish token file, `listening on` line.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBaselineServer } from './baseline-relay.js';

const { values: flags } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    'data-dir': { type: 'string' },
    /** Accepted for command-line parity with the relay; the baseline keeps no journal. */
    'no-journal': { type: 'boolean', default: false },
    'enable-compression': { type: 'string', default: 'true' },
    'max-connections': { type: 'string', default: '10000' },
    /** Accepted for parity; plain ws has no per-session queue to bound. */
    'max-pending-messages': { type: 'string', default: '1000' },
    'max-subscriptions-per-session': { type: 'string', default: '100' },
    'heartbeat-interval-secs': { type: 'string', default: '30' },
  },
});

function count(name: keyof typeof flags, min: number): number {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${String(flags[name])}`);
  return n;
}

/** Reads `<data-dir>/publish-token`, creating it (owner-only) on first start, as the relay does. */
function publishToken(dataDir: string): string {
  const file = path.join(dataDir, 'publish-token');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const token = randomBytes(32).toString('base64url');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    return token;
  }
}

async function main(): Promise<void> {
  const compression = flags['enable-compression'];
  if (compression !== 'true' && compression !== 'false') throw new Error('--enable-compression must be true or false');
  const dataDir = flags['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'baseline-'));
  const server = await startBaselineServer({
    host: flags.host ?? '127.0.0.1', port: count('port', 0), token: publishToken(dataDir),
    compression: compression === 'true', maxConnections: count('max-connections', 1),
    maxSubscriptionsPerSession: count('max-subscriptions-per-session', 1), heartbeatIntervalSecs: count('heartbeat-interval-secs', 1),
  });
  console.log(`listening on ${server.url}`);
  const shutdown = (): void => { void server.close().then(() => process.exit(0)); };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: Error) => {
  console.error(`baseline: ${err.message}`);
  process.exit(1);
});
