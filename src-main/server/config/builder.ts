// A builder with the guide's method names (WebSocketStateBuilder), producing a validated, frozen config.
import { parseConfig } from './load.js';
import type { ConfigInput, AppConfig } from './schema.js';

export class AppConfigBuilder {
  private readonly input: Record<string, unknown> = {};

  private set(key: keyof ConfigInput, value: unknown): this {
    this.input[key] = value;
    return this;
  }

  maxPendingMessages(n: number): this { return this.set('max_pending_messages', n); }
  heartbeatIntervalSecs(n: number): this { return this.set('heartbeat_interval_secs', n); }
  sessionTimeoutSecs(n: number): this { return this.set('session_timeout_secs', n); }
  cleanupIntervalSecs(n: number): this { return this.set('cleanup_interval_secs', n); }
  broadcastCapacity(n: number): this { return this.set('broadcast_capacity', n); }
  enableCompression(on: boolean): this { return this.set('enable_compression', on); }
  host(h: string): this { return this.set('host', h); }
  port(p: number): this { return this.set('port', p); }
  maxConnections(n: number): this { return this.set('max_connections', n); }
  maxSubscriptionsPerSession(n: number): this { return this.set('max_subscriptions_per_session', n); }
  maxPayloadBytes(n: number): this { return this.set('max_payload_bytes', n); }
  dataDir(dir: string): this { return this.set('data_dir', dir); }
  publishToken(token: string): this { return this.set('publish_token', token); }
  journal(kind: 'sqlite' | 'memory'): this { return this.set('journal', kind); }
  with(values: ConfigInput): this {
    Object.assign(this.input, values);
    return this;
  }

  /** Validates and freezes; throws ConfigError naming the bad key. */
  build(): AppConfig {
    return parseConfig(this.input);
  }
}
