// One upstream as the Connections view shows it: the relay's live status and/or the UI's saved settings, never the token.
import type { TokenStorage, Upstream } from '../../src-shared/bridge/index.js';
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import { describeBackfill, type UpstreamStatus } from '../relay/index.js';
import { displayUrl } from '../relay/upstream-config.js';
import { normalizedFilters } from './subscription-registry.js';

const STATE: Readonly<Record<UpstreamStatus['state'], Upstream['state']>> = {
  connecting: 'connecting', connected: 'connected', lagging: 'lagging', backing_off: 'backoff', failed_auth: 'failed', refused: 'failed',
  stopped: 'disabled',
};

/** An upstream the UI saved, as the view needs it (`hasToken`: a token is held now). */
export interface SavedUpstream { name: string; url: string; filters: FiltersInput; enabled: boolean; hasToken: boolean }

/**
 * The view of a running upstream (`s`), a saved one (`u`), or both. `startError`: why a saved, enabled one could not be
 * started; `tokenStorage`: where its token is kept (null: none).
 */
export function upstreamView(s: UpstreamStatus | undefined, u: SavedUpstream | undefined, startError: string | undefined, tokenStorage: TokenStorage | null): Upstream {
  const state: Upstream['state'] = s ? STATE[s.state] : u?.enabled ? 'failed' : 'disabled';
  return {
    id: s?.name ?? u!.name, name: s?.name ?? u!.name, url: s?.url ?? displayUrl(u!.url),
    enabled: u ? u.enabled : true, hasToken: u ? u.hasToken || tokenStorage === 'keychain-locked' : Boolean(s?.hasToken), tokenStorage,
    filters: normalizedFilters(s?.filters ?? u?.filters), state,
    lastError: s?.lastError ?? startError ?? null, nextRetryAt: s?.nextRetryAt ?? null,
    replaySupported: s?.replaySupported ?? null, connectedSince: s?.state === 'connected' || s?.state === 'lagging' ? s.since : null,
    lastMessageId: s?.resumeAfter ?? null, eventsReceived: s?.eventsRelayed ?? 0, lagSeconds: s?.lagSeconds ?? 0,
    backfill: describeBackfill(s?.backfill ?? null), reconciled: s?.reconciled ?? 0, gapMarks: s?.gapMarks ?? 0,
  };
}
