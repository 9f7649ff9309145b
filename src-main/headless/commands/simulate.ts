// `incident-relay simulate`: a realistic stream of incidents, alerts, escalations, playbooks and comments.
import { flagString, UsageError, type ParsedArgs } from '../args.js';
import { postEvents, publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { createSimulator } from '../simulator.js';

export const SIMULATE_SPEC: CommandSpec = {
  name: 'simulate',
  summary: 'Publishes a realistic stream of incidents, alerts, escalations, playbooks and comments until Ctrl-C or --count.',
  options: [
    ...CLIENT_OPTIONS,
    { name: 'rate', kind: 'number', value: 'N', above: 0, max: 10000, help: 'events per second; fractions allowed, e.g. 0.2 (default 2)' },
    { name: 'count', kind: 'number', value: 'N', min: 0, integer: true, help: 'stop after N events (default 0: until Ctrl-C)' },
    { name: 'seed', kind: 'number', value: 'N', integer: true, help: 'PRNG seed, to repeat a run (default: the clock)' },
  ],
  notes: [tokenLookupNote(), 'progress: a live one-line counter on a terminal, nothing when stdout/stderr is piped; a summary on exit.'],
};

const events = (n: number) => `${n} ${n === 1 ? 'event' : 'events'}`;

async function simulate(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`simulate takes no arguments (got ${args.positionals.join(' ')})`);
  const rate = Number(flagString(args, 'rate') ?? '2');
  const count = Number(flagString(args, 'count') ?? '0');
  const url = serverUrl(args);
  const token = publishToken(args);
  const sim = createSimulator(Number(flagString(args, 'seed') ?? Date.now()));
  const live = process.stderr.isTTY === true;
  const started = Date.now();
  let sent = 0;
  let stop = false;
  const onSignal = () => { stop = true; };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tickMs = 100;
  const perTick = rate * (tickMs / 1000);
  let credit = 0;
  try {
    while (!stop && (count === 0 || sent < count)) {
      credit += perTick;
      const n = Math.min(Math.floor(credit), count === 0 ? Infinity : count - sent, 1000);
      if (n > 0) {
        credit -= n;
        await postEvents(url, token, { events: Array.from({ length: n }, () => sim.next()) });
        sent += n;
        if (live) process.stderr.write(`\rsimulate: ${events(sent)} published to ${url}`);
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
  } finally {
    if (live && sent > 0) process.stderr.write('\n');
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`simulate: published ${events(sent)} to ${url} in ${secs} s${stop ? ' (stopped)' : ''}\n`);
  }
  return 0;
}

export function simulateCommand(argv: string[]): Promise<number> {
  return runWithSpec(SIMULATE_SPEC, argv, simulate);
}
