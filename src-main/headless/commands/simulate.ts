// `incident-relay simulate`: a realistic stream of incidents, alerts, escalations, playbooks and comments.
import { flagString, parseArgs } from '../args.js';
import { postEvents, publishToken, serverUrl } from '../client-options.js';
import { createSimulator } from '../simulator.js';

export async function simulateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  const rate = Number(flagString(args, 'rate') ?? '2');
  const count = Number(flagString(args, 'count') ?? '0');
  if (!(rate > 0 && rate <= 10000)) throw new Error('--rate must be between 0 and 10000 events per second');
  const url = serverUrl(args);
  const token = publishToken(args);
  const sim = createSimulator(Number(flagString(args, 'seed') ?? Date.now()));
  let sent = 0;
  let stop = false;
  process.once('SIGINT', () => { stop = true; });
  const tickMs = 100;
  const perTick = rate * (tickMs / 1000);
  let credit = 0;
  while (!stop && (count === 0 || sent < count)) {
    credit += perTick;
    const n = Math.min(Math.floor(credit), count === 0 ? Infinity : count - sent, 1000);
    if (n > 0) {
      credit -= n;
      const events = Array.from({ length: n }, () => sim.next());
      await postEvents(url, token, { events });
      sent += n;
      process.stderr.write(`\rsimulate: ${sent} events published`);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  process.stderr.write('\n');
  return 0;
}
