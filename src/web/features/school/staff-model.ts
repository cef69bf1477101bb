// A school's staff list as a table: its columns, sorting and search.
import type { StaffMember } from '../../api/types.ts';
import { formatCode } from '../../ui/format.ts';
import { sortRows, type SortState } from '../../ui/sorting.ts';

export interface StaffColumn {
  key: keyof Omit<StaffMember, 'id'>;
  label: string;
  isNumeric: boolean;
}

export const STAFF_COLUMNS: readonly StaffColumn[] = [
  { key: 'name', label: 'Name', isNumeric: false },
  { key: 'role', label: 'Role', isNumeric: false },
  { key: 'subject', label: 'Subject', isNumeric: false },
  { key: 'fte', label: 'FTE', isNumeric: true },
  { key: 'yearsExperience', label: 'Years’ experience', isNumeric: true },
  { key: 'isInField', label: 'In field', isNumeric: false },
  { key: 'licence', label: 'Licence', isNumeric: false },
  { key: 'rating', label: 'Rating', isNumeric: false },
];

/** The rating column appears only when the list carries ratings (asked for, and allowed). */
export function staffColumns(ratingsIncluded: boolean): StaffColumn[] {
  return STAFF_COLUMNS.filter((c) => c.key !== 'rating' || ratingsIncluded);
}

function sortValue(member: StaffMember, key: StaffColumn['key']): string | number | null {
  const value = member[key];
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function filterStaff(staff: readonly StaffMember[], query: string): StaffMember[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...staff];
  return staff.filter((m) => {
    const text = [m.name, formatCode(m.role), m.subject ?? '', formatCode(m.licence ?? '')]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function sortStaff(staff: readonly StaffMember[], sort: SortState): StaffMember[] {
  const column = STAFF_COLUMNS.find((c) => c.key === sort.key) ?? STAFF_COLUMNS[0];
  if (!column) return [...staff];
  return sortRows(
    staff,
    (m) => sortValue(m, column.key),
    sort.direction,
    (m) => m.name,
  );
}

/** Total full-time equivalents, to one decimal. */
export function totalFte(staff: readonly StaffMember[]): number {
  return Math.round(staff.reduce((sum, m) => sum + (m.fte ?? 0), 0) * 10) / 10;
}
