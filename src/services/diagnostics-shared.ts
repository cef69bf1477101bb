// What the diagnostics services share: the rule-set presets and outcomes a request may name,
// choosing the school year, wording school years and methods, and the expectation band drawn
// around the regression line.
import type { YearFit } from '../domain/diagnostics/regression.ts';
import {
  federalEssaPreset,
  northCarolinaPreset,
  type RuleSet,
} from '../domain/diagnostics/rule-set.ts';
import { studentTCdf } from '../domain/diagnostics/student-t.ts';
import {
  MEASURE,
  figureOf,
  reportedValue,
  usableValue,
  type SchoolYearFigures,
} from '../domain/diagnostics/types.ts';
import { measureLabel } from '../domain/diagnostics/format.ts';
import { canViewSchoolAggregates, type Actor } from '../domain/access/access.ts';
import { badRequest, forbidden } from '../domain/shared/errors.ts';

export const RULE_SET_KEYS = ['north-carolina', 'federal-essa'] as const;
export type RuleSetKey = (typeof RULE_SET_KEYS)[number];

/** The presets a request may name (DOMAIN.md §3), with their numbers at the defaults. */
export function resolveRuleSet(key: RuleSetKey): RuleSet {
  return key === 'federal-essa' ? federalEssaPreset() : northCarolinaPreset();
}

/**
 * Outcomes judged against poverty. Only measures where higher is better: the CRPE test calls a
 * positive residual "beating the odds".
 */
export const OUTCOME_KEYS = [
  'spg_score',
  'achievement_score',
  'grad_rate_4yr',
  'ela_pct_proficient',
  'math_pct_proficient',
] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

/** Beating the odds is judged on the 3-year average residual (CRPE, DOMAIN.md §4). */
export const EXPECTATION_YEARS = 3;
/** Schools like mine within one district: 10 nearest of the same level (Texas uses 40 statewide). */
export const DISTRICT_PEER_COUNT = 10;

export function assertCanView(actor: Actor) {
  if (!canViewSchoolAggregates(actor)) throw forbidden();
}

/** 2019 → "2018–19" (school years are stored as the spring year). */
export function formatSchoolYear(year: number): string {
  return `${year - 1}–${String(year % 100).padStart(2, '0')}`;
}

/** The years with at least one usable figure for the measure, ascending. */
export function yearsWith(
  rows: readonly SchoolYearFigures[],
  measure: string,
  minimumN: number,
): number[] {
  const years = new Set<number>();
  for (const row of rows) {
    if (usableValue(figureOf(row, measure), minimumN).ok) years.add(row.year);
  }
  return [...years].sort((a, b) => a - b);
}

/** The requested year if the data has it, else the latest year with the outcome. */
export function chooseYear(
  years: readonly number[],
  withOutcome: readonly number[],
  requested: number | undefined,
): number | null {
  if (requested !== undefined) {
    if (!years.includes(requested)) {
      throw badRequest(`There are no figures for the ${formatSchoolYear(requested)} school year.`, [
        { field: 'year', message: `Loaded years: ${years.join(', ') || 'none'}.` },
      ]);
    }
    return requested;
  }
  return withOutcome.at(-1) ?? years.at(-1) ?? null;
}

export interface BandPoint {
  /** % economically disadvantaged. */
  x: number;
  expected: number;
  lower: number;
  upper: number;
}

export interface FitSummary {
  year: number;
  intercept: number;
  slope: number;
  rSquared: number;
  n: number;
  degreesOfFreedom: number;
  residualStandardError: number;
  /** t(0.95, df): the half-width of the band is this × σ̂√(1 − h). */
  criticalT: number;
  band: BandPoint[];
}

/** The upper-tail critical value t such that P(T > t) = alpha, by bisection on the CDF. */
export function criticalT(alpha: number, df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (1 - studentTCdf(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The fitted line of a one-predictor fit and its expectation band: at poverty x, the expected
 * result ± t(1 − α, df) × σ̂√(1 − h(x)), with h(x) = 1/n + (x − x̄)² / Sxx the leverage a school
 * at x would have. A school outside the band has a residual that, in that year alone, is
 * significant one-tailed at α — the single-year form of the CRPE test (DOMAIN.md §4).
 */
export function summarizeFit(
  yearFit: YearFit,
  rowsOfYear: readonly SchoolYearFigures[],
  alpha: number,
): FitSummary {
  const { fit } = yearFit;
  const ids = new Set(yearFit.schoolIds);
  const xs = rowsOfYear
    .filter((r) => ids.has(r.schoolId))
    .map((r) => reportedValue(figureOf(r, MEASURE.econDisadv)))
    .filter((x): x is number => x !== null);
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  const sxx = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  const intercept = fit.coefficients[0] ?? 0;
  const slope = fit.coefficients[1] ?? 0;
  const t = criticalT(alpha, fit.degreesOfFreedom);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const steps = 40;
  const band: BandPoint[] = [];
  for (let i = 0; i <= steps && n > 0; i++) {
    const x = min + ((max - min) * i) / steps;
    const h = 1 / n + (sxx > 0 ? (x - mean) ** 2 / sxx : 0);
    const half = t * fit.residualStandardError * Math.sqrt(Math.max(0, 1 - h));
    const expected = intercept + slope * x;
    band.push({ x, expected, lower: expected - half, upper: expected + half });
  }
  return {
    year: yearFit.year,
    intercept,
    slope,
    rSquared: fit.rSquared,
    n: fit.n,
    degreesOfFreedom: fit.degreesOfFreedom,
    residualStandardError: fit.residualStandardError,
    criticalT: t,
    band,
  };
}

export function describeRegression(
  outcome: string,
  fit: FitSummary | null,
  year: number,
  yearsUsed: readonly number[],
  minimumN: number,
): string {
  const label = measureLabel(outcome);
  const span =
    yearsUsed.length > 1
      ? `the ${yearsUsed.length}-year average residual (${formatSchoolYear(yearsUsed[0] ?? year)} to ${formatSchoolYear(yearsUsed.at(-1) ?? year)})`
      : `the residual`;
  const head =
    fit === null
      ? `Too few schools have ${label} and % economically disadvantaged in ${formatSchoolYear(year)} to fit a regression.`
      : `OLS of ${label} on % economically disadvantaged across the district's schools, ${formatSchoolYear(year)}, n = ${fit.n} schools (R² = ${fit.rSquared.toFixed(2)}).`;
  return `${head} CRPE: beating the odds or below expectation when ${span} is significant one-tailed at p < 0.05, otherwise as expected. Figures about fewer than ${minimumN} students are left out (DOMAIN.md §6). Band: expected ± t(0.95, df) × σ̂√(1 − h), where one year's residual alone is not significant.`;
}

export function describeIdentification(ruleSet: RuleSet, year: number): string {
  const scope =
    ruleSet.presetOf === 'federal'
      ? ' Percent cut-offs (CSI lowest 5% of Title I schools, TSI bottom 5% of a group for 3 years, ATSI) are taken among this district’s schools; a state applies them statewide.'
      : '';
  return `${ruleSet.name}, run on the ${formatSchoolYear(year)} figures; minimum n = ${ruleSet.minimumN}.${scope}`;
}

export const NEED_INDEX_METHOD =
  'Need index 0–100: weighted mean of within-district percentiles of % economically disadvantaged (0.5), % English learners (0.2), % students with disabilities (0.2) and chronic absence (0.1); weights renormalised over the parts a school has.';

export const PEERS_METHOD = `The ${DISTRICT_PEER_COUNT} nearest schools of the same level in the district, by Euclidean distance on z-scores of log enrollment, % economically disadvantaged, % English learners and % students with disabilities (Texas compares each campus with 40 matched campuses statewide).`;
