// The core's configuration in the desktop app: settings' port, then an optional config file, then INCIDENT_RELAY_* variables.
import { configFromEnv, configFromFile, parseConfig, type AppConfig } from '../../server/index.js';

export interface DesktopConfigInput {
  /** The port saved in the desktop settings. */
  settingsPort: number;
  /** Where the journal and the publish token live (the app's userData folder). */
  dataDir: string;
  /** The sealed publish token (a config file or INCIDENT_RELAY_PUBLISH_TOKEN still wins). */
  publishToken?: string;
  /** The read-only token for local tools: added to `api_tokens` with the `subscribe` scope. */
  readToken?: string;
  /** `--config <file>` given on the command line. */
  configFile?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The desktop's own defaults, under any config file and environment: reading the stream needs a token even on
 * loopback (any local user could read it otherwise; the app's UI uses IPC, local tools the read token it shows).
 */
export const DESKTOP_DEFAULTS = { require_auth_for_read: true } as const;

/** Validated and frozen; notifications are off in the core config because the shell starts them with its own sink. */
export function desktopConfig(input: DesktopConfigInput): AppConfig {
  const fromFile = input.configFile ? configFromFile(input.configFile) : {};
  const sealed = input.publishToken === undefined ? {} : { publish_token: input.publishToken };
  const merged: Record<string, unknown> = {
    ...DESKTOP_DEFAULTS, port: input.settingsPort, data_dir: input.dataDir, ...sealed, ...fromFile, ...configFromEnv(input.env), notify: false,
  };
  // Appended to the configured tokens; a malformed `api_tokens` is left as it is for the validator to name.
  const configured = merged.api_tokens ?? [];
  if (input.readToken !== undefined && Array.isArray(configured)) merged.api_tokens = [...configured, { token: input.readToken, scopes: ['subscribe'] }];
  return parseConfig(merged);
}

/** `--config <file>` or `--config=<file>` from the process arguments. */
export function configFileArg(argv: readonly string[]): string | undefined {
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg.startsWith('--config=')) return arg.slice('--config='.length) || undefined;
    if (arg === '--config') return argv[k + 1];
  }
  return undefined;
}
