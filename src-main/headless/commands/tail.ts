// `incident-relay tail`: subscribe with filter flags and print events as readable lines or JSON; reconnects and resumes.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { Backoff } from '../../../src-shared/backoff.js';
import type { EventMessage, IncidentEvent } from '../../../src-shared/protocol/index.js';
import { EVENT_TYPES, SEVERITIES, STATES } from '../../../src-shared/protocol/index.js';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';
import { CLIENT_OPTIONS, runWithSpec, tokenLookupNote } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { painter, useColor, type ColorMode } from '../tail/colors.js';
import { carriedIncident, formatLine, referencedIncident } from '../tail/format.js';
import { IncidentContext, incidentFetcher, infoOf, type IncidentInfo } from '../tail/incident-context.js';
import { runTailStream } from '../tail/stream.js';
import { runSseTailStream } from '../tail/sse-stream.js';

const TRANSPORTS = ['ws', 'msgpack', 'sse'] as const;

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
    { name: 'json', kind: 'boolean', help: 'print each event frame as one JSON line (unchanged format, for scripts)' },
    { name: 'color', kind: 'string', value: 'WHEN', choices: ['auto', 'always', 'never'], help: 'colour by severity; auto: only on a terminal and without $NO_COLOR (default auto)' },
    { name: 'utc', kind: 'boolean', help: 'print times in UTC (14:03:07Z) instead of local time (14:03:07)' },
    { name: 'reconnect', kind: 'boolean', help: 'after a drop, reconnect with backoff and resume after the last event (default on; --no-reconnect exits 1)' },
    { name: 'resume', kind: 'string', value: 'FILE', help: 'keep the last acked id in FILE and resume after it (at-least-once)' },
    { name: 'auth', kind: 'boolean', help: 'send the publish token (for a server with --require-auth-for-read)' },
    { name: 'transport', kind: 'string', value: 'ws|msgpack|sse', choices: TRANSPORTS, help: 'JSON WebSocket (default), MessagePack WebSocket, or Server-Sent Events' },
  ],
  notes: [tokenLookupNote(),
    'lines: local time, severity, event, incident title, (service), what changed; comments and assignments are looked up\n'
    + '  by incident (one GET /v1/incidents/:id for an incident not seen yet). Notices (reconnecting, resumed, gap, closing) go to stderr.',
    'reconnect: the first connection must succeed (else exit 1); after a drop tail retries with backoff (1 s doubling to 30 s,\n'
    + '  jittered) and resumes after the last in-order event: nothing missed, nothing printed twice, or a "gap:" notice.'],
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

export function tailCommand(argv: string[]): Promise<number> {
  return runWithSpec(TAIL_SPEC, argv, tail);
}

function readResumeFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function tail(args: ParsedArgs): Promise<number> {
  if (args.positionals.length) throw new UsageError(`tail takes no arguments (got ${args.positionals.join(' ')}); filters are flags, see tail --help`);
  const httpUrl = serverUrl(args);
  const resumeFile = flagString(args, 'resume');
  const token = flagString(args, 'token') ?? (flagBool(args, 'auth') ? publishToken(args) : undefined);
  const json = flagBool(args, 'json') === true;
  const paint = painter(useColor((flagString(args, 'color') ?? 'auto') as ColorMode, process.stdout.isTTY === true, process.env));
  const lineOptions = { utc: flagBool(args, 'utc') === true, paint };
  const incidents = new IncidentContext({ fetchIncident: incidentFetcher(httpUrl, token) });
  // Lines are written in arrival order even when one waits for its incident's title to be fetched.
  let printed: Promise<void> = Promise.resolve();
  const print = (m: EventMessage) => {
    if (json) {
      process.stdout.write(`${JSON.stringify(m)}\n`);
      return;
    }
    const info = rememberFrom(incidents, m.event);
    const id = referencedIncident(m.event);
    const lookup = info || !id ? Promise.resolve(info) : incidents.lookup(id);
    printed = printed.then(() => lookup).then((found) => { process.stdout.write(`${formatLine(m, found, lineOptions)}\n`); });
  };
  const transport = (flagString(args, 'transport') ?? 'ws') as (typeof TRANSPORTS)[number];
  const stream = (transport === 'sse' ? runSseTailStream : runTailStream)({
    transport: transport === 'sse' ? undefined : transport,
    httpUrl,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    filters: filtersFromFlags(args),
    resumeAfter: readResumeFile(resumeFile),
    reconnect: flagBool(args, 'reconnect') !== false,
    backoff: new Backoff({ baseMs: 1000, capMs: 30_000 }),
    onEvent: print,
    onResumePoint: (id) => {
      if (!resumeFile) return;
      writeFileSync(`${resumeFile}.tmp`, id);
      renameSync(`${resumeFile}.tmp`, resumeFile);
    },
    notice: (line) => process.stderr.write(`incident-relay tail: ${line}\n`),
  });
  process.once('SIGINT', () => stream.stop());
  process.once('SIGTERM', () => stream.stop());
  const code = await stream.done;
  await printed;
  return code;
}

/** Updates the incident context from an event that carries the incident (or escalates it); the context it now has. */
function rememberFrom(incidents: IncidentContext, e: IncidentEvent): IncidentInfo | undefined {
  const inc = carriedIncident(e);
  if (inc) {
    const info = infoOf(inc);
    incidents.remember(inc.id, info);
    return info;
  }
  if (e.event_type === 'escalated') incidents.update(e.incident_id, { severity: e.to_severity });
  return undefined;
}
