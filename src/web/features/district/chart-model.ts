// The district scatter: an outcome against the share of economically disadvantaged students,
// and the sentence that describes it for people who cannot see the chart.
import type { MeasureInfo, SchoolLevel, SchoolSummary } from '../../api/types.ts';
import { formatCorrelation, pluralize } from '../../ui/format.ts';

export const X_MEASURE = 'pct_econ_disadv';
export const OUTCOME_KEYS = [
  'spg_score',
  'achievement_score',
  'grad_rate_4yr',
  'chronic_absence_rate',
] as const;

export interface ScatterPoint {
  id: string;
  name: string;
  level: SchoolLevel;
  x: number;
  y: number;
}

export function scatterPoints(
  schools: readonly SchoolSummary[],
  xKey: string,
  yKey: string,
): ScatterPoint[] {
  return schools.flatMap((school) => {
    const x = school.figures[xKey];
    const y = school.figures[yKey];
    if (x?.status !== 'reported' || y?.status !== 'reported') return [];
    if (x.value === null || y.value === null) return [];
    return [{ id: school.id, name: school.name, level: school.level, x: x.value, y: y.value }];
  });
}

/** Pearson's correlation coefficient; null with fewer than 3 points or no spread. */
export function pearson(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  const n = points.length;
  if (n < 3) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
    syy += (p.y - meanY) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** 'strong' from |r| ≥ 0.7, 'moderate' from 0.4, 'weak' from 0.2 (a common rule of thumb). */
function strength(r: number): 'strong' | 'moderate' | 'weak' | null {
  const a = Math.abs(r);
  if (a >= 0.7) return 'strong';
  if (a >= 0.4) return 'moderate';
  if (a >= 0.2) return 'weak';
  return null;
}

export function describeScatter(
  points: readonly ScatterPoint[],
  outcome: Pick<MeasureInfo, 'label'>,
  xLabel = 'economically disadvantaged students',
): string {
  if (points.length === 0) return `No school has both figures to compare.`;
  const count = pluralize(points.length, 'school');
  const r = pearson(points);
  if (r === null) return `${count}; too few to measure how the two figures move together.`;
  const label = outcome.label.toLowerCase();
  const kind = strength(r);
  const relation =
    kind === null
      ? `${label} shows little relation to the share of ${xLabel}`
      : `a ${kind} ${r < 0 ? 'negative' : 'positive'} relation: schools with more ${xLabel} tend to have ${r < 0 ? 'lower' : 'higher'} ${label}`;
  return `${count}; correlation r = ${formatCorrelation(r)}; ${relation}.`;
}
