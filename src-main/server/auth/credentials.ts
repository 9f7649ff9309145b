// What a verified token grants: its scopes and its expiry (shared by the authenticators, HTTP routes and sessions).

export interface Credentials {
  scopes: ReadonlySet<string>;
  /** Epoch ms, or null for tokens that never expire. */
  expiresAt: number | null;
}
