// Cluster settings: NATS URLs with credentials, repeated --cluster flags, stream limits from the retention keys.
import { describe, expect, it } from 'vitest';
import { clusterSettingsFrom, parseClusterUrls, redact, subjectPrefixFor, wantedStreamConfig } from '../../src-main/cluster/index.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { parseArgs } from '../../src-main/headless/args.js';
import { flagsToConfig, SERVE_BOOLEAN_FLAGS } from '../../src-main/headless/commands/serve.js';

describe('cluster settings', () => {
  it('takes credentials out of the URLs: user and password, or a token', () => {
    expect(parseClusterUrls('nats://alice:s%40cret@10.0.0.1:4222, nats://alice:s%40cret@10.0.0.2')).toEqual({
      servers: ['10.0.0.1:4222', '10.0.0.2:4222'], user: 'alice', pass: 's@cret',
    });
    expect(parseClusterUrls('nats://t0ken@h1:4223,h2:4224')).toEqual({ servers: ['h1:4223', 'h2:4224'], token: 't0ken' });
  });

  it('refuses other schemes and URLs with different credentials, naming the key', () => {
    expect(() => parseClusterUrls('http://h:4222')).toThrow(/cluster: .*nats:\/\//);
    expect(() => parseClusterUrls('nats://a:b@h1:1,nats://c:d@h2:2')).toThrow(/different credentials/);
    expect(() => parseClusterUrls(' , ')).toThrow(/at least one/);
  });

  it('hides credentials when printing URLs', () => {
    expect(redact('nats://alice:pw@h:4222,nats://tok@h2:1')).toBe('nats://***@h:4222,nats://***@h2:1');
  });

  it('joins repeated --cluster flags into one list', () => {
    const args = parseArgs(['--cluster', 'nats://a:1', '--cluster', 'nats://b:2', '--cluster-replicas', '3'], SERVE_BOOLEAN_FLAGS);
    const config = parseConfig(flagsToConfig(args));
    expect(config.cluster).toBe('nats://a:1,nats://b:2');
    expect(clusterSettingsFrom(config)).toMatchObject({ servers: ['a:1', 'b:2'], replicas: 3, stream: 'INCIDENT_RELAY', bucket: 'INCIDENT_RELAY_INCIDENTS' });
    expect(clusterSettingsFrom(parseConfig({}))).toBeUndefined();
  });

  it('gives the stream the retention keys as limits and keeps other streams\' subjects apart from the default', () => {
    const s = clusterSettingsFrom(parseConfig({ cluster: 'nats://h:1', journal_max_events: 500, journal_max_age_secs: 3600, cluster_max_bytes: 1_000_000 }))!;
    expect(wantedStreamConfig(s)).toMatchObject({
      name: 'INCIDENT_RELAY', subjects: ['incident-relay.events.>'], max_msgs: 500, max_age: 3600 * 1e9, max_bytes: 1_000_000, num_replicas: 1,
    });
    expect(subjectPrefixFor('STAGING')).toBe('incident-relay-STAGING.events');
    expect(() => parseConfig({ cluster_stream: 'bad.name' })).toThrow(/cluster_stream/);
  });
});
