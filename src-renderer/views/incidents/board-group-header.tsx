// A group's header row on the grouped board: what its incidents share, how many there are, the most severe of them.
import type { CSSProperties } from 'react';
import { SeverityBadge } from '../../app/severity-badge.js';
import type { BoardGroup } from '../../lib/board-groups.js';
import { BOARD_ROW_HEIGHT } from './incident-row.js';

const headerStyle = (top: number): CSSProperties => ({
  position: 'absolute', top: 0, left: 0, right: 0, height: `${BOARD_ROW_HEIGHT}px`, transform: `translateY(${top}px)`,
});

export function BoardGroupHeader({ group, top }: { group: BoardGroup; top: number }) {
  const count = group.rows.length;
  return (
    <div className="board-group" role="presentation" style={headerStyle(top)} title={group.label}>
      <SeverityBadge severity={group.rows[0]?.incident.severity} />
      <span className="board-group-label">{group.label}</span>
      <span className="board-group-count" aria-label={`${count} ${count === 1 ? 'incident' : 'incidents'}`}>×{count}</span>
    </div>
  );
}
