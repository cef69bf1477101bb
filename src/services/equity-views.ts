// The equity report's figures as the API, CLI and page show them. A suppressed rate (fewer than
// the minimum n teachers, DOMAIN.md §6) carries its marker and nothing else: no value, no count,
// no n, so that it cannot be recovered from the response.
import type { DimensionReport, MeasureGap } from '../domain/equity/equity-report.ts';
import { pct, rateFigure, type GroupRates, type RateFigure } from '../domain/equity/rates.ts';
import type { Quartile, SchoolGroups } from '../domain/equity/quartiles.ts';
import type { Share } from '../domain/equity/shares.ts';
import {
  EQUITY_MEASURES,
  MEASURE_LABELS,
  type EquityMeasure,
  type MeasureTally,
  type SchoolStaffing,
} from '../domain/equity/staffing.ts';
import type { MeasureStatus } from '../db/schema.ts';

export interface RateView {
  /** 0–100; null when suppressed or missing. */
  percent: number | null;
  /** '12.3%', 'n<10' or 'no data'. */
  text: string;
  /** People with the attribute (may be fractional from published shares or FTE). */
  count: number | null;
  n: number | null;
  status: MeasureStatus;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function rateView(
  figure: Pick<RateFigure, 'count' | 'n' | 'status' | 'value'>,
  minimumN: number,
): RateView {
  if (
    figure.status === 'suppressed' ||
    (figure.n !== null && figure.n > 0 && figure.n < minimumN)
  ) {
    return { percent: null, text: `n<${minimumN}`, count: null, n: null, status: 'suppressed' };
  }
  if (figure.status !== 'reported' || figure.value === null || figure.n === null) {
    return { percent: null, text: 'no data', count: null, n: null, status: 'missing' };
  }
  return {
    percent: figure.value,
    text: pct(figure.value),
    count: round1(figure.count),
    n: round1(figure.n),
    status: 'reported',
  };
}

export function tallyView(tally: MeasureTally, year: number, minimumN: number): RateView {
  return rateView(rateFigure(year, tally.count, tally.n, minimumN), minimumN);
}

export function shareView(share: Share): RateView {
  if (share.status === 'suppressed') {
    return {
      percent: null,
      text: share.marker ?? 'suppressed',
      count: null,
      n: null,
      status: 'suppressed',
    };
  }
  if (share.percent === null) {
    return { percent: null, text: 'no data', count: null, n: null, status: 'missing' };
  }
  return {
    percent: share.percent,
    text: `${share.percent.toFixed(0)}%`,
    count: share.count,
    n: share.n,
    status: 'reported',
  };
}

export interface GroupView {
  schools: number;
  teacherWeighted: RateView;
  studentWeighted: (RateView & { students: number; schoolsWithoutEnrollment: number }) | null;
  schoolAverage: RateView;
}

export interface DriverView {
  schoolId: string;
  name: string;
  rate: RateView;
  contributionPoints: number;
  explanation: string;
}

export interface QuartileRate {
  quartile: 1 | 2 | 3 | 4;
  schools: number;
  rate: RateView;
}

export interface GapView {
  measure: EquityMeasure;
  /** Teacher-weighted rate in each quartile, 1 (lowest share) to 4 (highest). */
  quartiles: QuartileRate[];
  label: string;
  high: GroupView;
  low: GroupView;
  gapPoints: number | null;
  studentWeightedGapPoints: number | null;
  schoolAverageGapPoints: number | null;
  explanation: string;
  drivers: DriverView[];
  driversHidden: number;
}

export interface DimensionView {
  dimension: 'poverty' | 'minority';
  label: string;
  grouping: string[];
  gaps: GapView[];
}

function groupView(group: GroupRates, minimumN: number): GroupView {
  const student = group.studentWeighted;
  return {
    schools: group.schools,
    teacherWeighted: rateView(group.teacherWeighted, minimumN),
    studentWeighted: student
      ? {
          ...rateView(student, minimumN),
          students: student.students,
          schoolsWithoutEnrollment: student.schoolsWithoutEnrollment,
        }
      : null,
    schoolAverage: rateView(group.schoolAverage, minimumN),
  };
}

function gapView(gap: MeasureGap, minimumN: number, quartiles: QuartileRate[]): GapView {
  return {
    measure: gap.measure,
    quartiles,
    label: MEASURE_LABELS[gap.measure].noun,
    high: groupView(gap.high, minimumN),
    low: groupView(gap.low, minimumN),
    gapPoints: gap.gapPoints,
    studentWeightedGapPoints: gap.studentWeightedGapPoints,
    schoolAverageGapPoints: gap.schoolAverageGapPoints,
    explanation: gap.explanation,
    drivers: gap.drivers.map((d) => ({
      schoolId: d.schoolId,
      name: d.name,
      rate: rateView(
        { count: d.count, n: d.n, status: 'reported', value: d.ratePercent },
        minimumN,
      ),
      contributionPoints: d.contributionPoints,
      explanation: d.explanation,
    })),
    driversHidden: gap.driversHidden,
  };
}

export function toDimensionView(
  dimension: DimensionReport,
  minimumN: number,
  quartiles: Partial<Record<EquityMeasure, QuartileRate[]>> = {},
): DimensionView {
  return {
    dimension: dimension.dimension,
    label: dimension.label,
    grouping: dimension.grouping,
    gaps: dimension.gaps.map((g) => gapView(g, minimumN, quartiles[g.measure] ?? [])),
  };
}

/**
 * Teacher-weighted rates in each of the four quartiles (Σ count / Σ n), for the chart of rates by
 * quartile; the report itself compares quartile 4 with quartile 1.
 */
export function quartileRates(
  staffing: readonly SchoolStaffing[],
  groups: SchoolGroups | null,
  year: number,
  minimumN: number,
): Partial<Record<EquityMeasure, QuartileRate[]>> {
  const out: Partial<Record<EquityMeasure, QuartileRate[]>> = {};
  if (!groups) return out;
  for (const measure of EQUITY_MEASURES) {
    const sums = [1, 2, 3, 4].map(() => ({ count: 0, n: 0, schools: 0 }));
    for (const school of staffing) {
      const tally = school.measures[measure];
      const quartile = groups.groups.get(school.schoolId)?.quartile;
      const sum = quartile ? sums[quartile - 1] : undefined;
      if (!tally || !sum) continue;
      sum.count += tally.count;
      sum.n += tally.n;
      sum.schools += 1;
    }
    if (sums.every((q) => q.n === 0)) continue;
    out[measure] = sums.map((q, i) => ({
      quartile: (i + 1) as Quartile,
      schools: q.schools,
      rate: tallyView({ count: q.count, n: q.n }, year, minimumN),
    }));
  }
  return out;
}
