// Performance relative to similar schools — "beating the odds" (DOMAIN.md §4). Each school
// year's outcome is regressed on the share of economically disadvantaged students (optionally
// also % EL and % SWD) across the comparison set the caller passes; a school's residual is its
// result above or below what its student population predicts.
//
// Two published ways to call a residual remarkable, both offered because lists built by
// different methods overlap by less than half (IMPAQ, DOMAIN.md §4):
// - 'crpe' (Center on Reinventing Public Education): the residual averaged over up to 3 years,
//   flagged when significant one-tailed at p < 0.05. The standard error of the average treats
//   the yearly residuals as independent, each with its model variance σ̂²ᵧ(1 − hᵢᵢ) (the usual
//   variance of an OLS residual), so SE = √Σσ̂²ᵧ(1 − hᵢᵢ) / k; the t test uses the smallest
//   residual degrees of freedom of the years used.
// - 'band' (Star Tribune, Minnesota): within ±10 points of prediction is "as expected", and a
//   school needs at least 25 students tested to be rated at all.
import type { StudentGroup } from '../shared/catalogue.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import { fitOls, type OlsFit } from './ols.ts';
import { judgeSchool } from './regression-judge.ts';
import {
  MEASURE,
  figureOf,
  groupByYear,
  reportedValue,
  usableValue,
  type SchoolYearFigures,
} from './types.ts';

export const PREDICTORS = [MEASURE.econDisadv, MEASURE.el, MEASURE.swd] as const;
export type PredictorKey = (typeof PREDICTORS)[number];

export type ExpectationMethod =
  | { kind: 'crpe'; alpha?: number; years?: number }
  | { kind: 'band'; band?: number; minimumTested?: number; years?: number };

export interface ExpectationOptions {
  /** The measure judged, e.g. 'spg_score' or 'achievement_score'. */
  outcome: string;
  /** Judge one student group's result (predictors stay the school's). Default all students. */
  group?: StudentGroup;
  /** Default: % economically disadvantaged only. */
  predictors?: readonly PredictorKey[];
  /** The school year being judged; earlier years feed the average. */
  year: number;
  /** Default CRPE: one-tailed p < 0.05 on the 3-year average residual. */
  method?: ExpectationMethod;
  /** Outcomes about fewer students are left out of the fit and not rated (DOMAIN.md §6). */
  minimumN?: number;
}

export type ExpectationClass =
  'beating_the_odds' | 'as_expected' | 'below_expectation' | 'not_rated';

export interface YearFit {
  year: number;
  fit: OlsFit;
  /** The schools in the fit, in the order of fit.residuals. */
  schoolIds: string[];
  /** Each school's outcome n (students tested), where published. */
  schoolN: (number | null)[];
}

export interface SchoolExpectation {
  schoolId: string;
  year: number;
  actual: number | null;
  expected: number | null;
  /** Residual in the judged year. */
  residual: number | null;
  /** Mean residual over the years used. */
  averageResidual: number | null;
  yearsUsed: number[];
  tStatistic: number | null;
  /** One-tailed p in the direction of the average residual. */
  pValue: number | null;
  classification: ExpectationClass;
  reason: string;
}

export type ResolvedMethod =
  | Required<Extract<ExpectationMethod, { kind: 'crpe' }>>
  | Required<Extract<ExpectationMethod, { kind: 'band' }>>;

export interface ExpectationResult {
  method: ResolvedMethod;
  fits: YearFit[];
  schools: SchoolExpectation[];
}

const CRPE_DEFAULTS = { kind: 'crpe', alpha: 0.05, years: 3 } as const;
const BAND_DEFAULTS = { kind: 'band', band: 10, minimumTested: 25, years: 1 } as const;

export interface Observation {
  year: number;
  residual: number;
  variance: number;
  df: number;
  expected: number;
  actual: number;
  n: number | null;
}

/** Fits the regression for one year. Null when there are too few schools to fit. */
export function fitYear(
  rows: readonly SchoolYearFigures[],
  options: Pick<ExpectationOptions, 'outcome' | 'group' | 'predictors' | 'minimumN'>,
): YearFit | null {
  const predictors = options.predictors ?? [MEASURE.econDisadv];
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const columns: number[][] = predictors.map(() => []);
  const outcome: number[] = [];
  const schoolIds: string[] = [];
  const schoolN: (number | null)[] = [];
  const year = rows[0]?.year ?? 0;
  for (const row of rows) {
    const y = usableValue(figureOf(row, options.outcome, options.group), minimumN);
    if (!y.ok) continue;
    const xs = predictors.map((key) => reportedValue(figureOf(row, key)));
    if (xs.some((x) => x === null)) continue;
    xs.forEach((x, k) => columns[k]?.push(x ?? 0));
    outcome.push(y.value);
    schoolIds.push(row.schoolId);
    schoolN.push(y.n);
  }
  if (outcome.length <= predictors.length + 1) return null;
  return { year, fit: fitOls(columns, outcome, [...predictors]), schoolIds, schoolN };
}

/**
 * Judges every school in `options.year` against schools with the same student population.
 * `rows` may hold several years; fits are made for the judged year and the years before it
 * that the method averages over.
 */
export function assessPerformanceAgainstPoverty(
  rows: readonly SchoolYearFigures[],
  options: ExpectationOptions,
): ExpectationResult {
  const method: ResolvedMethod =
    options.method?.kind === 'band'
      ? { ...BAND_DEFAULTS, ...options.method }
      : { ...CRPE_DEFAULTS, ...options.method };
  const byYear = groupByYear(rows);
  const years = Array.from({ length: method.years }, (_, i) => options.year - method.years + 1 + i);

  const fits: (YearFit & { indexOf: Map<string, number> })[] = [];
  for (const year of years) {
    const yearRows = byYear.get(year);
    if (yearRows === undefined) continue;
    const yearFit = fitYear(yearRows, options);
    if (yearFit === null) continue;
    fits.push({ ...yearFit, indexOf: new Map(yearFit.schoolIds.map((id, i) => [id, i])) });
  }

  const judged = byYear.get(options.year) ?? [];
  const schools = judged.map((row) => {
    // This school's residual in each fitted year, in year order.
    const observations: Observation[] = [];
    for (const { year, fit, schoolN, indexOf } of fits) {
      const i = indexOf.get(row.schoolId);
      if (i === undefined) continue;
      const residual = fit.residuals[i] ?? 0;
      const expected = fit.fitted[i] ?? 0;
      observations.push({
        year,
        residual,
        variance: fit.residualStandardError ** 2 * (1 - (fit.leverages[i] ?? 0)),
        df: fit.degreesOfFreedom,
        expected,
        actual: expected + residual,
        n: schoolN[i] ?? null,
      });
    }
    return judgeSchool(row, observations, options, method);
  });
  return {
    method,
    fits: fits.map(({ year, fit, schoolIds, schoolN }) => ({ year, fit, schoolIds, schoolN })),
    schools,
  };
}
