// Creates a region's intake stream and its region log (sourcing every region's intake), both placed in the region's NATS cluster.
import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import type { Logger } from '../server/index.js';
import type { ClusterSettings } from './cluster-settings.js';
import type { RegionLayout } from './region-layout.js';
import { ensureStreamAs, limitsDiffer, wantedStreamConfig, type WantedStream } from './stream-setup.js';

type Wanted = WantedStream;

/** Reads of a just-created log before giving up (250 ms apart). */
const READ_BACK_ATTEMPTS = 40;

/** The intake: this region's own publishes, on `<prefix>.<region>.events.>`. */
export function intakeConfig(s: ClusterSettings, layout: RegionLayout): Wanted {
  return {
    ...wantedStreamConfig(s),
    name: layout.intakeStream(layout.region),
    subjects: [`${layout.subjectPrefix(layout.region)}.>`],
    placement: { cluster: layout.region, tags: [] },
  };
}

/**
 * The region log: no subjects of its own, it sources this region's intake and every source region's,
 * whole (an intake holds only its region's own events, so nothing comes back around). Sources keep
 * each intake's order and resume where they stopped after a partition.
 */
export function regionLogConfig(s: ClusterSettings, layout: RegionLayout): Wanted {
  const limits = wantedStreamConfig(s);
  delete limits.subjects;
  return {
    ...limits,
    name: layout.logStream,
    placement: { cluster: layout.region, tags: [] },
    sources: [layout.region, ...layout.sources].map((r) => ({ name: layout.intakeStream(r) })),
  };
}

/** The stream as wanted: created, or updated when its limits or its sources differ. */
function ensure(jsm: JetStreamManager, wanted: Wanted, logger: Logger): Promise<StreamInfo> {
  const names = (x: Partial<StreamConfig>) => (x.sources ?? []).map((src) => src.name).sort().join(',');
  return ensureStreamAs(jsm, wanted, (c) => limitsDiffer(c, wanted) || names(c) !== names(wanted), logger);
}

/** Creates (or updates) the intake, then the region log; resolves with the log's info. */
export async function ensureRegionStreams(jsm: JetStreamManager, s: ClusterSettings, layout: RegionLayout, logger: Logger): Promise<StreamInfo> {
  await ensure(jsm, intakeConfig(s, layout), logger);
  await ensure(jsm, regionLogConfig(s, layout), logger);
  // Read back: a create's own answer may carry a different `created` than the stored stream (the epoch must not differ
  // between nodes); a replicated stream just created may not answer yet.
  for (let attempt = 1; ; attempt++) {
    try {
      return await jsm.streams.info(layout.logStream);
    } catch (err) {
      if (attempt >= READ_BACK_ATTEMPTS || !/stream not found/i.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
