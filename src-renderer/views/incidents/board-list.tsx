// The board's listbox, virtualized: only the rows in view (and a few either side) are in the DOM, so a board of
// 500 incidents renders, lays out, paints and ticks ages like one of twenty.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import type { BoardGroup } from '../../lib/board-groups.js';
import { BoardGroupHeader } from './board-group-header.js';
import { BOARD_ROW_HEIGHT, IncidentRow, rowDomId } from './incident-row.js';

export interface BoardListProps {
  /** In board order. */
  rows: readonly IncidentSummary[];
  /** Lower-case ids. */
  selectedId: string | null;
  openId: string | null;
  onActivate(id: string): void;
  /** When the board is grouped: the groups, whose rows together are `rows`; each gets a header row. */
  groups?: readonly BoardGroup[] | undefined;
}

const rowKey = (s: IncidentSummary): string => s.incident.id.toLowerCase();

type ListItem = { group: BoardGroup; key: string } | { summary: IncidentSummary; key: string; position: number };

/** The list's lines: each group's header followed by its incidents, or just the incidents. */
function listItems(rows: readonly IncidentSummary[], groups: readonly BoardGroup[] | undefined): ListItem[] {
  if (!groups) return rows.map((summary, i) => ({ summary, key: rowKey(summary), position: i + 1 }));
  const items: ListItem[] = [];
  let position = 0;
  for (const group of groups) {
    items.push({ group, key: `group:${group.key}` });
    for (const summary of group.rows) items.push({ summary, key: rowKey(summary), position: ++position });
  }
  return items;
}

export function BoardList({ rows, selectedId, openId, onActivate, groups }: BoardListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => listItems(rows, groups), [rows, groups]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => BOARD_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => lines[index]?.key ?? index,
  });
  const items = virtualizer.getVirtualItems();

  // Keep the selected row in view when the selection moves (j/k, a click, an incident opened from elsewhere).
  const linesRef = useRef(lines);
  linesRef.current = lines;
  useEffect(() => {
    if (selectedId === null) return;
    const index = linesRef.current.findIndex((line) => line.key === selectedId);
    if (index < 0) return;
    // 'auto' alignment stays 'auto' only when the row is already wholly in view: then there is nothing to scroll.
    if (virtualizer.getOffsetForIndex(index, 'auto')?.[1] !== 'auto') virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, virtualizer]);

  const selectedRendered = selectedId !== null && items.some((item) => item.key === selectedId);
  return (
    <div
      ref={scrollRef} className="board-list" role="listbox" aria-label="Incidents, most severe first" tabIndex={0}
      aria-activedescendant={selectedRendered ? rowDomId(selectedId) : undefined}
    >
      {/* Geometry goes through React's style prop (CSSOM), which the CSP's style-src 'self' permits. */}
      <div style={{ position: 'relative', width: '100%', height: `${virtualizer.getTotalSize()}px` }}>
        {items.map((item) => {
          const line = lines[item.index]!;
          if ('group' in line) return <BoardGroupHeader key={line.key} group={line.group} top={item.start} />;
          const id = line.key;
          return (
            <IncidentRow
              key={id} summary={line.summary} selected={id === selectedId} open={id === openId} onActivate={onActivate}
              top={item.start} position={line.position} setSize={rows.length}
            />
          );
        })}
      </div>
    </div>
  );
}
