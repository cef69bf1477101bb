// What an incentive program might do, and what it did (issue 5):
// - projectEquityGap(): the equity gap next year(s) under assumptions the user states, with the
//   arithmetic written out — a transparent staffing-flow model, not a forecast.
// - compareAwardeeRetention(): awardees' retention against similar non-awardees (same rating,
//   experience band and school poverty quartile), reweighted to the awardees' mix. A comparison,
//   not proof that the award caused the difference.
import { badRequest } from '../shared/errors.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import type { IncentiveProgram } from './incentives.ts';
import type { Quartile } from './quartiles.ts';
import type { RetentionOutcome } from './retention.ts';
import { formatShare, shareOf, type Share } from './shares.ts';

export interface GapBaseline {
  /** The measure, as a plural noun: 'ineffective teachers'. */
  measureLabel: string;
  /** Highest-poverty (or -minority) group now: teachers and those in the measure. */
  high: { teachers: number; count: number };
  low: { teachers: number; count: number };
  /** Award-eligible teachers now in the high group; by eligibility, not in the measure. */
  eligibleInHigh: number;
  /** Share of eligible teachers who stay each year without the program (from retention data). */
  retentionWithoutProgram: number;
  /** Share of the other high-group teachers who stay each year. */
  retentionOfOthers: number;
}

export interface GapAssumptions {
  /** Share of eligible teachers who stay each year with the program, 0..1. */
  retentionOfEligible: number;
  /** Eligible teachers the program draws into high-group schools each year. */
  movesIn: number;
  /** Share of new hires who are in the measure; default the high group's current rate. */
  replacementRate?: number;
  years?: number;
}

interface Scenario {
  ratePercent: number;
  gapPoints: number;
  steps: string[];
}

export interface GapProjection {
  program: string;
  baseline: { highPercent: number; lowPercent: number; gapPoints: number };
  withoutProgram: Scenario;
  withProgram: Scenario;
  /** Points by which the program narrows the gap (negative: widens it). */
  changePoints: number;
  explanation: string[];
}

const unit = (value: number, what: string) => {
  if (!(value >= 0 && value <= 1)) throw badRequest(`${what} must be between 0 and 1.`);
};
const f1 = (value: number) => value.toFixed(1);

// One year of staffing flow in the high group, positions held constant (T):
//   vacancies = E(1 − r_E) + O(1 − r_O); movers fill vacancies first (at most all of them);
//   hires = vacancies − movers placed;  B' = B·r_O + hires·p;  E' = E·r_E + movers placed.
// Eligible teachers are not in the measure; the measure's teachers stay like the other teachers.
function simulate(
  baseline: GapBaseline,
  retentionOfEligible: number,
  movesIn: number,
  replacementRate: number,
  years: number,
  lowRate: number,
): Scenario {
  const teachers = baseline.high.teachers;
  let eligible = baseline.eligibleInHigh;
  let inMeasure = baseline.high.count;
  const steps: string[] = [];
  for (let year = 1; year <= years; year += 1) {
    const others = teachers - eligible;
    const vacancies =
      eligible * (1 - retentionOfEligible) + others * (1 - baseline.retentionOfOthers);
    const placed = Math.min(movesIn, vacancies);
    const hires = vacancies - placed;
    const nextMeasure = inMeasure * baseline.retentionOfOthers + hires * replacementRate;
    steps.push(
      `Year ${year}: ${f1(eligible * (1 - retentionOfEligible))} eligible and ` +
        `${f1(others * (1 - baseline.retentionOfOthers))} other teachers leave (${f1(vacancies)} openings); ` +
        `${f1(placed)} filled by eligible teachers moving in, ${f1(hires)} by new hires of whom ` +
        `${f1(replacementRate * 100)}% are ${baseline.measureLabel}; ` +
        `${baseline.measureLabel}: ${f1(inMeasure)} × ${f1(baseline.retentionOfOthers * 100)}% staying + ` +
        `${f1(hires)} × ${f1(replacementRate * 100)}% = ${f1(nextMeasure)} of ${teachers}.`,
    );
    if (placed < movesIn) {
      steps.push(
        `Only ${f1(vacancies)} openings: ${f1(movesIn - placed)} would-be movers find no place.`,
      );
    }
    eligible = eligible * retentionOfEligible + placed;
    inMeasure = nextMeasure;
  }
  const ratePercent = (inMeasure / teachers) * 100;
  return { ratePercent, gapPoints: ratePercent - lowRate * 100, steps };
}

export function projectEquityGap(
  program: Pick<IncentiveProgram, 'name'>,
  baseline: GapBaseline,
  assumptions: GapAssumptions,
): GapProjection {
  const { high, low } = baseline;
  if (!(high.teachers > 0 && low.teachers > 0)) throw badRequest('Both groups need teachers.');
  unit(assumptions.retentionOfEligible, 'Retention of eligible teachers');
  unit(baseline.retentionWithoutProgram, 'Retention without the program');
  unit(baseline.retentionOfOthers, 'Retention of other teachers');
  if (baseline.eligibleInHigh < 0 || baseline.eligibleInHigh + high.count > high.teachers) {
    throw badRequest(
      `Eligible teachers (${baseline.eligibleInHigh}) and ${baseline.measureLabel} (${high.count}) ` +
        `cannot together exceed the ${high.teachers} teachers: eligible teachers are not ${baseline.measureLabel}.`,
    );
  }
  if (!(assumptions.movesIn >= 0)) throw badRequest('Moves in cannot be negative.');
  const highRate = high.count / high.teachers;
  const lowRate = low.count / low.teachers;
  const replacementRate = assumptions.replacementRate ?? highRate;
  unit(replacementRate, 'The share of new hires in the measure');
  const years = assumptions.years ?? 1;
  const without = simulate(
    baseline,
    baseline.retentionWithoutProgram,
    0,
    replacementRate,
    years,
    lowRate,
  );
  const withIt = simulate(
    baseline,
    assumptions.retentionOfEligible,
    assumptions.movesIn,
    replacementRate,
    years,
    lowRate,
  );
  const changePoints = without.gapPoints - withIt.gapPoints;
  const after = years === 1 ? 'next year' : `after ${years} years`;
  return {
    program: program.name,
    baseline: {
      highPercent: highRate * 100,
      lowPercent: lowRate * 100,
      gapPoints: (highRate - lowRate) * 100,
    },
    withoutProgram: without,
    withProgram: withIt,
    changePoints,
    explanation: [
      `Today ${f1(highRate * 100)}% of teachers in the high group are ${baseline.measureLabel} against ` +
        `${f1(lowRate * 100)}% in the low group: a gap of ${f1((highRate - lowRate) * 100)} points.`,
      `Without ${program.name}, ${after}: ${f1(without.ratePercent)}% (gap ${f1(without.gapPoints)} points). ` +
        `With it: ${f1(withIt.ratePercent)}% (gap ${f1(withIt.gapPoints)} points).`,
      `Assumed: ${f1(assumptions.retentionOfEligible * 100)}% of eligible teachers stay with the program ` +
        `(${f1(baseline.retentionWithoutProgram * 100)}% without), ${assumptions.movesIn} move in each year, ` +
        `${f1(baseline.retentionOfOthers * 100)}% of other teachers stay, and the low group stays as it is.`,
      'This is arithmetic on the stated assumptions, not a prediction; change them to see how much they matter.',
    ],
  };
}

// ---- Awardees against similar non-awardees ------------------------------------------------

export interface RetentionSubject {
  staffId: string;
  rating: string | null;
  yearsExperience: number | null;
  schoolQuartile: Quartile | null;
  outcome: RetentionOutcome;
}

export interface AwardeeComparison {
  basis: 'school' | 'district';
  awardees: Share;
  /** Similar non-awardees, reweighted to the awardees' mix of strata. */
  comparison: Share;
  differencePoints: number | null;
  unmatchedAwardees: number;
  strata: {
    rating: string;
    experience: string;
    quartile: Quartile | null;
    awardees: Share;
    comparison: Share;
  }[];
  explanation: string;
}

function bandOf(years: number | null, bands: readonly number[]): string {
  if (years === null) return 'unknown';
  let label = `${bands[0] ?? 0}+`;
  for (const [index, start] of bands.entries()) {
    const next = bands[index + 1];
    if (years >= start) label = next === undefined ? `${start}+` : `${start}–${next - 1}`;
  }
  return label;
}

export function compareAwardeeRetention(
  awardees: readonly RetentionSubject[],
  nonAwardees: readonly RetentionSubject[],
  options: {
    experienceBands?: readonly number[];
    basis?: 'school' | 'district';
    minimumN?: number;
  } = {},
): AwardeeComparison {
  const bands = options.experienceBands ?? [0, 3, 6, 11];
  const basis = options.basis ?? 'school';
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const retained = (s: RetentionSubject) =>
    s.outcome === 'stayed' || (basis === 'district' && s.outcome === 'moved');
  const keyOf = (s: RetentionSubject) =>
    `${s.rating ?? ''}\u0000${bandOf(s.yearsExperience, bands)}\u0000${s.schoolQuartile ?? ''}`;
  type Tally = { sample: RetentionSubject; a: number; aKept: number; c: number; cKept: number };
  const strata = new Map<string, Tally>();
  const tally = (s: RetentionSubject, isAwardee: boolean) => {
    const key = keyOf(s);
    let t = strata.get(key);
    if (!t) strata.set(key, (t = { sample: s, a: 0, aKept: 0, c: 0, cKept: 0 }));
    if (isAwardee) {
      t.a += 1;
      if (retained(s)) t.aKept += 1;
    } else {
      t.c += 1;
      if (retained(s)) t.cKept += 1;
    }
  };
  awardees.forEach((s) => tally(s, true));
  nonAwardees.forEach((s) => tally(s, false));
  let matched = 0;
  let matchedKept = 0;
  let comparisonN = 0;
  let reweighted = 0;
  let unmatched = 0;
  const rows: AwardeeComparison['strata'] = [];
  for (const t of strata.values()) {
    if (t.a === 0) continue;
    if (t.c === 0) {
      unmatched += t.a;
      continue;
    }
    matched += t.a;
    matchedKept += t.aKept;
    comparisonN += t.c;
    reweighted += t.a * (t.cKept / t.c);
    rows.push({
      rating: t.sample.rating ?? '(none)',
      experience: bandOf(t.sample.yearsExperience, bands),
      quartile: t.sample.schoolQuartile,
      awardees: shareOf(t.aKept, t.a, minimumN),
      comparison: shareOf(t.cKept, t.c, minimumN),
    });
  }
  const awardeeShare = shareOf(matchedKept, matched, minimumN);
  const comparison = shareOf(reweighted, comparisonN, minimumN);
  if (comparison.status === 'reported' && matched > 0)
    comparison.percent = (reweighted / matched) * 100;
  const differencePoints =
    awardeeShare.percent !== null && comparison.percent !== null
      ? awardeeShare.percent - comparison.percent
      : null;
  const where = basis === 'school' ? 'in the same school' : 'in the district';
  const explanation =
    differencePoints === null
      ? `Too few matched people to compare (fewer than ${minimumN} on one side).`
      : `${formatShare(awardeeShare)} of awardees stayed ${where} against ${formatShare(comparison)} of similar ` +
        `teachers without an award (same rating, experience band and school poverty quartile; ` +
        `${matched} awardees, ${comparisonN} comparisons): ${Math.abs(differencePoints).toFixed(0)} points ` +
        `${differencePoints >= 0 ? 'higher' : 'lower'}.` +
        (unmatched > 0
          ? ` ${unmatched} awardees had no similar non-awardee and are left out.`
          : '') +
        ' A comparison, not proof the award caused the difference.';
  return {
    basis,
    awardees: awardeeShare,
    comparison,
    differencePoints,
    unmatchedAwardees: unmatched,
    strata: rows,
    explanation,
  };
}
