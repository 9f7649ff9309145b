// Per-command option specs: unknown flags and bad values are usage errors (exit 2) before anything connects.
import { UsageError, type ParsedArgs } from './args.js';
import { closestMatch } from './did-you-mean.js';

export interface OptionSpec {
  /** kebab-case flag name without the dashes, e.g. `severities`. */
  name: string;
  /** `string` takes one value, `list` a comma-separated one, `pair` KEY=VALUE (repeatable), `number` a finite number. */
  kind: 'boolean' | 'string' | 'list' | 'pair' | 'number';
  /** Placeholder shown in help, e.g. `P0,P1`. */
  value?: string;
  help: string;
  /** Allowed values (for `string`/`list`); matched case-insensitively and rewritten to their canonical spelling. */
  choices?: readonly string[];
  /** For `number`: the inclusive lower bound (or exclusive with `above`), the upper bound and whether it must be whole. */
  min?: number;
  above?: number;
  max?: number;
  integer?: boolean;
}

export interface CommandSpec {
  name: string;
  /** What follows the command name in the usage line, e.g. `[FILE]`. */
  positionals?: string;
  summary: string;
  options: readonly OptionSpec[];
  /** Extra paragraphs printed after the options (where the token comes from, exit codes...). */
  notes?: readonly string[];
}

/** What a command asked for: run with these arguments, or just print help or the version. */
export type CommandRequest = { kind: 'run'; args: ParsedArgs } | { kind: 'help' } | { kind: 'version' };

const flagName = (name: string) => `--${name}`;

function checkNumber(opt: OptionSpec, raw: string): void {
  const n = Number(raw);
  const bounds = [opt.above !== undefined ? `greater than ${opt.above}` : opt.min !== undefined ? `at least ${opt.min}` : '',
    opt.max !== undefined ? `at most ${opt.max}` : ''].filter(Boolean).join(' and ');
  const wanted = `${opt.integer ? 'a whole number' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
  const bad = raw.trim() === '' || !Number.isFinite(n) || (opt.integer === true && !Number.isInteger(n))
    || (opt.min !== undefined && n < opt.min) || (opt.above !== undefined && n <= opt.above) || (opt.max !== undefined && n > opt.max);
  if (bad) throw new UsageError(`${flagName(opt.name)} must be ${wanted} (got "${raw}")`);
}

/** Returns the canonical spelling of each comma-separated value, or throws naming the valid choices. */
function checkChoices(opt: OptionSpec, values: string[]): string[] {
  const choices = opt.choices!;
  return values.map((v) => {
    const hit = choices.find((c) => c.toLowerCase() === v.toLowerCase());
    if (hit) return hit;
    const near = closestMatch(v, choices);
    throw new UsageError(`${flagName(opt.name)}: "${v}" is not valid${near ? ` (did you mean ${near}?)` : ''}; choose from ${choices.join(', ')}`);
  });
}

/** Validates one raw value and returns it as the command will read it. */
function checkValue(opt: OptionSpec, raw: string): string {
  if (opt.kind === 'number') {
    checkNumber(opt, raw);
    return raw;
  }
  if (opt.kind === 'pair') {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flagName(opt.name)} needs KEY=VALUE (got "${raw}")`);
    return raw;
  }
  if (opt.kind === 'list') {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new UsageError(`${flagName(opt.name)} needs at least one value`);
    return (opt.choices ? checkChoices(opt, items) : items).join(',');
  }
  return opt.choices ? checkChoices(opt, [raw])[0]! : raw;
}

/** Parses argv against a spec: `--name value`, `--name=value`, bare booleans, `--no-name`; `--help`/`-h` and `--version` win. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): CommandRequest {
  if (argv.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const flags = new Map<string, (string | boolean)[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const negated = name.startsWith('no-') && byName.get(name.slice(3))?.kind === 'boolean';
    const opt = byName.get(negated ? name.slice(3) : name);
    if (!opt) {
      const near = closestMatch(name, [...byName.keys()]);
      throw new UsageError(`unknown flag --${name} for ${spec.name}${near ? ` (did you mean --${near}?)` : ''}; see incident-relay ${spec.name} --help`);
    }
    const key = opt.name.replace(/-/g, '_');
    const list = flags.get(key) ?? [];
    flags.set(key, list);
    if (opt.kind === 'boolean') {
      if (eq > 0 && !['true', 'false'].includes(arg.slice(eq + 1))) throw new UsageError(`${flagName(opt.name)} takes no value (or true/false)`);
      list.push(negated ? false : eq > 0 ? arg.slice(eq + 1) === 'true' : true);
      continue;
    }
    const raw = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new UsageError(`${flagName(opt.name)} needs a value${opt.value ? ` (${opt.value})` : ''}`);
    list.push(checkValue(opt, raw));
  }
  return { kind: 'run', args: { flags, positionals } };
}
