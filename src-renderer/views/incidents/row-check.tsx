// A board row's selection checkbox: a click toggles it, a shift-click sets the range from the last toggled row.
import { useStore } from 'zustand';
import { useApp } from '../../app/app-context.js';
import { boardOrder } from '../../stores/incidents-store.js';

export function RowCheck({ id, title }: { id: string; title: string }) {
  const { stores } = useApp();
  const k = id.toLowerCase();
  const checked = useStore(stores.selection, (s) => s.checked[k] === true);
  return (
    <input
      type="checkbox" className="row-check" aria-label={`Select ${title}`} checked={checked}
      onClick={(e) => {
        // The row's own click opens the incident; the checkbox only selects.
        e.stopPropagation();
        const order = boardOrder(stores.incidents.getState()).map((s) => s.incident.id.toLowerCase());
        stores.selection.getState().toggle(k, e.shiftKey, order);
      }}
      onChange={() => undefined}
    />
  );
}
