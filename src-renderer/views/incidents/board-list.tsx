// The board's listbox, virtualized: only the rows in view (and a few either side) are in the DOM, so a board of
// 500 incidents renders, lays out, paints and ticks ages like one of twenty.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { BOARD_ROW_HEIGHT, IncidentRow, rowDomId } from './incident-row.js';

export interface BoardListProps {
  /** In board order. */
  rows: readonly IncidentSummary[];
  /** Lower-case ids. */
  selectedId: string | null;
  openId: string | null;
  onActivate(id: string): void;
}

const rowKey = (s: IncidentSummary): string => s.incident.id.toLowerCase();

export function BoardList({ rows, selectedId, openId, onActivate }: BoardListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => BOARD_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => (rows[index] ? rowKey(rows[index]) : index),
  });
  const items = virtualizer.getVirtualItems();

  // Keep the selected row in view when the selection moves (j/k, a click, an incident opened from elsewhere).
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    if (selectedId === null) return;
    const index = rowsRef.current.findIndex((s) => rowKey(s) === selectedId);
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
          const s = rows[item.index]!;
          const id = rowKey(s);
          return (
            <IncidentRow
              key={id} summary={s} selected={id === selectedId} open={id === openId} onActivate={onActivate}
              top={item.start} position={item.index + 1} setSize={rows.length}
            />
          );
        })}
      </div>
    </div>
  );
}
