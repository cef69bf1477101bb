// The input every diagnostic works on: one school in one school year, with its figures for all
// students and, where published, for each student group. A service builds these from
// measure_values (long form, docs/decisions/003-data-model.md); the domain only reads them.
// Percent measures are on a 0–100 scale (src/domain/shared/catalogue.ts).
import type { SchoolLevel } from '../../db/schema.ts';
import type { StudentGroup } from '../shared/catalogue.ts';
import type { Figure as StoredFigure } from '../shared/suppression.ts';

/**
 * One figure as stored: value for numbers, text for grades and statuses, n where known.
 * Suppressed is not missing and not zero (DOMAIN.md §6): only status 'reported' carries a value.
 */
export type Figure = Readonly<
  Pick<StoredFigure, 'value' | 'text' | 'status' | 'n'> & { marker?: string | null }
>;

/** measure key → figure */
export type FigureTable = Readonly<Record<string, Figure>>;

export interface SchoolYearFigures {
  schoolId: string;
  /** School year as the spring year (2019 = 2018–19). */
  year: number;
  level: SchoolLevel;
  /** Null when the source does not say. */
  isTitleI: boolean | null;
  /** All students. */
  values: FigureTable;
  /** Figures by student group ('all' may be repeated here; `values` wins). */
  groups?: Readonly<Partial<Record<StudentGroup, FigureTable>>>;
}

/** Measure keys the diagnostics read by name (src/domain/shared/catalogue.ts). */
export const MEASURE = {
  enrollment: 'enrollment',
  econDisadv: 'pct_econ_disadv',
  el: 'pct_el',
  swd: 'pct_swd',
  chronicAbsence: 'chronic_absence_rate',
  spgScore: 'spg_score',
  spgGrade: 'spg_grade',
  achievement: 'achievement_score',
  growthStatus: 'growth_status',
  growthIndex: 'growth_index',
  gradRate4yr: 'grad_rate_4yr',
} as const;

/** 'all' reads `values`; any other group reads `groups[group]`. */
export function figureOf(
  row: SchoolYearFigures,
  measure: string,
  group: StudentGroup = 'all',
): Figure | undefined {
  if (group === 'all') return row.values[measure] ?? row.groups?.all?.[measure];
  return row.groups?.[group]?.[measure];
}

/** The number a figure reports, or null when it is suppressed, missing or not numeric. */
export function reportedValue(figure: Figure | undefined): number | null {
  if (figure === undefined || figure.status !== 'reported') return null;
  return figure.value !== null && Number.isFinite(figure.value) ? figure.value : null;
}

/** The text a figure reports (grades, statuses), trimmed, or null. */
export function reportedText(figure: Figure | undefined): string | null {
  if (figure === undefined || figure.status !== 'reported') return null;
  const text = figure.text?.trim() ?? '';
  return text === '' ? null : text;
}

export type Usable =
  | { ok: true; value: number; n: number | null }
  | { ok: false; why: 'missing' | 'suppressed' | 'small_n'; n: number | null };

/**
 * Whether a figure may be used under the minimum n (DOMAIN.md §6). A figure whose n is not
 * published passed its publisher's own suppression and is used; one whose n is below the
 * minimum is treated as suppressed, never as zero.
 */
export function usableValue(figure: Figure | undefined, minimumN: number): Usable {
  if (figure === undefined || figure.status === 'missing')
    return { ok: false, why: 'missing', n: null };
  if (figure.status === 'suppressed') return { ok: false, why: 'suppressed', n: figure.n };
  const value = reportedValue(figure);
  if (value === null) return { ok: false, why: 'missing', n: figure.n };
  if (figure.n !== null && figure.n < minimumN) return { ok: false, why: 'small_n', n: figure.n };
  return { ok: true, value, n: figure.n };
}

/** Rows grouped by school year, in year order. */
export function groupByYear(rows: readonly SchoolYearFigures[]): Map<number, SchoolYearFigures[]> {
  const byYear = new Map<number, SchoolYearFigures[]>();
  for (const row of rows) {
    const list = byYear.get(row.year);
    if (list === undefined) byYear.set(row.year, [row]);
    else list.push(row);
  }
  return new Map([...byYear.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * The candidate groups that at least one row reports, in candidate order. The catalogue has
 * 17 groups and a state usually publishes 7–9; skipping the rest saves a look-up per school
 * per group in every state-wide pass.
 */
export function groupsPresent(
  rows: readonly SchoolYearFigures[],
  candidates: readonly StudentGroup[],
): StudentGroup[] {
  const present = new Set<string>();
  for (const row of rows) {
    const groups = row.groups;
    if (groups === undefined) continue;
    for (const key in groups) present.add(key);
  }
  return candidates.filter((group) => group === 'all' || present.has(group));
}
