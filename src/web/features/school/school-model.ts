// Shaping a school's figures for its page: the latest key figures, one trend per measure
// grouped by category, a year-by-year grid, and the student groups of the latest year.
import type {
  Figure,
  MeasureCategory,
  MeasureInfo,
  SchoolDetail,
  SchoolSeries,
} from '../../api/types.ts';
import { STUDENT_GROUPS } from '../../../domain/shared/catalogue.ts';
import { formatFigure, formatSchoolYear } from '../../ui/format.ts';

export const CATEGORY_TITLES: Record<MeasureCategory, string> = {
  profile: 'Profile',
  outcome: 'Outcomes',
  staffing: 'Staffing',
  finance: 'Finance',
};
const CATEGORY_ORDER: MeasureCategory[] = ['profile', 'outcome', 'staffing', 'finance'];

/** The figures shown as cards at the top of a school page, in this order when present. */
export const KEY_FIGURES = [
  'enrollment',
  'pct_econ_disadv',
  'pct_el',
  'pct_swd',
  'spg_grade',
  'spg_score',
  'achievement_score',
  'growth_status',
  'grad_rate_4yr',
  'chronic_absence_rate',
  'teachers_count',
  'ppe_total',
] as const;

export interface MeasureTrend {
  measure: MeasureInfo;
  /** All-students figures, oldest first. */
  points: Figure[];
}

export interface CategorySection {
  category: MeasureCategory;
  title: string;
  /** Measures with at least one reported or suppressed figure. */
  trends: MeasureTrend[];
  /** Measures this school never had a figure for (e.g. a graduation rate at an elementary). */
  unreported: MeasureInfo[];
}

/** Whether any year has a figure, even a suppressed one: otherwise the measure is noise here. */
export function hasAnyFigure(trend: MeasureTrend): boolean {
  return trend.points.some((p) => p.status !== 'missing');
}

const byYear = (a: Figure, b: Figure) => a.year - b.year;

// Student groups in the catalogue's order (all students, then need, then race, …).
const GROUP_ORDER = Object.keys(STUDENT_GROUPS);
const groupRank = (group: string) => {
  const rank = GROUP_ORDER.indexOf(group);
  return rank < 0 ? GROUP_ORDER.length : rank;
};

function allStudents(series: readonly SchoolSeries[]): SchoolSeries[] {
  return series.filter((s) => s.studentGroup === 'all');
}

/** A trend worth a chart: a number (not a grade or status) reported in at least one year. */
export function isChartable(trend: MeasureTrend): boolean {
  const { unit } = trend.measure;
  if (unit === 'grade' || unit === 'status') return false;
  return trend.points.some((p) => p.status === 'reported' && p.value !== null);
}

export function categorySections(detail: Pick<SchoolDetail, 'series'>): CategorySection[] {
  const trends = allStudents(detail.series).map((s) => ({
    measure: s.measure,
    points: [...s.points].sort(byYear),
  }));
  return CATEGORY_ORDER.map((category) => {
    const inCategory = trends.filter((t) => t.measure.category === category);
    return {
      category,
      title: CATEGORY_TITLES[category],
      trends: inCategory.filter(hasAnyFigure),
      unreported: inCategory.filter((t) => !hasAnyFigure(t)).map((t) => t.measure),
    };
  }).filter((section) => section.trends.length > 0);
}

export function latestFigure(points: readonly Figure[]): Figure | undefined {
  return [...points].sort(byYear).at(-1);
}

export function keyFigures(detail: Pick<SchoolDetail, 'series'>): MeasureTrend[] {
  const byKey = new Map(allStudents(detail.series).map((s) => [s.measure.key, s]));
  return KEY_FIGURES.flatMap((key) => {
    const series = byKey.get(key);
    if (!series) return [];
    const trend = { measure: series.measure, points: [...series.points].sort(byYear) };
    return hasAnyFigure(trend) ? [trend] : [];
  });
}

export interface GroupTable {
  year: number;
  measures: MeasureInfo[];
  rows: Array<{ group: string; figures: Record<string, Figure | undefined> }>;
}

/**
 * Student groups for the latest year any group has a figure: one row per group (all students
 * first, for comparison), one column per measure reported by group.
 */
export function studentGroupTable(detail: Pick<SchoolDetail, 'series'>): GroupTable | null {
  const grouped = detail.series.filter((s) => s.studentGroup !== 'all');
  const years = grouped.flatMap((s) => s.points.map((p) => p.year));
  if (years.length === 0) return null;
  const year = Math.max(...years);
  const keys = new Set(
    grouped.filter((s) => s.points.some((p) => p.year === year)).map((s) => s.measure.key),
  );
  const measures: MeasureInfo[] = [];
  const rows = new Map<string, Record<string, Figure | undefined>>();
  for (const s of detail.series) {
    if (!keys.has(s.measure.key)) continue;
    if (!measures.some((m) => m.key === s.measure.key)) measures.push(s.measure);
    const row = rows.get(s.studentGroup) ?? {};
    row[s.measure.key] = s.points.find((p) => p.year === year);
    rows.set(s.studentGroup, row);
  }
  const ordered = [...rows].sort(([a], [b]) => groupRank(a) - groupRank(b) || a.localeCompare(b));
  return { year, measures, rows: ordered.map(([group, figures]) => ({ group, figures })) };
}

const delta = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, signDisplay: 'never' });

/** A trend in one or two sentences, the text alternative of its chart. */
export function describeTrend(trend: MeasureTrend): string {
  const { measure, points } = trend;
  const reported = points.filter((p) => p.status === 'reported' && p.value !== null);
  const notShown = points.filter((p) => p.status !== 'reported');
  const parts: string[] = [];
  const first = reported[0];
  const last = reported.at(-1);
  if (!first || !last) {
    parts.push(`${measure.label}: no reported figures.`);
  } else if (first === last) {
    parts.push(
      `${measure.label}: ${formatFigure(last, measure.unit)} in ${formatSchoolYear(last.year)}.`,
    );
  } else {
    const change = (last.value ?? 0) - (first.value ?? 0);
    const unitWord = measure.unit === 'percent' ? ' percentage points' : '';
    const direction =
      change === 0
        ? 'no change'
        : `${change > 0 ? 'up' : 'down'} ${measure.unit === 'dollars' ? '$' : ''}${delta.format(Math.abs(change))}${unitWord}`;
    parts.push(
      `${measure.label}: ${formatFigure(first, measure.unit)} in ${formatSchoolYear(first.year)}, ${formatFigure(last, measure.unit)} in ${formatSchoolYear(last.year)} (${direction}).`,
    );
  }
  const suppressed = notShown.filter((p) => p.status === 'suppressed').map((p) => p.year);
  const missing = notShown.filter((p) => p.status === 'missing').map((p) => p.year);
  if (suppressed.length > 0) {
    parts.push(`Suppressed in ${suppressed.map(formatSchoolYear).join(', ')}.`);
  }
  if (missing.length > 0) {
    parts.push(`Not reported in ${missing.map(formatSchoolYear).join(', ')}.`);
  }
  return parts.join(' ');
}
