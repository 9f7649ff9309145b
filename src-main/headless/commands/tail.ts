// `incident-relay tail`: subscribe with filter flags and print events as readable lines or JSON; --resume keeps an ack file.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { EventMessage, IncidentEvent } from '../../../src-shared/protocol/index.js';
import { EVENT_TYPES, SEVERITIES, STATES } from '../../../src-shared/protocol/index.js';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { connectError } from '../server-address.js';
import { openTailStream, TAIL_TRANSPORTS, type TailTransport } from '../tail-stream.js';

const LIST_FLAGS = ['event_types', 'severities', 'states', 'sources', 'affected_resources', 'incident_ids'] as const;

export const TAIL_SPEC: CommandSpec = {
  name: 'tail',
  summary: 'Subscribes and prints events as readable lines (or JSON); filters are ANDed, values within one flag ORed.',
  options: [
    ...CLIENT_OPTIONS,
    { name: 'severities', kind: 'list', value: 'P0,P1', choices: SEVERITIES, help: 'only these severities (lowercase accepted)' },
    { name: 'event-types', kind: 'list', value: 'TYPE,...', choices: EVENT_TYPES, help: 'only these event types' },
    { name: 'states', kind: 'list', value: 'STATE,...', choices: STATES, help: 'only incidents in these states' },
    { name: 'sources', kind: 'list', value: 'SOURCE,...', help: 'only these sources' },
    { name: 'affected-resources', kind: 'list', value: 'RES,...', help: 'only incidents touching these resources' },
    { name: 'incident-ids', kind: 'list', value: 'ID,...', help: 'only these incidents' },
    { name: 'label', kind: 'pair', value: 'KEY=VALUE', help: 'only events with this label (repeat for more)' },
    { name: 'json', kind: 'boolean', help: 'print each event frame as one JSON line' },
    { name: 'resume', kind: 'string', value: 'FILE', help: 'keep the last acked id in FILE and resume after it (at-least-once)' },
    { name: 'auth', kind: 'boolean', help: 'send the publish token (for a server with --require-auth-for-read)' },
    { name: 'transport', kind: 'string', value: 'ws|msgpack|sse', choices: TAIL_TRANSPORTS, help: 'JSON WebSocket (default), MessagePack WebSocket, or Server-Sent Events' },
  ],
  notes: [tokenLookupNote()],
};

/** Builds subscription filters from comma-separated flags and `--label k=v`. */
export function filtersFromFlags(args: ParsedArgs): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  for (const k of LIST_FLAGS) {
    const v = flagString(args, k);
    if (v) f[k] = v.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const labels = (args.flags.get('label') ?? []).filter((x): x is string => typeof x === 'string');
  if (labels.length) f.labels = Object.fromEntries(labels.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return f;
}

/** One readable line per event. */
export function formatEvent(m: EventMessage): string {
  const e = m.event as IncidentEvent & Record<string, unknown>;
  const inc = (e as { incident?: { severity: string; title: string; state: string } }).incident;
  const alert = (e as { alert?: { severity: string; title: string } }).alert;
  const what = inc ? `${inc.severity} ${inc.state} ${inc.title}` : alert ? `${alert.severity} ${alert.title}`
    : String(e.comment ?? e.reason ?? e.message ?? e.playbook_name ?? e.action_name ?? e.channel ?? e.incident_id ?? '');
  return `${m.timestamp} ${e.event_type.padEnd(24)} ${what}`;
}

export function tailCommand(argv: string[]): Promise<number> {
  return runWithSpec(TAIL_SPEC, argv, tail);
}

async function tail(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`tail takes no arguments (got ${args.positionals.join(' ')}); filters are flags, see tail --help`);
  const httpUrl = serverUrl(args);
  const resumeFile = flagString(args, 'resume');
  let lastAcked: string | undefined;
  if (resumeFile) {
    try {
      lastAcked = readFileSync(resumeFile, 'utf8').trim() || undefined;
    } catch {
      lastAcked = undefined;
    }
  }
  const token = flagString(args, 'token') ?? (flagBool(args, 'auth') ? publishToken(args) : undefined);
  const json = flagBool(args, 'json') === true;
  const transport = (flagString(args, 'transport') ?? 'ws') as TailTransport;
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      resolve(code);
    };
    const stream = openTailStream({
      transport, httpUrl, token, filters: filtersFromFlags(args), resumeAfter: lastAcked,
      onMessage: (msg) => {
        if (msg.type === 'event') {
          const m = msg as unknown as EventMessage;
          process.stdout.write(`${json ? JSON.stringify(m) : formatEvent(m)}\n`);
          stream.ack(m.message_id);
          // PROTOCOL 1.1 §5: an out_of_order frame overtook older events; the resume point stays at the last in-order id.
          if (resumeFile && m.out_of_order !== true) {
            writeFileSync(`${resumeFile}.tmp`, m.message_id);
            renameSync(`${resumeFile}.tmp`, resumeFile);
          }
          return;
        }
        if (msg.type === 'error' || msg.type === 'closing' || msg.type === 'replay_complete') process.stderr.write(`${JSON.stringify(msg)}\n`);
      },
      onEnd: (ok) => finish(ok ? 0 : 1),
      onError: (err) => {
        process.stderr.write(`incident-relay tail: ${err.message.startsWith('the server refused') ? err.message : connectError(httpUrl, err).message}\n`);
        finish(1);
      },
    });
    process.once('SIGINT', () => stream.close());
  });
}
