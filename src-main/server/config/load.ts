// Builds the frozen configuration from a file (JSON or YAML), INCIDENT_RELAY_* variables and flags, in that order of weight.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigSchema, STRUCTURED_KEYS, type ConfigInput, type AppConfig } from './schema.js';
import { describeIssues } from '../../../src-shared/validation.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ENV_PREFIX = 'INCIDENT_RELAY_';
/** Settings that stay strings even when they look like numbers (a numeric secret must not become a number). */
const STRING_KEYS: ReadonlySet<string> = new Set([
  'host', 'data_dir', 'publish_token', 'journal_file', 'jwt_secret', 'jwt_secret_file', 'jwt_public_key_file',
  'jwt_jwks_file', 'jwt_audience', 'jwt_issuer', 'tls_cert_file', 'tls_key_file',
]);
const KNOWN_KEYS = Object.keys(ConfigSchema.shape);

/** Turns a string from the environment or a flag into the type the key expects. */
export function coerceValue(key: string, raw: string, where: string): unknown {
  const field = (ConfigSchema.shape as Record<string, { def?: { innerType?: unknown } }>)[key];
  if (!field) throw new ConfigError(`${where}: unknown setting "${key}"`);
  if (STRUCTURED_KEYS.has(key)) {
    try {
      return JSON.parse(raw);
    } catch {
      if (key === 'allowed_hosts' || key === 'allowed_origins') return raw.split(',').map((s) => s.trim()).filter(Boolean);
      throw new ConfigError(`${where}: "${key}" must be JSON`);
    }
  }
  if (/^-?\d+(\.\d+)?$/.test(raw) && !STRING_KEYS.has(key)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/** Reads INCIDENT_RELAY_<KEY> variables. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KNOWN_KEYS) {
    const v = env[ENV_PREFIX + key.toUpperCase()];
    if (v !== undefined) out[key] = coerceValue(key, v, `environment ${ENV_PREFIX}${key.toUpperCase()}`);
  }
  return out;
}

/** The YAML parser, loaded only for a YAML config file (loading it is a sizeable share of start-up). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** Reads a JSON or YAML config file; the path is named in every error. */
export function configFromFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`config file ${path}: must hold an object of settings`);
  return data as Record<string, unknown>;
}

/** Validates merged input once; a bad value stops start-up with a message naming the key. */
export function parseConfig(input: Record<string, unknown> | ConfigInput): AppConfig {
  const r = ConfigSchema.safeParse(input);
  if (!r.success) throw new ConfigError(`invalid configuration: ${describeIssues(r.error.issues)}`);
  const cfg = r.data;
  if (cfg.session_timeout_secs < cfg.heartbeat_interval_secs) {
    throw new ConfigError('invalid configuration: session_timeout_secs must be at least heartbeat_interval_secs');
  }
  if (cfg.rate_limit_burst < cfg.rate_limit_messages_per_sec / 10) {
    throw new ConfigError('invalid configuration: rate_limit_burst must be at least a tenth of rate_limit_messages_per_sec');
  }
  return Object.freeze(cfg);
}

/** File, then environment, then flags (flags win). */
export function loadConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; flags?: Record<string, unknown> }): AppConfig {
  const fromFile = opts.file ? configFromFile(opts.file) : {};
  const fromEnv = configFromEnv(opts.env ?? {});
  return parseConfig({ ...fromFile, ...fromEnv, ...(opts.flags ?? {}) });
}
