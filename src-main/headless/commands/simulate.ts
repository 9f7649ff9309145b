// `incident-relay simulate`: a realistic on-call shift (incidents open, progress and resolve around --active) published to a server.
import type { Incident } from '../../../src-shared/protocol/index.js';
import { flagString, UsageError, type ParsedArgs } from '../args.js';
import { postEvents, publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { connectError } from '../server-address.js';
import { statusWriter, summaryText } from '../simulate-status.js';
import { createSimulator, SIMULATED_LABEL } from '../simulator.js';

export const SIMULATE_SPEC: CommandSpec = {
  name: 'simulate',
  summary: 'Publishes a realistic on-call shift until Ctrl-C or --count: incidents open, are acknowledged (Triaged), investigated and\n'
    + 'resolved, with alerts, escalations, comments and playbooks in between; about --active incidents stay open at any time.',
  options: [
    ...CLIENT_OPTIONS,
    { name: 'rate', kind: 'number', value: 'N', min: 0, max: 10000, help: 'events per second; fractions allowed, e.g. 0.2; 0 = no pacing, as fast as the server accepts (default 2)' },
    { name: 'count', kind: 'number', value: 'N', min: 0, integer: true, help: 'stop after N events (default 0: until Ctrl-C)' },
    { name: 'active', kind: 'number', value: 'N', min: 1, max: 10000, integer: true, help: 'active incidents to hover around (default 25)' },
    { name: 'seed', kind: 'number', value: 'N', integer: true, help: 'PRNG seed, to repeat a run (default: the clock)' },
  ],
  notes: [tokenLookupNote(),
    `progress: a live one-line status on a terminal, a plain status line every 10 s when piped; a summary on exit (Ctrl-C too).\n`
    + `Incidents carry the label ${SIMULATED_LABEL}=true; a new run takes over the ones a previous run left open, so they resolve too.`],
};

/** The simulated incidents a previous run left open (one page of up to 500 active incidents). */
async function leftovers(url: string, token: string | undefined): Promise<Incident[]> {
  const res = await fetch(`${url}/v1/incidents?active_only=true&limit=500`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
    .catch((err: unknown) => {
      throw connectError(url, err);
    });
  if (res.status !== 200) return [];
  const body = (await res.json()) as { incidents?: Incident[] };
  return (body.incidents ?? []).filter((i) => i.labels[SIMULATED_LABEL] === 'true');
}

async function simulate(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`simulate takes no arguments (got ${args.positionals.join(' ')})`);
  const rate = Number(flagString(args, 'rate') ?? '2');
  const count = Number(flagString(args, 'count') ?? '0');
  const url = serverUrl(args);
  const token = publishToken(args);
  const sim = createSimulator({ seed: Number(flagString(args, 'seed') ?? Date.now()), active: Number(flagString(args, 'active') ?? '25') });
  sim.adopt(await leftovers(url, token));
  const status = statusWriter(process.stderr);
  const started = Date.now();
  let sent = 0;
  let stop = false;
  const onSignal = () => { stop = true; };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tickMs = 100;
  let credit = 0;
  try {
    while (!stop && (count === 0 || sent < count)) {
      const left = count === 0 ? Infinity : count - sent;
      credit += rate * (tickMs / 1000);
      const n = rate === 0 ? Math.min(100, left) : Math.min(Math.floor(credit), left, 1000);
      if (n > 0) {
        credit -= n;
        await postEvents(url, token, { events: Array.from({ length: n }, () => sim.next()) });
        sent += n;
        status.update(sent, sim.stats(), Date.now() - started);
      }
      if (rate > 0) await new Promise((r) => setTimeout(r, tickMs));
    }
  } finally {
    status.finish(summaryText(sent, url, sim.stats(), Date.now() - started, stop));
  }
  return 0;
}

export function simulateCommand(argv: string[]): Promise<number> {
  return runWithSpec(SIMULATE_SPEC, argv, simulate);
}
