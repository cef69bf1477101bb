// A column header that sorts its table: a real button (Enter and Space work), and aria-sort on
// the sorted column so screen readers announce the order.
import type { SortDirection } from './sorting.ts';

export interface SortableHeaderProps {
  label: string;
  title?: string;
  isNumeric?: boolean;
  direction: SortDirection | null;
  onSort: () => void;
  className?: string;
}

export function SortableHeader({
  label,
  title,
  isNumeric = false,
  direction,
  onSort,
  className,
}: SortableHeaderProps) {
  const classes = [isNumeric ? 'num' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <th scope="col" aria-sort={direction ?? undefined} className={classes || undefined}>
      <button type="button" className="sort-button" onClick={onSort} title={title}>
        <span>{label}</span>
        <span className={`sort-icon${direction ? ' is-active' : ''}`} aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
