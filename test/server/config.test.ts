// Configuration: defaults, file/env/flag precedence, validation naming the key, and the guide's builder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppConfigBuilder } from '../../src-main/server/config/builder.js';
import { ConfigError, loadConfig, parseConfig } from '../../src-main/server/config/load.js';

describe('configuration', () => {
  it('has the guide defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1', port: 8080, max_pending_messages: 1000, heartbeat_interval_secs: 30, session_timeout_secs: 300,
      cleanup_interval_secs: 60, broadcast_capacity: 10000, enable_compression: true, max_subscriptions_per_session: 100, max_payload_bytes: 65536,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lets flags win over environment and environment over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-cfg-'));
    const file = join(dir, 'relay.yaml');
    writeFileSync(file, 'port: 9001\nmax_pending_messages: 10\nheartbeat_interval_secs: 5\n');
    const c = loadConfig({ file, env: { INCIDENT_RELAY_PORT: '9002', INCIDENT_RELAY_MAX_PENDING_MESSAGES: '20' }, flags: { port: 9003 } });
    expect(c.port).toBe(9003);
    expect(c.max_pending_messages).toBe(20);
    expect(c.heartbeat_interval_secs).toBe(5);
  });

  it('reads JSON files too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-cfg-'));
    const file = join(dir, 'relay.json');
    writeFileSync(file, JSON.stringify({ allowed_origins: ['https://oncall.example.com'] }));
    expect(loadConfig({ file }).allowed_origins).toEqual(['https://oncall.example.com']);
  });

  it('names the key of a bad value', () => {
    expect(() => parseConfig({ port: 70000 })).toThrow(/port/);
    expect(() => loadConfig({ env: { INCIDENT_RELAY_MAX_PENDING_MESSAGES: 'lots' } })).toThrow(/max_pending_messages/);
    expect(() => parseConfig({ nonsense: 1 })).toThrow(ConfigError);
    expect(() => parseConfig({ heartbeat_interval_secs: 60, session_timeout_secs: 30 })).toThrow(/session_timeout_secs/);
  });

  it('names the path of a broken config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-cfg-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ file })).toThrow(file);
    expect(() => loadConfig({ file: join(dir, 'missing.yaml') })).toThrow(/missing\.yaml/);
  });

  it('builds with the guide method names', () => {
    const c = new AppConfigBuilder().maxPendingMessages(500).heartbeatIntervalSecs(60).sessionTimeoutSecs(600).broadcastCapacity(5000).build();
    expect(c).toMatchObject({ max_pending_messages: 500, heartbeat_interval_secs: 60, session_timeout_secs: 600, broadcast_capacity: 5000 });
    expect(() => new AppConfigBuilder().maxPendingMessages(0).build()).toThrow(/max_pending_messages/);
  });
});
