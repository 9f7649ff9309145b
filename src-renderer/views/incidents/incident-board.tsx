// Incidents view: the board of active incidents (most severe, then longest waiting first; grouped on request) beside the detail pane.
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app/app-context.js';
import { boardIncidents } from '../../lib/board.js';
import { groupBoard, visibleRows } from '../../lib/board-groups.js';
import { BoardControls } from './board-controls.js';
import { BoardList } from './board-list.js';
import { BulkBar } from './bulk-bar.js';
import { IncidentDetailPane } from './incident-detail.js';

export function IncidentBoard() {
  const store = useApp().stores.incidents;
  const { byId, showResolved, query, selectedId, openId, loaded, loadError, newestFirst, origin, groupBy, expandedGroups } = useStore(store, useShallow((s) => ({
    byId: s.byId, showResolved: s.showResolved, query: s.query, selectedId: s.selectedId,
    openId: s.detail?.id ?? null, loaded: s.loaded, loadError: s.loadError, newestFirst: s.newestFirst, origin: s.origin, groupBy: s.groupBy,
    expandedGroups: s.expandedGroups,
  })));
  const unordered = useMemo(() => boardIncidents(byId, { showResolved, query, newestFirst, origin }), [byId, showResolved, query, newestFirst, origin]);
  const groups = useMemo(() => (groupBy === '' ? undefined : groupBoard(unordered, groupBy)), [unordered, groupBy]);
  const rows = useMemo(() => (groups ? groups.flatMap((g) => g.rows) : unordered), [groups, unordered]);
  /** What the board shows (a closed group's incidents are not): bulk selection acts on these. */
  const shown = useMemo(() => (groups ? visibleRows(groups, expandedGroups) : unordered), [groups, expandedGroups, unordered]);
  const activate = useCallback((id: string) => void store.getState().open(id), [store]);
  const toggleGroup = useCallback((key: string) => store.getState().toggleGroup(key), [store]);

  return (
    <div className="board-layout">
      <section className="board" aria-labelledby="board-title">
        <div className="toolbar">
          <h2 id="board-title">Incidents <span className="count">{rows.length}</span></h2>
          <label className="search">
            <span className="visually-hidden">Search incidents</span>
            <input
              type="search" data-search placeholder="Search incidents ( / )" value={query}
              onChange={(e) => store.getState().setQuery(e.target.value)}
            />
          </label>
          <label className="inline">
            <input type="checkbox" checked={showResolved} onChange={(e) => void store.getState().setShowResolved(e.target.checked)} />
            Show resolved
          </label>
          <BoardControls />
        </div>
        <BulkBar rows={shown} />
        {loadError ? <p className="error" role="alert">Could not load incidents: {loadError}</p> : null}
        <div className="board-head" aria-hidden="true">
          <span className="col-marker" /><span className="col-sev">Sev</span><span className="col-title">Title</span>
          <span className="col-state">State</span><span className="col-source">Source</span>
          <span className="col-resources">Resources</span><span className="col-labels">Labels</span><span className="col-age">Age</span>
        </div>
        <BoardList
          rows={rows} groups={groups} expandedGroups={expandedGroups} onToggleGroup={toggleGroup}
          selectedId={selectedId} openId={openId} onActivate={activate}
        />
        {loaded && rows.length === 0 ? (
          <p className="empty">{query ? 'No incident matches the search.' : 'Nothing is burning. No active incidents.'}</p>
        ) : null}
      </section>
      <IncidentDetailPane />
    </div>
  );
}
