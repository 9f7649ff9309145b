// The Connections view's own upstreams in the relay: starts and stops them, and keeps why an enabled one could not start.
import { BridgeError } from '../../src-shared/bridge/index.js';
import type { Logger } from '../server/index.js';
import { UpstreamConfigError, type UpstreamRelays } from '../relay/index.js';
import type { StoredUpstream } from './upstream-file.js';

/** The relay's refusal of an upstream as the bridge error the form shows (a clash is a conflict, the rest name the field). */
export function upstreamRefusal(err: unknown): BridgeError {
  if (!(err instanceof UpstreamConfigError)) return err instanceof BridgeError ? err : new BridgeError('internal_error', String(err));
  if (/already exists|two upstreams/.test(err.message)) return new BridgeError('conflict', err.message);
  // `invalid upstream "x": filters.severities.0: ...` → `filters.severities.0: ...`, so the form marks the field.
  return new BridgeError('invalid_message', err.message.replace(/^invalid upstream(?: "[^"]*")?: /, ''));
}

export class UpstreamRunner {
  /** Names of the upstreams this runner added to the relay (never a configured one). */
  private readonly running = new Set<string>();
  /** Why an enabled upstream could not be started, by name. */
  private readonly startErrors = new Map<string, string>();

  constructor(private readonly relay: UpstreamRelays | undefined, private readonly logger: Logger) {}

  /** Adds `u` to the relay; `strict` throws the refusal (a new upstream), else it is logged and kept for the view. */
  start(u: StoredUpstream, strict = false): void {
    this.startErrors.delete(u.name);
    if (!this.relay) {
      if (strict) throw new BridgeError('unavailable', 'this process relays no upstreams');
      return;
    }
    try {
      this.relay.addUpstream({ name: u.name, url: u.url, token: u.token, filters: u.filters });
      this.running.add(u.name);
    } catch (err) {
      if (strict) throw upstreamRefusal(err);
      this.startErrors.set(u.name, (err as Error).message);
      this.logger.warn('saved upstream not started', { upstream: u.name, error: (err as Error).message });
    }
  }

  /** Takes `name` out of the relay when this runner put it there. */
  async stop(name: string): Promise<void> {
    this.startErrors.delete(name);
    if (this.running.has(name) && this.relay?.status(name)) await this.relay.removeUpstream(name);
    this.running.delete(name);
  }

  /** Takes every upstream this runner started out of the relay. */
  async stopAll(): Promise<void> {
    for (const name of [...this.running]) await this.stop(name);
  }

  /** Why `name` could not be started, or undefined. */
  startError(name: string): string | undefined {
    return this.startErrors.get(name);
  }
}
