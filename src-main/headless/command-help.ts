// Help text, version and the shared client flags (--url, --token, --data-dir) every client command accepts.
import { readFileSync } from 'node:fs';
import { defaultDataDir } from '../server/index.js';
import { parseCommand, type CommandSpec, type OptionSpec } from './option-spec.js';
import type { ParsedArgs } from './args.js';

export const EXIT_CODES_NOTE = 'exit codes: 0 ok, 1 runtime error (cannot connect, server refused), 2 usage error (bad flag or value)';

/** --url, --token and --data-dir: where the server is and how the publish token is found. */
export const CLIENT_OPTIONS: readonly OptionSpec[] = [
  { name: 'url', kind: 'string', value: 'URL', help: 'the server, in any printed form: http://HOST:PORT, ws://HOST:PORT/ws, HOST:PORT (default $INCIDENT_RELAY_URL or http://127.0.0.1:8080)' },
  { name: 'token', kind: 'string', value: 'TOKEN', help: 'the publish token (default $INCIDENT_RELAY_PUBLISH_TOKEN, then the data dir\'s publish-token file)' },
  { name: 'data-dir', kind: 'string', value: 'DIR', help: 'the data dir the server was started with (`serve --data-dir DIR`); its publish-token file is read' },
];

/** How a client finds the token; printed in every client command's help. */
export function tokenLookupNote(): string {
  return 'token lookup: --token, else $INCIDENT_RELAY_PUBLISH_TOKEN, else <data dir>/publish-token where the data dir is\n'
    + `  --data-dir, else $INCIDENT_RELAY_DATA_DIR, else ${defaultDataDir()}. A server started with --data-dir X needs --data-dir X here.`;
}

/** The package version, read from package.json next to the build. */
export function cliVersion(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (built dist/ or run from source)
    }
  }
  return 'unknown';
}

/** `<command> --help`: usage line, summary, one line per option, then the notes. */
export function commandHelp(spec: CommandSpec): string {
  const label = (o: OptionSpec) => `--${o.name}${o.kind === 'boolean' ? '' : ` ${o.value ?? 'VALUE'}`}`;
  const width = Math.max(...spec.options.map((o) => label(o).length), '--version'.length) + 2;
  const lines = spec.options.map((o) => {
    const choices = o.choices && o.choices.length <= 14 ? ` [${o.choices.join(', ')}]` : '';
    return `  ${label(o).padEnd(width)}${o.help}${choices}`;
  });
  lines.push(`  ${'--help'.padEnd(width)}this text (sends nothing)`, `  ${'--version'.padEnd(width)}print the version`);
  return `usage: incident-relay ${spec.name}${spec.positionals ? ` ${spec.positionals}` : ''} [flags]\n\n${spec.summary}\n\nflags:\n${lines.join('\n')}\n\n`
    + `${[...(spec.notes ?? []), EXIT_CODES_NOTE].join('\n\n')}\n`;
}

/** Parses argv against the spec; prints help or the version (exit 0) without running, else runs the command. */
export async function runWithSpec(spec: CommandSpec, argv: readonly string[], run: (args: ParsedArgs) => Promise<number>): Promise<number> {
  const req = parseCommand(spec, argv);
  if (req.kind === 'help') {
    process.stdout.write(commandHelp(spec));
    return 0;
  }
  if (req.kind === 'version') {
    process.stdout.write(`incident-relay ${cliVersion()}\n`);
    return 0;
  }
  return run(req.args);
}
