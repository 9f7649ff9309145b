#!/usr/bin/env node
// `incident-relay`: serve, publish, tail, simulate, console — the headless entry of the same core the desktop app embeds.
import { parseArgs, UsageError } from './args.js';
import { serve, SERVE_BOOLEAN_FLAGS } from './commands/serve.js';
import { ConfigError } from '../server/index.js';
import { cliVersion, EXIT_CODES_NOTE } from './command-help.js';
import { closestMatch } from './did-you-mean.js';

const USAGE = `usage: incident-relay <command> [flags]

commands:
  serve       run the relay (default 127.0.0.1:8080); flags: --port N, --host H, --config FILE, --data-dir DIR,
              --no-journal, --upstream URL, --notify, --cluster URL[,URL] (NATS JetStream),
              and every setting as --kebab-case (see README)
  publish     publish one event from a JSON file or stdin: publish [FILE] [--url URL] [--token T]
  tail        print events, reconnecting after a drop: tail [--url URL] [--severities P0,P1] [--event-types ...] [--json]
              [--color auto|always|never] [--utc] [--resume FILE] [--no-reconnect]
  simulate    publish a realistic shift: simulate [--url URL] [--rate N] [--count N] [--active N]
  notify-test show one sample desktop notification
  why         why an event or incident did (or did not) notify: why <message_id|incident_id> [--url URL] [--json]
  console     print a fresh web console sign-in URL of a running server: console [--url URL] [--data-dir DIR]
              (console-url is the same command)

Every command takes --help (prints its flags, sends nothing) and --version. Client commands find the server with
--url (http://HOST:PORT, ws://HOST:PORT/ws or HOST:PORT) and the token with --token or --data-dir (see <command> --help).

${EXIT_CODES_NOTE}
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: (argv) => serve(parseArgs(argv.map((a) => (a === '--no-journal' ? '--no-journal-flag' : a)), SERVE_BOOLEAN_FLAGS)),
  publish: async (argv) => (await import('./commands/publish.js')).publishCommand(argv),
  tail: async (argv) => (await import('./commands/tail.js')).tailCommand(argv),
  simulate: async (argv) => (await import('./commands/simulate.js')).simulateCommand(argv),
  'notify-test': async (argv) => (await import('./commands/notify-test.js')).notifyTestCommand(argv),
  why: async (argv) => (await import('./commands/why.js')).whyCommand(argv),
  console: async (argv) => (await import('./commands/console.js')).consoleCommand(argv),
  'console-url': async (argv) => (await import('./commands/console.js')).consoleCommand(argv),
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-V' || cmd === 'version') {
    process.stdout.write(`incident-relay ${cliVersion()}\n`);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    const near = closestMatch(cmd, Object.keys(COMMANDS));
    process.stderr.write(`incident-relay: unknown command "${cmd}"${near ? ` (did you mean ${near}?)` : ''}\n${USAGE}`);
    return 2;
  }
  return run(rest);
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`incident-relay: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`incident-relay: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
