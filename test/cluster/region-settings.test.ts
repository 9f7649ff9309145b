// Region settings: `serve --region eu --source-regions us`, the names of a region's streams and bucket, and clear refusals.
import { describe, expect, it } from 'vitest';
import { clusterSettingsFrom } from '../../src-main/cluster/index.js';
import { intakeConfig, regionLogConfig } from '../../src-main/cluster/region-streams.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { parseArgs } from '../../src-main/headless/args.js';
import { flagsToConfig, SERVE_BOOLEAN_FLAGS } from '../../src-main/headless/commands/serve.js';

const fromFlags = (...argv: string[]) => clusterSettingsFrom(parseConfig(flagsToConfig(parseArgs(argv, SERVE_BOOLEAN_FLAGS))));

describe('region settings', () => {
  it('names the region\'s intake, log and bucket, and has the log source its own intake and each source region\'s', () => {
    const s = fromFlags('--cluster', 'nats://h:4222', '--region', 'eu', '--source-regions', 'us,ap-south')!;
    expect(s.regions).toMatchObject({ region: 'eu', sources: ['us', 'ap-south'], logStream: 'INCIDENT_RELAY_EU' });
    expect(s.bucket).toBe('INCIDENT_RELAY_EU_INCIDENTS');
    expect(intakeConfig(s, s.regions!)).toMatchObject({ name: 'INCIDENT_RELAY_EU_LOCAL', subjects: ['incident-relay.eu.events.>'], placement: { cluster: 'eu' } });
    const log = regionLogConfig(s, s.regions!);
    expect(log).toMatchObject({ name: 'INCIDENT_RELAY_EU', placement: { cluster: 'eu' } });
    expect(log.subjects).toBeUndefined();
    expect(log.sources!.map((x) => x.name)).toEqual(['INCIDENT_RELAY_EU_LOCAL', 'INCIDENT_RELAY_US_LOCAL', 'INCIDENT_RELAY_AP-SOUTH_LOCAL']);
  });

  it('keeps the single-region layout when no region is set', () => {
    expect(fromFlags('--cluster', 'nats://h:4222')).toMatchObject({ stream: 'INCIDENT_RELAY', bucket: 'INCIDENT_RELAY_INCIDENTS', regions: undefined });
  });

  it('refuses bad region settings with a message naming the key', () => {
    expect(() => fromFlags('--region', 'eu')).toThrow(/region\/source_regions need cluster mode/);
    expect(() => fromFlags('--cluster', 'nats://h:1', '--source-regions', 'us')).toThrow(/source_regions needs region/);
    expect(() => fromFlags('--cluster', 'nats://h:1', '--region', 'EU')).toThrow(/region.*lower-case/);
    expect(() => fromFlags('--cluster', 'nats://h:1', '--region', 'eu', '--source-regions', 'us,,ap')).toThrow(/source_regions.*comma-separated/);
    expect(() => fromFlags('--cluster', 'nats://h:1', '--region', 'eu', '--source-regions', 'us,eu')).toThrow(/"eu" is this node's region/);
    expect(() => fromFlags('--cluster', 'nats://h:1', '--region', 'eu', '--source-regions', 'us,us')).toThrow(/"us" is listed twice/);
  });
});
