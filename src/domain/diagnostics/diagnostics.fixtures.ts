// Test data builders for the diagnostics tests: a school-year from plain numbers and texts.
import type { SchoolLevel } from '../../db/schema.ts';
import type { StudentGroup } from '../shared/catalogue.ts';
import type { Figure, FigureTable, SchoolYearFigures } from './types.ts';

export type Plain = number | string | null | Figure;

export function fig(value: Plain, n: number | null = null): Figure {
  if (value === null) return { value: null, text: null, status: 'missing', n };
  if (typeof value === 'number') return { value, text: null, status: 'reported', n };
  if (typeof value === 'string') return { value: null, text: value, status: 'reported', n };
  return value;
}

export const suppressed = (n: number | null = null): Figure => ({
  value: null,
  text: null,
  status: 'suppressed',
  n,
});

export function table(values: Record<string, Plain>): FigureTable {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fig(v)]));
}

export function schoolYear(
  schoolId: string,
  year: number,
  values: Record<string, Plain>,
  options: {
    level?: SchoolLevel;
    isTitleI?: boolean | null;
    groups?: Partial<Record<StudentGroup, Record<string, Plain>>>;
  } = {},
): SchoolYearFigures {
  const groups = options.groups
    ? Object.fromEntries(Object.entries(options.groups).map(([g, v]) => [g, table(v)]))
    : undefined;
  return {
    schoolId,
    year,
    level: options.level ?? 'elementary',
    isTitleI: options.isTitleI ?? null,
    values: table(values),
    ...(groups ? { groups } : {}),
  };
}

/** A deterministic wobble in [-1, 1], so fixtures have residuals without a random generator. */
export function wobble(i: number): number {
  return Math.sin(i * 12.9898) * 0.999;
}
