// The web console's second session secret (PROTOCOL 1.1 §7): how the page sends it on /control calls and the stream.

/** Header carrying the per-session secret on every `POST /control/<channel>` call. */
export const SESSION_SECRET_HEADER = 'x-ir-session-secret';
/** Subprotocol the `/control/stream` upgrade offers and the server selects (browsers cannot set upgrade headers). */
export const CONSOLE_STREAM_PROTOCOL = 'ir-console';
/** Prefix of the second offered subprotocol, `ir-secret.<secret>`, that carries the secret on the upgrade. */
export const SESSION_SECRET_PROTOCOL_PREFIX = 'ir-secret.';
/** sessionStorage key under which the page keeps the secret (readable only by its own origin, only in its tab). */
export const SESSION_SECRET_STORAGE_KEY = 'incident-relay.console-secret';
