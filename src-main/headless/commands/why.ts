// `incident-relay why <message_id|incident_id>`: asks a running server why an event or incident did (not) notify.
import { parseArgs, UsageError, flagBool } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';
import { formatWhy, type WhyAnswer } from '../../notify/index.js';

export async function whyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['json']));
  const id = args.positionals[0];
  if (!id || args.positionals.length > 1) throw new UsageError('usage: incident-relay why <message_id|incident_id> [--url URL] [--token T] [--json]');
  const token = publishToken(args);
  const res = await fetch(`${serverUrl(args)}/v1/notify/why/${encodeURIComponent(id)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`why failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as WhyAnswer;
  process.stdout.write(flagBool(args, 'json') ? `${JSON.stringify(answer, null, 2)}\n` : formatWhy(answer));
  return answer.decisions.length > 0 ? 0 : 1;
}
