// Names of a region's NATS pieces: its intake stream (own publishes), its region log (sources every intake), its bucket, its subjects.

/**
 * Each region publishes into its own intake stream `<STREAM>_<REGION>_LOCAL` (subjects
 * `<prefix>.<region>.events.>`); its region log `<STREAM>_<REGION>` sources its own intake and the
 * intake of every region it sources from, in the order they arrive. Relay nodes read only the log.
 */
export interface RegionLayout {
  /** This node's region. */
  region: string;
  /** The other regions whose events this region sources. */
  sources: readonly string[];
  /** This region's log: what the relay nodes consume. */
  logStream: string;
  /** This region's incident bucket. */
  bucket: string;
  intakeStream(region: string): string;
  /** Subject prefix of `region`'s publishes: `<prefix>.<severity or none>.<event_type>` follow. */
  subjectPrefix(region: string): string;
  /** The region whose intake stream is `name`, if any. */
  regionOfIntake(name: string): string | undefined;
}

/** Stream names take the region upper-cased; subjects keep it as given (`[a-z0-9-]`). */
export function regionLayout(baseStream: string, baseSubjectPrefix: string, region: string, sources: readonly string[]): RegionLayout {
  const intake = (r: string) => `${baseStream}_${r.toUpperCase()}_LOCAL`;
  const byIntake = new Map([region, ...sources].map((r) => [intake(r), r]));
  // `incident-relay.events` becomes `incident-relay.<region>.events`.
  const root = baseSubjectPrefix.replace(/\.events$/, '');
  return {
    region, sources,
    logStream: `${baseStream}_${region.toUpperCase()}`,
    bucket: `${baseStream}_${region.toUpperCase()}_INCIDENTS`,
    intakeStream: intake,
    subjectPrefix: (r) => `${root}.${r}.events`,
    regionOfIntake: (name) => byIntake.get(name),
  };
}
