// Key pairs and signed tokens for the JWT tests: real keys made with jose, PEM/JWKS files in a temp dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export type AsymmetricAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface KeyPair {
  alg: AsymmetricAlg;
  privateKey: CryptoKey;
  publicPem: string;
  /** Path of the PEM public key written to the temp dir. */
  pemFile: string;
  /** Path of a JWKS file holding the public key under kid `k1`. */
  jwksFile: string;
}

export async function makeKeyPair(alg: AsymmetricAlg, dir: string, name: string = alg): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const publicPem = await exportSPKI(publicKey);
  const pemFile = join(dir, `${name}.pub.pem`);
  writeFileSync(pemFile, publicPem);
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg, use: 'sig' };
  const jwksFile = join(dir, `${name}.jwks.json`);
  writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  return { alg, privateKey, publicPem, pemFile, jwksFile };
}

const nowSecs = () => Math.floor(Date.now() / 1000);

/** Claims with an `exp` an hour ahead unless overridden; `undefined` values are dropped. */
export function claims(over: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = { sub: 'tester', iat: nowSecs(), exp: nowSecs() + 3600, scope: 'subscribe publish', ...over };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base as JWTPayload;
}

export async function signWith(key: CryptoKey | Uint8Array, alg: string, payload: JWTPayload, kid?: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

export const hsKey = (secret: string) => new TextEncoder().encode(secret);

/** An unsecured token (`alg: none`, empty signature). */
export function unsignedToken(payload: JWTPayload): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

export const secsFromNow = (s: number) => nowSecs() + s;
