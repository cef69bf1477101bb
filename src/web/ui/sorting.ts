// Sorting rules every table shares.
export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: string;
  direction: SortDirection;
}

/** The next sort after clicking a header: a new column starts in its natural order. */
export function nextSort(current: SortState, key: string, isNumeric: boolean): SortState {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  // Numbers first show the largest (what people look for first); names start at A.
  return { key, direction: isNumeric ? 'descending' : 'ascending' };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

/**
 * Sorts rows by a value; rows without one (null) come last in either direction, and ties keep
 * a stable order by `tieBreak`.
 */
export function sortRows<T>(
  rows: readonly T[],
  valueOf: (row: T) => string | number | null,
  direction: SortDirection,
  tieBreak: (row: T) => string,
): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row) => ({ row, value: valueOf(row), tie: tieBreak(row) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return compareText(a.tie, b.tie);
        return a.value === null ? 1 : -1;
      }
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : compareText(String(a.value), String(b.value));
      return order * sign || compareText(a.tie, b.tie);
    })
    .map(({ row }) => row);
}
