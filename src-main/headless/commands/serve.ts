// `incident-relay serve`: the relay with embedded defaults, configured by file, environment and flags.
import { coerceValue, ConfigSchema, createLogger, loadConfig, type AppConfig } from '../../server/index.js';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args.js';
import { openApp } from '../../app/index.js';
import { cliVersion, EXIT_CODES_NOTE } from '../command-help.js';
import { closestMatch } from '../did-you-mean.js';

/** Flags that take no value. */
export const SERVE_BOOLEAN_FLAGS = new Set(['enable_compression', 'insecure', 'notify', 'require_auth_for_read', 'journal_flag', 'help', 'version']);
const CLI_ONLY = new Set(['config', 'upstream', 'journal_flag', 'help', 'version']);

/** Turns serve flags into config input (`--no-journal` means the in-memory journal). */
export function flagsToConfig(args: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set(Object.keys(ConfigSchema.shape));
  for (const [name, values] of args.flags) {
    if (CLI_ONLY.has(name)) continue;
    if (!known.has(name)) {
      const near = closestMatch(name, [...known, ...CLI_ONLY].filter((k) => k !== 'journal_flag'));
      throw new UsageError(`unknown flag --${name.replace(/_/g, '-')} for serve${near ? ` (did you mean --${near.replace(/_/g, '-')}?)` : ''}; see incident-relay serve --help`);
    }
    const last = values[values.length - 1]!;
    out[name] = typeof last === 'boolean' ? last : coerceValue(name, last, `flag --${name.replace(/_/g, '-')}`);
  }
  if (flagBool(args, 'journal_flag') === false) out.journal = 'memory';
  const upstreams = (args.flags.get('upstream') ?? []).filter((v): v is string => typeof v === 'string');
  if (upstreams.length) out.upstreams = upstreams.map((url) => ({ url }));
  // `--cluster` may be repeated: one NATS URL each, same as a comma-separated list.
  const natsUrls = (args.flags.get('cluster') ?? []).filter((v): v is string => typeof v === 'string');
  if (natsUrls.length > 1) out.cluster = natsUrls.join(',');
  return out;
}

/** `serve --help`: the flags, generated from the config schema so the list cannot fall behind it. */
export function serveUsage(): string {
  const settings = Object.keys(ConfigSchema.shape).map((k) => `--${k.replace(/_/g, '-')}`);
  const lines: string[] = [];
  for (const flag of settings) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + flag.length < 110) lines[lines.length - 1] = `${last} ${flag}`;
    else lines.push(`  ${flag}`);
  }
  return 'usage: incident-relay serve [--config FILE] [--no-journal] [--upstream URL]... [--setting value]...\n\n'
    + 'Runs the relay (default 127.0.0.1:8080). Every setting (README, Configuration) is also a flag:\n'
    + `${lines.join('\n')}\n\n${EXIT_CODES_NOTE}\n`;
}

export async function serve(args: ParsedArgs): Promise<number> {
  // Asking for help must never start a server (nor create a data dir and a publish token).
  if (flagBool(args, 'help') || args.positionals.some((p) => p === '-h' || p === 'help')) {
    process.stdout.write(serveUsage());
    return 0;
  }
  if (flagBool(args, 'version')) {
    process.stdout.write(`incident-relay ${cliVersion()}\n`);
    return 0;
  }
  const config: AppConfig = loadConfig({ file: flagString(args, 'config'), env: process.env, flags: flagsToConfig(args) });
  const logger = createLogger(config.log_level);
  const relay = await openApp(config, logger);
  const addr = await relay.server.start().catch(async (err: unknown) => {
    await relay.close();
    throw err;
  });
  process.stdout.write(`listening on ${addr.url}\n`);
  process.stdout.write(`  WebSocket:     ${addr.url.replace(/^http/, 'ws')}/ws\n`);
  process.stdout.write(`  health:        ${addr.url}/health\n  metrics:       ${addr.url}/metrics\n`);
  process.stdout.write(`  publish token: ${relay.tokenPath} (send as "Authorization: Bearer <token>")\n`);
  for (const line of relay.extraLines) process.stdout.write(`${line}\n`);
  process.stdout.write(`  console:       ${relay.control?.webConsole.loginUrl() ?? '(off)'}\n`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      relay.close().then(resolve, (err: unknown) => {
        logger.error('shutdown failed', { error: (err as Error).message });
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
