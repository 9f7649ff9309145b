// Grouping the board (karma-style): by title or by any label, each group with its count, in board order.
import type { IncidentSummary } from '../../src-shared/bridge/index.js';

/** `''` no grouping, `'title'`, or `'label:<key>'`. */
export type GroupBy = string;

export interface BoardGroup {
  key: string;
  /** What the group's incidents share, as shown in its header. */
  label: string;
  rows: IncidentSummary[];
}

/** The label a group-by value names, or null for title / none. */
export const groupLabelKey = (groupBy: GroupBy): string | null => (groupBy.startsWith('label:') ? groupBy.slice('label:'.length) : null);

function groupValue(s: IncidentSummary, groupBy: GroupBy): string {
  if (groupBy === 'title') return s.incident.title;
  const key = groupLabelKey(groupBy);
  const value = key === null ? undefined : s.incident.labels[key];
  return value === undefined ? `no ${key ?? 'value'}` : `${key}=${value}`;
}

/**
 * `rows` (in board order) split into groups; a group sits where its first incident would, so the group holding the
 * most severe, longest-waiting incident comes first. With no grouping, one group holds every row.
 */
export function groupBoard(rows: readonly IncidentSummary[], groupBy: GroupBy): BoardGroup[] {
  if (groupBy === '') return [{ key: '', label: '', rows: [...rows] }];
  const groups = new Map<string, BoardGroup>();
  for (const s of rows) {
    const value = groupValue(s, groupBy);
    let g = groups.get(value);
    if (!g) {
      g = { key: value, label: value, rows: [] };
      groups.set(value, g);
    }
    g.rows.push(s);
  }
  return [...groups.values()];
}

/** A group of several incidents is one line until opened; a group of one is just its incident. */
export const isCollapsible = (g: BoardGroup): boolean => g.rows.length > 1;

/** The incidents shown (in order) when only the groups in `expanded` are open. */
export function visibleRows(groups: readonly BoardGroup[], expanded: readonly string[]): IncidentSummary[] {
  return groups.flatMap((g) => (!isCollapsible(g) || expanded.includes(g.key) ? g.rows : []));
}

/** Every label key the incidents use, sorted: the group-by choices. */
export function labelKeys(rows: Iterable<IncidentSummary>): string[] {
  const keys = new Set<string>();
  for (const s of rows) for (const k of Object.keys(s.incident.labels)) keys.add(k);
  return [...keys].sort();
}
