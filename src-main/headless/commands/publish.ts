// `incident-relay publish [FILE]`: publishes one event (or {"events":[...]}) from a JSON file or stdin.
import { readFileSync } from 'node:fs';
import { UsageError, type ParsedArgs } from '../args.js';
import { postEvents, publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';

export const PUBLISH_SPEC: CommandSpec = {
  name: 'publish',
  positionals: '[FILE]',
  summary: 'Publishes one event, or {"events":[...]}, from FILE or stdin (FILE "-" or none); prints the message ids.',
  options: CLIENT_OPTIONS,
  notes: [tokenLookupNote()],
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function publish(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError(`publish takes one FILE (got ${args.positionals.length}: ${args.positionals.join(' ')})`);
  const url = serverUrl(args);
  const file = args.positionals[0];
  let text: string;
  try {
    text = file && file !== '-' ? readFileSync(file, 'utf8') : await readStdin();
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file ?? 'stdin'} is not valid JSON: ${(err as Error).message}`);
  }
  const ids = await postEvents(url, publishToken(args), body);
  for (const id of ids) process.stdout.write(`${id}\n`);
  return 0;
}

export function publishCommand(argv: string[]): Promise<number> {
  return runWithSpec(PUBLISH_SPEC, argv, publish);
}
