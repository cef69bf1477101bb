// What the schools table shows — search, filters and sort — kept in the page address, so a
// filtered list can be bookmarked or sent to a colleague, and Back returns to it.
import type { SchoolSummary } from '../../api/types.ts';
import { sortRows, type SortDirection, type SortState } from '../../ui/sorting.ts';
import { choiceValue, sortValue, type TableColumn } from './columns.ts';

export interface TableState {
  query: string;
  /** Column key → the chosen value ('' or absent for every value). */
  choices: Record<string, string>;
  /** Column key → bounds as typed (strings, so a half-typed number is kept). */
  ranges: Record<string, { min: string; max: string }>;
  sort: SortState;
}

export const DEFAULT_SORT: SortState = { key: 'name', direction: 'ascending' };

export function parseTableState(params: URLSearchParams): TableState {
  const state: TableState = {
    query: params.get('q') ?? '',
    choices: {},
    ranges: {},
    sort: { ...DEFAULT_SORT },
  };
  for (const [name, value] of params) {
    const [kind, key] = splitParam(name);
    if (!key || value === '') continue;
    if (kind === 'is') state.choices[key] = value;
    if (kind === 'min' || kind === 'max') {
      const range = state.ranges[key] ?? { min: '', max: '' };
      range[kind] = value;
      state.ranges[key] = range;
    }
  }
  const sort = params.get('sort');
  if (sort) {
    const descending = sort.startsWith('-');
    state.sort = {
      key: descending ? sort.slice(1) : sort,
      direction: descending ? 'descending' : 'ascending',
    };
  }
  return state;
}

function splitParam(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}

export function writeTableState(state: TableState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set('q', state.query);
  for (const [key, value] of Object.entries(state.choices)) {
    if (value) params.set(`is.${key}`, value);
  }
  for (const [key, { min, max }] of Object.entries(state.ranges)) {
    if (min.trim()) params.set(`min.${key}`, min);
    if (max.trim()) params.set(`max.${key}`, max);
  }
  const { key, direction } = state.sort;
  if (key !== DEFAULT_SORT.key || direction !== DEFAULT_SORT.direction) {
    params.set('sort', direction === 'descending' ? `-${key}` : key);
  }
  return params;
}

/** A bound as a number, or null when it is empty or not a number yet. */
export function parseBound(text: string): number | null {
  const cleaned = text.replace(/[,$%\s]/g, '');
  if (cleaned === '') return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** How many filters narrow the list (the search box included). */
export function countActiveFilters(state: TableState): number {
  let count = state.query.trim() ? 1 : 0;
  count += Object.values(state.choices).filter(Boolean).length;
  for (const { min, max } of Object.values(state.ranges)) {
    if (parseBound(min) !== null || parseBound(max) !== null) count += 1;
  }
  return count;
}

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The schools that pass every filter. A school without a reported figure for a column (missing
 * or suppressed) cannot be said to be inside a range or to have a value, so it drops out when
 * that column is filtered.
 */
export function filterSchools(
  schools: readonly SchoolSummary[],
  columns: readonly TableColumn[],
  state: TableState,
): SchoolSummary[] {
  const words = normalise(state.query).split(/\s+/).filter(Boolean);
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const choices = Object.entries(state.choices).flatMap(([key, value]) => {
    const column = byKey.get(key);
    return column && value ? [{ column, value }] : [];
  });
  const ranges = Object.entries(state.ranges).flatMap(([key, range]) => {
    const column = byKey.get(key);
    const min = parseBound(range.min);
    const max = parseBound(range.max);
    return column && (min !== null || max !== null) ? [{ column, min, max }] : [];
  });

  return schools.filter((school) => {
    if (words.length > 0) {
      const haystack = normalise([school.name, school.city ?? '', school.id].join(' '));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    for (const { column, value } of choices) {
      if (choiceValue(school, column) !== value) return false;
    }
    for (const { column, min, max } of ranges) {
      const value = sortValue(school, column);
      if (typeof value !== 'number') return false;
      if (min !== null && value < min) return false;
      if (max !== null && value > max) return false;
    }
    return true;
  });
}

/** Sorted by one column; schools without a value come last in either direction. */
export function sortSchools(
  schools: readonly SchoolSummary[],
  column: TableColumn | undefined,
  direction: SortDirection,
): SchoolSummary[] {
  if (!column) return [...schools];
  return sortRows(
    schools,
    (school) => sortValue(school, column),
    direction,
    (s) => s.name,
  );
}
