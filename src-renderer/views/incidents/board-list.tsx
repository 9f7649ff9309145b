// The board's listbox, virtualized: only the rows in view (and a few either side) are in the DOM, so a board of
// 500 incidents renders, lays out, paints and ticks ages like one of twenty.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { isCollapsible, type BoardGroup } from '../../lib/board-groups.js';
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
  /** Keys of the opened groups. */
  expandedGroups?: readonly string[];
  onToggleGroup?(key: string): void;
}

const rowKey = (s: IncidentSummary): string => s.incident.id.toLowerCase();

type ListItem = { group: BoardGroup; key: string; expanded: boolean } | { summary: IncidentSummary; key: string; position: number };

/** The list's lines: each group of several as one line (its incidents below it when opened), or just the incidents. */
function listItems(rows: readonly IncidentSummary[], groups: readonly BoardGroup[] | undefined, expanded: readonly string[]): ListItem[] {
  if (!groups) return rows.map((summary, i) => ({ summary, key: rowKey(summary), position: i + 1 }));
  const items: ListItem[] = [];
  let position = 0;
  for (const group of groups) {
    const open = !isCollapsible(group) || expanded.includes(group.key);
    if (isCollapsible(group)) items.push({ group, key: `group:${group.key}`, expanded: open });
    if (open) for (const summary of group.rows) items.push({ summary, key: rowKey(summary), position: ++position });
  }
  return items;
}

const NO_GROUPS_OPEN: readonly string[] = [];
const ignoreToggle = (): void => undefined;

export function BoardList({ rows, selectedId, openId, onActivate, groups, expandedGroups = NO_GROUPS_OPEN, onToggleGroup = ignoreToggle }: BoardListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => listItems(rows, groups, expandedGroups), [rows, groups, expandedGroups]);
  const shown = lines.reduce((n, line) => n + ('summary' in line ? 1 : 0), 0);
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
          if ('group' in line) {
            return <BoardGroupHeader key={line.key} group={line.group} expanded={line.expanded} onToggle={onToggleGroup} top={item.start} />;
          }
          const id = line.key;
          return (
            <IncidentRow
              key={id} summary={line.summary} selected={id === selectedId} open={id === openId} onActivate={onActivate}
              top={item.start} position={line.position} setSize={shown}
            />
          );
        })}
      </div>
    </div>
  );
}
