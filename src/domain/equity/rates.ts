// The three group rates of the equity report (DOMAIN.md §5), each with its n and suppressed
// below the minimum n (§6):
//   teacher-weighted  Σ count / Σ n — the ESSA measure;
//   student-weighted  Σ enrolment_s × rate_s / Σ enrolment_s over schools with known enrolment;
//   school average    mean of school rates, each school counted once (shown, labelled, beside).
import { applyMinimumN, type Figure } from '../shared/suppression.ts';
import type { ComparisonGroup } from './quartiles.ts';
import type { MeasureTally } from './staffing.ts';
import type { EquitySchool } from './equity-report.ts';

export const pct = (value: number) => `${value.toFixed(1)}%`;

/** A rate as a Figure (value in percent, 0–100) with the count behind it. */
export interface RateFigure extends Figure {
  count: number;
}

export interface GroupRates {
  group: Exclude<ComparisonGroup, 'middle'>;
  schools: number;
  teacherWeighted: RateFigure;
  studentWeighted: (RateFigure & { students: number; schoolsWithoutEnrollment: number }) | null;
  schoolAverage: RateFigure;
}

export function rateFigure(year: number, count: number, n: number, minimumN: number): RateFigure {
  if (n <= 0) {
    return { year, value: null, text: null, status: 'missing', n: 0, marker: null, count };
  }
  const value = (count / n) * 100;
  const figure = applyMinimumN(
    { year, value, text: pct(value), status: 'reported', n, marker: null },
    minimumN,
  );
  return { ...figure, count };
}

export interface Member {
  school: EquitySchool | undefined;
  schoolId: string;
  tally: MeasureTally;
}

export function groupRates(
  group: GroupRates['group'],
  members: readonly Member[],
  year: number,
  minimumN: number,
): GroupRates {
  let count = 0;
  let n = 0;
  let weightedRate = 0;
  let students = 0;
  let studentN = 0;
  let studentCount = 0;
  let withoutEnrollment = 0;
  let rateSum = 0;
  let ratedSchools = 0;
  for (const { school, tally } of members) {
    if (tally.n <= 0) continue;
    count += tally.count;
    n += tally.n;
    rateSum += tally.count / tally.n;
    ratedSchools += 1;
    const enrollment = school?.enrollment ?? null;
    if (enrollment === null || !(enrollment > 0)) {
      withoutEnrollment += 1;
      continue;
    }
    weightedRate += enrollment * (tally.count / tally.n);
    students += enrollment;
    studentN += tally.n;
    studentCount += tally.count;
  }
  const studentWeighted =
    students > 0
      ? {
          ...rateFigure(year, studentCount, studentN, minimumN),
          students,
          schoolsWithoutEnrollment: withoutEnrollment,
        }
      : null;
  if (studentWeighted && studentWeighted.status === 'reported') {
    studentWeighted.value = (weightedRate / students) * 100;
    studentWeighted.text = pct(studentWeighted.value);
  }
  const schoolAverage = rateFigure(year, count, n, minimumN);
  if (schoolAverage.status === 'reported') {
    schoolAverage.value = (rateSum / ratedSchools) * 100;
    schoolAverage.text = pct(schoolAverage.value);
  }
  return {
    group,
    schools: ratedSchools,
    teacherWeighted: rateFigure(year, count, n, minimumN),
    studentWeighted,
    schoolAverage,
  };
}
