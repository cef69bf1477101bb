// Judging one school against the regression (DOMAIN.md §4), in words a superintendent reads:
// the CRPE significance test on the averaged residual, or the Star Tribune's ±10-point band.
// The methods and their sources are described at the top of regression.ts.
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import {
  formatNumber,
  formatSigned,
  formatValue,
  formatYears,
  groupLabel,
  measureLabel,
} from './format.ts';
import type {
  ExpectationClass,
  ExpectationOptions,
  Observation,
  PredictorKey,
  ResolvedMethod,
  SchoolExpectation,
} from './regression.ts';
import { oneTailedP } from './student-t.ts';
import { MEASURE, figureOf, reportedValue, usableValue, type SchoolYearFigures } from './types.ts';

export function judgeSchool(
  row: SchoolYearFigures,
  observations: readonly Observation[],
  options: ExpectationOptions,
  method: ResolvedMethod,
): SchoolExpectation {
  const subject = describeSubject(options);
  const current = observations.find((o) => o.year === options.year);
  // Filled in below, field by field (cheaper than spreading a new object per school).
  const result: SchoolExpectation = {
    schoolId: row.schoolId,
    year: options.year,
    actual: current?.actual ?? null,
    expected: current?.expected ?? null,
    residual: current?.residual ?? null,
    averageResidual: null,
    yearsUsed: [],
    tStatistic: null,
    pValue: null,
    classification: 'not_rated',
    reason: '',
  };
  if (current === undefined) {
    result.reason = `Not rated: ${whyNoOutcome(row, options)}.`;
    return result;
  }
  const population = describePopulation(row, options.predictors ?? [MEASURE.econDisadv]);
  const headline = `${subject} ${formatValue(options.outcome, current.actual)} in ${options.year} against ${formatValue(options.outcome, current.expected)} expected for ${population}`;

  // Star Tribune (DOMAIN.md §4): ±band points of prediction is as expected; at least
  // minimumTested students tested in every year used.
  if (method.kind === 'band') {
    const used = observations;
    const tooFew = used.find((o) =>
      o.n === null ? method.minimumTested > 0 : o.n < method.minimumTested,
    );
    if (tooFew !== undefined) {
      const why =
        tooFew.n === null
          ? `the number of students tested in ${tooFew.year} is not published`
          : `only ${tooFew.n} students were tested in ${tooFew.year}`;
      result.yearsUsed = used.map((o) => o.year);
      result.reason = `Not rated: ${why}, and this method needs at least ${method.minimumTested} (Star Tribune method).`;
      return result;
    }
    const average = used.reduce((s, o) => s + o.residual, 0) / used.length;
    const classification: ExpectationClass =
      average >= method.band
        ? 'beating_the_odds'
        : average <= -method.band
          ? 'below_expectation'
          : 'as_expected';
    const span =
      used.length > 1
        ? `average ${formatSigned(average)} points over ${formatYears(used.map((o) => o.year))}`
        : `${formatSigned(average)} points`;
    const band = `±${formatNumber(method.band, 0)}-point band`;
    const verdict = classification === 'as_expected' ? `within the ${band}` : `beyond the ${band}`;
    result.averageResidual = average;
    result.yearsUsed = used.map((o) => o.year);
    result.classification = classification;
    result.reason = `${CLASS_LABEL[classification]}: ${headline} (${span}, ${verdict}; Star Tribune method).`;
    return result;
  }

  // CRPE (DOMAIN.md §4): mean residual over the years used, t = ē / SE with
  // SE = √Σσ̂²ᵧ(1 − hᵢᵢ) / k, one-tailed in the direction of ē, flagged when p < α.
  const used = observations;
  const k = used.length;
  const average = used.reduce((s, o) => s + o.residual, 0) / k;
  const se = Math.sqrt(used.reduce((s, o) => s + o.variance, 0)) / k;
  const df = Math.min(...used.map((o) => o.df));
  const t = se > 0 ? average / se : average === 0 ? 0 : Math.sign(average) * Infinity;
  const tail = average >= 0 ? 'upper' : 'lower';
  const p = oneTailedP(t, df, tail);
  const significant = p < method.alpha;
  const classification: ExpectationClass = !significant
    ? 'as_expected'
    : tail === 'upper'
      ? 'beating_the_odds'
      : 'below_expectation';
  const span =
    k > 1
      ? `${k}-year average ${formatSigned(average)} points (${formatYears(used.map((o) => o.year))})`
      : `${formatSigned(average)} points (${options.year} only)`;
  const test = significant
    ? `one-tailed p ${formatP(p)} < ${method.alpha}`
    : `one-tailed p ${formatP(p)}, not below ${method.alpha}`;
  result.averageResidual = average;
  result.yearsUsed = used.map((o) => o.year);
  result.tStatistic = t;
  result.pValue = p;
  result.classification = classification;
  result.reason = `${CLASS_LABEL[classification]}: ${headline}; ${span}, ${test} (CRPE method).`;
  return result;
}

const CLASS_LABEL: Record<ExpectationClass, string> = {
  beating_the_odds: 'Beating the odds',
  as_expected: 'As expected',
  below_expectation: 'Below expectation',
  not_rated: 'Not rated',
};

const POPULATION_WORDS: Record<PredictorKey, string> = {
  pct_econ_disadv: 'economically disadvantaged students',
  pct_el: 'English learners',
  pct_swd: 'students with disabilities',
};

function describePopulation(row: SchoolYearFigures, predictors: readonly PredictorKey[]): string {
  const parts = predictors.map((key) => {
    const value = reportedValue(figureOf(row, key)) ?? Number.NaN;
    return `${formatNumber(value)}% ${POPULATION_WORDS[key]}`;
  });
  return predictors.length === 1
    ? `a school with ${parts[0]}`
    : `a school with ${parts.join(', ')}`;
}

function describeSubject(options: ExpectationOptions): string {
  const measure = measureLabel(options.outcome);
  return options.group === undefined || options.group === 'all'
    ? measure
    : `${measure} (${groupLabel(options.group)})`;
}

function whyNoOutcome(row: SchoolYearFigures, options: ExpectationOptions): string {
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const usable = usableValue(figureOf(row, options.outcome, options.group), minimumN);
  const subject = describeSubject(options);
  if (!usable.ok && usable.why === 'small_n') {
    return `${subject} is about fewer than ${minimumN} students (${usable.n})`;
  }
  if (!usable.ok && usable.why === 'suppressed')
    return `${subject} is suppressed in ${options.year}`;
  if (!usable.ok) return `no ${subject} reported for ${options.year}`;
  const missing = (options.predictors ?? [MEASURE.econDisadv]).filter(
    (key) => reportedValue(figureOf(row, key)) === null,
  );
  if (missing.length > 0) {
    return `no ${missing.map((m) => measureLabel(m)).join(' or ')} reported for ${options.year}`;
  }
  return `too few schools had ${subject} figures to fit the comparison in ${options.year}`;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}
