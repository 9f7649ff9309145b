// Feed controls: text search, pause/resume with the held-back count, severity and kind filter chips.
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { SEVERITIES } from '../../../src-shared/protocol/index.js';
import { useApp } from '../../app/app-context.js';
import { EVENT_KINDS } from '../../lib/event-facts.js';
import { heldBackCount } from '../../stores/feed-store.js';

export function FeedToolbar({ shown, total }: { shown: number; total: number }) {
  const store = useApp().stores.feed;
  const { query, severities, kinds, pausedAtSeq, held } = useStore(store, useShallow((s) => ({
    query: s.query, severities: s.severities, kinds: s.kinds, pausedAtSeq: s.pausedAtSeq,
    held: heldBackCount(s.entries, s.pausedAtSeq),
  })));
  const feed = store.getState();
  const paused = pausedAtSeq !== null;
  const filtered = query !== '' || severities.length > 0 || kinds.length > 0;
  return (
    <div className="feed-controls">
      <div className="toolbar">
        <h2 id="feed-title">Live feed</h2>
        <label className="search">
          <span className="visually-hidden">Search events</span>
          <input type="search" data-search placeholder="Search events ( / )" value={query} onChange={(e) => feed.setQuery(e.target.value)} />
        </label>
        <button type="button" aria-pressed={paused} onClick={() => (paused ? feed.resume() : feed.pause())}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <span className="feed-count" role="status">
          {paused ? `Paused, ${held} new held back · ` : ''}{shown} of {total} events
        </span>
      </div>
      <div className="chips" role="group" aria-label="Filter by severity">
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`chip sev-chip-${s}`} aria-pressed={severities.includes(s)} onClick={() => feed.toggleSeverity(s)}>
            {s}
          </button>
        ))}
        <span className="chip-sep" aria-hidden="true" />
        {EVENT_KINDS.map((k) => (
          <button key={k} type="button" className="chip" aria-pressed={kinds.includes(k)} onClick={() => feed.toggleKind(k)}>
            {k}
          </button>
        ))}
        {filtered ? <button type="button" className="link" onClick={() => feed.clearFilters()}>Clear filters</button> : null}
      </div>
    </div>
  );
}
