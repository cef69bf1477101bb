// Trends over every loaded school year (issue 4, "trends over every loaded year"): the change
// from the first to the last year with a figure, and the slope per year by ordinary least
// squares on the year (closed form b = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², as in every statistics text).
// Suppressed and missing years are left out, never read as zero (DOMAIN.md §6).
import type { StudentGroup } from '../shared/catalogue.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import { figureOf, usableValue, type SchoolYearFigures } from './types.ts';

export interface TrendPoint {
  year: number;
  value: number;
}

export interface Trend {
  schoolId: string;
  measure: string;
  group: StudentGroup;
  /** Usable figures, in year order. */
  points: TrendPoint[];
  firstYear: number | null;
  lastYear: number | null;
  /** Last value − first value. Null with fewer than 2 points. */
  change: number | null;
  /** OLS slope of value on year, per year. Null with fewer than 2 points. */
  slopePerYear: number | null;
}

/** OLS slope per year and intercept; null slope with fewer than two distinct years. */
export function fitLinearTrend(points: readonly TrendPoint[]): {
  slope: number | null;
  intercept: number | null;
} {
  const n = points.length;
  if (n < 2) return { slope: null, intercept: null };
  let ty = 0;
  let vy = 0;
  for (const p of points) {
    ty += p.year;
    vy += p.value;
  }
  const tMean = ty / n;
  const yMean = vy / n;
  let sty = 0;
  let stt = 0;
  for (const p of points) {
    sty += (p.year - tMean) * (p.value - yMean);
    stt += (p.year - tMean) ** 2;
  }
  if (stt === 0) return { slope: null, intercept: null };
  const slope = sty / stt;
  return { slope, intercept: yMean - slope * tMean };
}

/** One trend per school over every year in `rows`, sorted by school id. */
export function computeTrends(
  rows: readonly SchoolYearFigures[],
  options: { measure: string; group?: StudentGroup; minimumN?: number },
): Trend[] {
  const group = options.group ?? 'all';
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const bySchool = new Map<string, TrendPoint[]>();
  for (const row of rows) {
    let points = bySchool.get(row.schoolId);
    if (points === undefined) bySchool.set(row.schoolId, (points = []));
    const usable = usableValue(figureOf(row, options.measure, group), minimumN);
    if (usable.ok) points.push({ year: row.year, value: usable.value });
  }
  const trends: Trend[] = [];
  for (const [schoolId, points] of bySchool) {
    points.sort((a, b) => a.year - b.year);
    const first = points[0];
    const last = points[points.length - 1];
    trends.push({
      schoolId,
      measure: options.measure,
      group,
      points,
      firstYear: first?.year ?? null,
      lastYear: last?.year ?? null,
      change: first && last && points.length > 1 ? last.value - first.value : null,
      slopePerYear: fitLinearTrend(points).slope,
    });
  }
  return trends.sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
}

/**
 * How many consecutive school years, ending with `endYear` and going back, are in `years`
 * (0 when `endYear` itself is not).
 */
export function consecutiveYearsEndingAt(years: Iterable<number>, endYear: number): number {
  const set = years instanceof Set ? years : new Set(years);
  let count = 0;
  while (set.has(endYear - count)) count++;
  return count;
}

/**
 * How many of the last items of a sequence of `length`, counted back from the end, satisfy
 * `holds` without a break. With items = consecutive school years ending at the judged year,
 * this is TSI's "N consecutive years" (ESSA §1111(d)(2)(A)(ii)); `holds` is only asked until
 * the first year that fails.
 */
export function countRunFromEnd(length: number, holds: (index: number) => boolean): number {
  let run = 0;
  for (let i = length - 1; i >= 0 && holds(i); i--) run++;
  return run;
}

/** The longest run of consecutive years in a set (the latest one on a tie). */
export function longestRun(
  years: Iterable<number>,
): { length: number; from: number; to: number } | null {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  let best: { length: number; from: number; to: number } | null = null;
  let start = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] !== (sorted[i - 1] ?? 0) + 1) start = i;
    const length = i - start + 1;
    if (best === null || length >= best.length) {
      best = { length, from: sorted[start] ?? 0, to: sorted[i] ?? 0 };
    }
  }
  return best;
}
