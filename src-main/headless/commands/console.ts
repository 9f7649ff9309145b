// `incident-relay console` (alias `console-url`): asks a running server for a fresh one-time web console sign-in URL.
import { UsageError, type ParsedArgs } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { connectError } from '../server-address.js';

export const CONSOLE_SPEC: CommandSpec = {
  name: 'console',
  summary: 'Prints a fresh one-time sign-in URL for the web console of a running server (asked through its admin API with the\n'
    + 'publish token). Open it in any browser: each URL works once, within 10 minutes; run console again for another browser or tab.',
  options: CLIENT_OPTIONS,
  notes: [tokenLookupNote(), '`console-url` is the same command under its old name.'],
};

async function consoleLogin(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`console takes no arguments (got ${args.positionals.join(' ')})`);
  const url = serverUrl(args);
  const token = publishToken(args);
  if (!token) {
    process.stderr.write('incident-relay console: no token: pass --token, set INCIDENT_RELAY_PUBLISH_TOKEN, or pass --data-dir with the server\'s data dir\n');
    return 2;
  }
  const res = await fetch(`${url}/control/session:login-url`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    .catch((err: unknown) => {
      throw connectError(url, err);
    });
  const text = await res.text();
  if (res.status !== 200) {
    process.stderr.write(`incident-relay console: ${url} refused a sign-in URL: HTTP ${res.status} ${text}\n`);
    return 1;
  }
  process.stdout.write(`${(JSON.parse(text) as { url: string }).url}\n`);
  return 0;
}

export function consoleCommand(argv: string[]): Promise<number> {
  return runWithSpec(CONSOLE_SPEC, argv, consoleLogin);
}
