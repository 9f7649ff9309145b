// The board's view controls: oldest/newest first within a severity, group by title or a label, filter by upstream.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app/app-context.js';
import { LOCAL_ORIGIN, originOf } from '../../lib/board.js';
import { labelKeys } from '../../lib/board-groups.js';

export function BoardControls() {
  const { stores } = useApp();
  const store = stores.incidents;
  const { byId, newestFirst, groupBy, origin } = useStore(store, useShallow((s) => ({
    byId: s.byId, newestFirst: s.newestFirst, groupBy: s.groupBy, origin: s.origin,
  })));
  const upstreamNames = useStore(stores.upstreams, useShallow((s) => s.list.map((u) => u.name)));
  const keys = useMemo(() => labelKeys(Object.values(byId)), [byId]);
  const origins = useMemo(() => {
    const names = new Set<string>([LOCAL_ORIGIN, ...upstreamNames]);
    for (const s of Object.values(byId)) names.add(originOf(s));
    return [...names];
  }, [byId, upstreamNames]);
  const groupChoices = groupBy.startsWith('label:') && !keys.includes(groupBy.slice(6)) ? [...keys, groupBy.slice(6)] : keys;
  const incidents = store.getState();

  return (
    <div className="board-controls">
      <span className="inline">
        <label htmlFor="board-order">Order</label>
        <select id="board-order" value={newestFirst ? 'newest' : 'oldest'} onChange={(e) => incidents.setNewestFirst(e.target.value === 'newest')}>
          <option value="oldest">Oldest first</option>
          <option value="newest">Newest first</option>
        </select>
      </span>
      <span className="inline">
        <label htmlFor="board-group-by">Group by</label>
        <select id="board-group-by" value={groupBy} onChange={(e) => incidents.setGroupBy(e.target.value)}>
          <option value="">Nothing</option>
          <option value="title">Title</option>
          {groupChoices.map((k) => <option key={k} value={`label:${k}`}>Label {k}</option>)}
        </select>
      </span>
      <span className="inline">
        <label htmlFor="board-origin">From</label>
        <select id="board-origin" value={origin ?? ''} onChange={(e) => incidents.setOrigin(e.target.value === '' ? null : e.target.value)}>
          <option value="">Everywhere</option>
          {origins.map((o) => <option key={o} value={o}>{o === LOCAL_ORIGIN ? 'This server' : `Upstream ${o}`}</option>)}
        </select>
      </span>
    </div>
  );
}
