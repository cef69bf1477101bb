// The equity report (ESSA §1111(g)(1)(B), §1112(b)(2); DOMAIN.md §5): rates of inexperienced,
// ineffective, out-of-field and provisional teachers, turnover, and inexperienced principals in the
// highest- against the lowest-poverty (and -minority) schools, with the gap in points and the
// schools that drive it.
//
// Rates (computed in rates.ts):
//   teacher-weighted  Σ count / Σ n over the group's schools (each teacher counts once) — the
//                     ESSA measure: the chance that a student's teacher is, say, inexperienced,
//                     when students are spread like teachers;
//   student-weighted  Σ enrolment_s × rate_s / Σ enrolment_s, where enrolment is known;
//   school average    the plain mean of school rates (each school counts once). Not an ESSA
//                     measure, but published summaries use it — NC DPI's 19.9% / 11.6% for rcd_eq
//                     2019 are school averages (see nc-eq.test.ts) — so it is shown beside the
//                     others, labelled, never instead of them.
// Every rate is suppressed below the minimum n (DOMAIN.md §6), and so is any gap built on one.
//
// The comparison universe is the caller's: pass the district's schools with quartiles computed
// among them ("within the district"), or the state's schools with statewide quartiles and
// reportOn: 'district' to report the district's own schools under the state's cut points.
import { DEFAULT_MINIMUM_N, type Figure } from '../shared/suppression.ts';
import type { SchoolGroups } from './quartiles.ts';
import { groupRates, pct, type GroupRates, type Member } from './rates.ts';
import {
  EQUITY_MEASURES,
  MEASURE_LABELS,
  type EquityMeasure,
  type SchoolStaffing,
} from './staffing.ts';

export type { GroupRates, RateFigure } from './rates.ts';

export interface EquitySchool {
  schoolId: string;
  name?: string;
  enrollment: number | null;
  /** With a statewide universe: whether the school is the district's. */
  inDistrict?: boolean;
}

export interface EquityComparison {
  dimension: 'poverty' | 'minority';
  /** e.g. 'poverty quartiles within the district', 'DPI high/low poverty'. */
  label: string;
  groups: SchoolGroups;
}

export interface EquityReportInput {
  year: number;
  schools: readonly EquitySchool[];
  staffing: readonly SchoolStaffing[];
  comparisons: readonly EquityComparison[];
  reportOn?: 'all' | 'district';
  measures?: readonly EquityMeasure[];
  minimumN?: number;
  topDrivers?: number;
}

export interface GapDriver {
  schoolId: string;
  name: string;
  ratePercent: number;
  count: number;
  n: number;
  /** Points this school adds to the gap: (rate_s − rate_low) × n_s / Σ n_high × 100. */
  contributionPoints: number;
  explanation: string;
}

export interface MeasureGap {
  measure: EquityMeasure;
  high: GroupRates;
  low: GroupRates;
  gapPoints: number | null;
  studentWeightedGapPoints: number | null;
  schoolAverageGapPoints: number | null;
  drivers: GapDriver[];
  /** High-group schools below the minimum n, left out of the driver list. */
  driversHidden: number;
  explanation: string;
}

export interface DimensionReport {
  dimension: EquityComparison['dimension'];
  label: string;
  grouping: string[];
  gaps: MeasureGap[];
}

export interface EquityReport {
  year: number;
  minimumN: number;
  reportOn: 'all' | 'district';
  dimensions: DimensionReport[];
}

const pts = (value: number) => `${Math.abs(value).toFixed(1)} points`;

const difference = (high: Figure | null, low: Figure | null): number | null =>
  high?.status === 'reported' &&
  low?.status === 'reported' &&
  high.value !== null &&
  low.value !== null
    ? high.value - low.value
    : null;

function gapFor(
  measure: EquityMeasure,
  members: { high: Member[]; low: Member[] },
  names: { high: string; low: string },
  year: number,
  minimumN: number,
  topDrivers: number,
): MeasureGap {
  const high = groupRates('high', members.high, year, minimumN);
  const low = groupRates('low', members.low, year, minimumN);
  const gapPoints = difference(high.teacherWeighted, low.teacherWeighted);
  const label = MEASURE_LABELS[measure];
  const drivers: GapDriver[] = [];
  let driversHidden = 0;
  if (gapPoints !== null && low.teacherWeighted.n !== null) {
    const lowRate = low.teacherWeighted.count / low.teacherWeighted.n;
    const highN = high.teacherWeighted.n ?? 0;
    for (const { school, schoolId, tally } of members.high) {
      if (tally.n <= 0) continue;
      if (tally.n < minimumN) {
        driversHidden += 1;
        continue;
      }
      const rate = tally.count / tally.n;
      // Each high-group school's excess over the low group, in points of the gap; summed over
      // every high-group school these give exactly the gap (Σ (r_s − r_low) n_s / N = r_high − r_low).
      const contributionPoints = (((rate - lowRate) * tally.n) / highN) * 100;
      const name = school?.name ?? schoolId;
      drivers.push({
        schoolId,
        name,
        ratePercent: rate * 100,
        count: tally.count,
        n: tally.n,
        contributionPoints,
        explanation: '',
      });
    }
    drivers.sort(
      (a, b) => b.contributionPoints - a.contributionPoints || (a.schoolId < b.schoolId ? -1 : 1),
    );
    drivers.length = Math.min(drivers.length, topDrivers);
    // Worded only for the schools kept: a state has thousands in its highest quartile.
    for (const d of drivers) {
      d.explanation =
        `${d.name}: ${pct(d.ratePercent)} ${label.noun} (${round(d.count)} of ${round(d.n)}) ` +
        `against ${pct(lowRate * 100)} in the ${names.low} schools; ` +
        `adds ${d.contributionPoints.toFixed(1)} points to the gap.`;
    }
  }
  return {
    measure,
    high,
    low,
    gapPoints,
    studentWeightedGapPoints: difference(high.studentWeighted, low.studentWeighted),
    schoolAverageGapPoints: difference(high.schoolAverage, low.schoolAverage),
    drivers,
    driversHidden,
    explanation: explainGap(measure, high, low, gapPoints, names, minimumN),
  };
}

const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function explainGap(
  measure: EquityMeasure,
  high: GroupRates,
  low: GroupRates,
  gapPoints: number | null,
  names: { high: string; low: string },
  minimumN: number,
): string {
  const label = MEASURE_LABELS[measure];
  const describe = (rates: GroupRates) =>
    rates.teacherWeighted.status === 'reported'
      ? `${rates.teacherWeighted.text} (${round(rates.teacherWeighted.count)} of ${round(rates.teacherWeighted.n ?? 0)} ${label.of})`
      : rates.teacherWeighted.status === 'suppressed'
        ? `not shown (fewer than ${minimumN} ${label.of})`
        : 'no data';
  const start =
    `Share of ${label.noun}: ${describe(high)} in the ${names.high} schools against ` +
    `${describe(low)} in the ${names.low} schools`;
  if (gapPoints === null) return `${start}; no gap can be shown.`;
  const direction =
    Math.abs(gapPoints) < 0.05
      ? 'no gap'
      : gapPoints > 0
        ? `a gap of ${pts(gapPoints)} against the ${names.high} schools`
        : `${pts(gapPoints)} lower in the ${names.high} schools`;
  return `${start}: ${direction}.`;
}

function groupNames(comparison: EquityComparison): { high: string; low: string } {
  const what = comparison.dimension === 'poverty' ? 'poverty' : 'minority';
  return comparison.groups.cuts
    ? { high: `highest-${what}`, low: `lowest-${what}` }
    : { high: `high-${what}`, low: `low-${what}` };
}

export function computeEquityReport(input: EquityReportInput): EquityReport {
  const minimumN = input.minimumN ?? DEFAULT_MINIMUM_N;
  const topDrivers = input.topDrivers ?? 5;
  const reportOn = input.reportOn ?? 'all';
  const measures = input.measures ?? EQUITY_MEASURES;
  const schools = new Map(input.schools.map((s) => [s.schoolId, s]));
  const dimensions = input.comparisons.map((comparison): DimensionReport => {
    const names = groupNames(comparison);
    const gaps = measures.map((measure) => {
      const members: { high: Member[]; low: Member[] } = { high: [], low: [] };
      for (const staffing of input.staffing) {
        const tally = staffing.measures[measure];
        const placed = comparison.groups.groups.get(staffing.schoolId);
        if (!tally || !placed || placed.group === 'middle') continue;
        const school = schools.get(staffing.schoolId);
        if (reportOn === 'district' && school?.inDistrict !== true) continue;
        members[placed.group].push({ school, schoolId: staffing.schoolId, tally });
      }
      return gapFor(measure, members, names, input.year, minimumN, topDrivers);
    });
    const scope =
      reportOn === 'district'
        ? 'Rates are for the district’s own schools, placed by the cut points above.'
        : 'Rates are for every school in the comparison.';
    return {
      dimension: comparison.dimension,
      label: comparison.label,
      grouping: [...comparison.groups.explanation, scope],
      gaps,
    };
  });
  return { year: input.year, minimumN, reportOn, dimensions };
}
