// `incident-relay publish [FILE]`: publishes one event (or {"events":[...]}) from a JSON file or stdin.
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError } from '../args.js';
import { postEvents, publishToken, serverUrl } from '../client-options.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function publishCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  const file = args.positionals[0];
  const text = file && file !== '-' ? readFileSync(file, 'utf8') : await readStdin();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file ?? 'stdin'} is not valid JSON: ${(err as Error).message}`);
  }
  const ids = await postEvents(serverUrl(args), publishToken(args), body);
  for (const id of ids) process.stdout.write(`${id}\n`);
  return 0;
}
