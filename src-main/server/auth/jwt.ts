// JWT bearer tokens (jose): one algorithm pinned by configuration, `exp` required, optional aud/iss, scopes from `scope`.
import { readFileSync } from 'node:fs';
import type { CryptoKey, JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../config/schema.js';
import type { Credentials } from './credentials.js';
import { effectiveScopes, type Authenticator, type Scope } from './authenticator.js';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

/** Where the verification key comes from: exactly one of these. */
export type JwtKeySource = { secret: string } | { publicKeyPem: string } | { jwks: JSONWebKeySet };

export interface JwtSettings {
  algorithm: JwtAlgorithm;
  key: JwtKeySource;
  audience?: string;
  issuer?: string;
  /** Allowed clock skew on exp/nbf (seconds); the session lives until exp plus this. */
  clockToleranceSecs: number;
}

/** Tokens longer than this are refused unparsed (a JWT with a few claims is well under 2 KiB). */
export const MAX_JWT_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Reads the `scope` claim (space-separated string or array) into known scopes; unknown values are ignored. */
export function scopesFromClaim(claim: unknown): ReadonlySet<Scope> {
  const items = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim.filter((x): x is string => typeof x === 'string') : [];
  return effectiveScopes(items.filter(Boolean));
}

type VerifyKey = Uint8Array | CryptoKey | JWTVerifyGetKey;

/** jose (about 180 modules, 0.1 s) is loaded only when JWT auth is configured, not at every start. */
const loadJose = () => import('jose');

/** Verifies JWTs with the configured algorithm only, so `alg: none` and algorithm confusion (HS256 with a public key) fail. */
export class JwtAuthenticator implements Authenticator {
  private readonly key: Promise<VerifyKey>;

  constructor(private readonly settings: JwtSettings, private readonly onRefused: (reason: string) => void = () => undefined) {
    this.key = loadKey(settings);
    // A bad key surfaces through ready() at start; until then verify() refuses every token.
    this.key.catch((err: unknown) => onRefused(`key not loaded: ${(err as Error).message}`));
  }

  /** Resolves once the key is imported; rejects with a message naming the problem (bad PEM, bad JWKS). */
  async ready(): Promise<void> {
    await this.key;
  }

  async verify(token: string): Promise<Credentials | null> {
    if (token.length > MAX_JWT_LENGTH || !JWT_SHAPE.test(token)) return null;
    const s = this.settings;
    try {
      const key = await this.key;
      const { jwtVerify } = await loadJose();
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms: [s.algorithm],
        audience: s.audience,
        issuer: s.issuer,
        clockTolerance: s.clockToleranceSecs,
        requiredClaims: ['exp'],
      });
      const scopes = scopesFromClaim(payload.scope);
      if (scopes.size === 0) {
        this.onRefused('no known scope in the "scope" claim');
        return null;
      }
      return { scopes, expiresAt: (payload.exp! + s.clockToleranceSecs) * 1000 };
    } catch (err) {
      // Only the error code and claim name: jose errors may carry the payload, which is the caller's data.
      const e = err as { code?: string; claim?: string };
      this.onRefused(`${e.code ?? 'ERR_JWT_INVALID'}${e.claim ? ` (${e.claim})` : ''}`);
      return null;
    }
  }
}

async function loadKey(s: JwtSettings): Promise<VerifyKey> {
  if ('secret' in s.key) {
    if (s.algorithm !== 'HS256') throw new Error(`jwt_algorithm ${s.algorithm} needs jwt_public_key_file or jwt_jwks_file, not a shared secret`);
    return new TextEncoder().encode(s.key.secret);
  }
  if (s.algorithm === 'HS256') throw new Error('jwt_algorithm HS256 needs jwt_secret or jwt_secret_file');
  const { createLocalJWKSet, importSPKI } = await loadJose();
  if ('publicKeyPem' in s.key) {
    try {
      return await importSPKI(s.key.publicKeyPem, s.algorithm);
    } catch (err) {
      throw new Error(`jwt_public_key_file is not a ${s.algorithm} public key in PEM (SPKI) form: ${(err as Error).message}`);
    }
  }
  try {
    return createLocalJWKSet(s.key.jwks);
  } catch (err) {
    throw new Error(`jwt_jwks_file is not a JSON Web Key Set: ${(err as Error).message}`);
  }
}

function readSetting(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${key}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Builds JWT settings from configuration (reading key files), or null when `jwt_algorithm` is unset; throws naming the key. */
export function jwtSettingsFromConfig(config: AppConfig): JwtSettings | null {
  const sources = ['jwt_secret', 'jwt_secret_file', 'jwt_public_key_file', 'jwt_jwks_file'] as const;
  const given = sources.filter((k) => config[k] !== undefined);
  if (!config.jwt_algorithm) {
    if (given.length > 0) throw new Error(`${given.join(', ')} given without jwt_algorithm`);
    return null;
  }
  const allowed = config.jwt_algorithm === 'HS256' ? sources.slice(0, 2) : sources.slice(2);
  if (given.length !== 1 || !allowed.includes(given[0]!)) {
    throw new Error(`jwt_algorithm ${config.jwt_algorithm} needs exactly one of ${allowed.join(', ')} (got ${given.length ? given.join(', ') : 'none'})`);
  }
  let key: JwtKeySource;
  if (config.jwt_secret !== undefined) key = { secret: config.jwt_secret };
  else if (config.jwt_secret_file !== undefined) {
    const secret = readSetting(config.jwt_secret_file, 'jwt_secret_file').trim();
    if (secret.length < 32) throw new Error(`jwt_secret_file: the secret in ${config.jwt_secret_file} must be at least 32 characters`);
    key = { secret };
  } else if (config.jwt_public_key_file !== undefined) key = { publicKeyPem: readSetting(config.jwt_public_key_file, 'jwt_public_key_file') };
  else {
    const path = config.jwt_jwks_file!;
    const text = readSetting(path, 'jwt_jwks_file');
    try {
      key = { jwks: JSON.parse(text) as JSONWebKeySet };
    } catch (err) {
      throw new Error(`jwt_jwks_file: ${path} is not JSON: ${(err as Error).message}`);
    }
  }
  return {
    algorithm: config.jwt_algorithm, key,
    audience: config.jwt_audience, issuer: config.jwt_issuer, clockToleranceSecs: config.jwt_clock_tolerance_secs,
  };
}
