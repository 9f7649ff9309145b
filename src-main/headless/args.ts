// Command-line flags: `--kebab-name value`, `--kebab-name=value`, bare booleans and `--no-name`.

export interface ParsedArgs {
  /** Flag name in snake_case → raw string (or true/false for bare flags); repeated flags collect into arrays. */
  flags: Map<string, (string | boolean)[]>;
  positionals: string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses argv; `booleans` lists flags that take no value. */
export function parseArgs(argv: readonly string[], booleans: ReadonlySet<string>): ParsedArgs {
  const flags = new Map<string, (string | boolean)[]>();
  const positionals: string[] = [];
  const push = (k: string, v: string | boolean) => {
    const list = flags.get(k) ?? [];
    list.push(v);
    flags.set(k, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    let name = (eq > 0 ? a.slice(2, eq) : a.slice(2)).replace(/-/g, '_');
    if (eq > 0) {
      push(name, a.slice(eq + 1));
      continue;
    }
    if (name.startsWith('no_') && booleans.has(name.slice(3))) {
      push(name.slice(3), false);
      continue;
    }
    if (booleans.has(name)) {
      const next = argv[i + 1];
      if (next === 'true' || next === 'false') {
        push(name, next === 'true');
        i++;
      } else push(name, true);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name.replace(/_/g, '-')} needs a value`);
    push(name, value);
    i++;
    name = '';
  }
  return { flags, positionals };
}

/** The last value of a flag as a string. */
export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  const last = v?.[v.length - 1];
  return typeof last === 'string' ? last : undefined;
}

export function flagBool(args: ParsedArgs, name: string): boolean | undefined {
  const v = args.flags.get(name);
  const last = v?.[v.length - 1];
  return typeof last === 'boolean' ? last : last === undefined ? undefined : last === 'true';
}
