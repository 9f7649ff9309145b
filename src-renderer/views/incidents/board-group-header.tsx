// A group's line on the grouped board (karma-style): what its incidents share, how many, the most severe; opens on click.
import type { CSSProperties } from 'react';
import { SeverityBadge } from '../../app/severity-badge.js';
import type { BoardGroup } from '../../lib/board-groups.js';
import { BOARD_ROW_HEIGHT } from './incident-row.js';

const headerStyle = (top: number): CSSProperties => ({
  position: 'absolute', top: 0, left: 0, right: 0, height: `${BOARD_ROW_HEIGHT}px`, transform: `translateY(${top}px)`,
});

export interface BoardGroupHeaderProps {
  group: BoardGroup;
  expanded: boolean;
  onToggle(key: string): void;
  top: number;
}

export function BoardGroupHeader({ group, expanded, onToggle, top }: BoardGroupHeaderProps) {
  const count = group.rows.length;
  return (
    <button
      type="button" className="board-group" style={headerStyle(top)} title={group.label} aria-expanded={expanded}
      onClick={() => onToggle(group.key)}
    >
      <span className="board-group-toggle" aria-hidden="true">{expanded ? '▾' : '▸'}</span>
      <SeverityBadge severity={group.rows[0]?.incident.severity} />
      <span className="board-group-label">{group.label}</span>
      <span className="board-group-count" aria-label={`${count} incidents`}>×{count}</span>
    </button>
  );
}
