// `incident-relay console-url`: asks a running server for a new one-time console URL (needs the admin/publish token).
import { UsageError, type ParsedArgs } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { connectError } from '../server-address.js';

export const CONSOLE_URL_SPEC: CommandSpec = {
  name: 'console-url',
  summary: 'Prints a new one-time web console login URL of a running server (uses its admin/publish token).',
  options: CLIENT_OPTIONS,
  notes: [tokenLookupNote()],
};

async function consoleUrl(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`console-url takes no arguments (got ${args.positionals.join(' ')})`);
  const url = serverUrl(args);
  const token = publishToken(args);
  if (!token) {
    process.stderr.write('no token: pass --token, set INCIDENT_RELAY_PUBLISH_TOKEN, or pass --data-dir with the server\'s data dir\n');
    return 2;
  }
  const res = await fetch(`${url}/control/session:login-url`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    .catch((err: unknown) => {
      throw connectError(url, err);
    });
  const text = await res.text();
  if (res.status !== 200) {
    process.stderr.write(`console-url failed: ${url} answered HTTP ${res.status} ${text}\n`);
    return 1;
  }
  process.stdout.write(`${(JSON.parse(text) as { url: string }).url}\n`);
  return 0;
}

export function consoleUrlCommand(argv: string[]): Promise<number> {
  return runWithSpec(CONSOLE_URL_SPEC, argv, consoleUrl);
}
