// School-level tallies for the equity report (DOMAIN.md §5), built either from person-level
// staff records or from the school-level aggregates states publish. Both paths end in the same
// shape — per school and measure, how many teachers have the attribute (count) out of how many
// the rate is about (n) — so the report cannot tell which path fed it.
import {
  isIneffective,
  isOutOfField,
  isProvisional,
  meetsExperienceRule,
  type EquityDefinitions,
  type LicenceStatus,
} from './definitions.ts';

export type EquityMeasure =
  | 'inexperienced'
  | 'ineffective'
  | 'outOfField'
  | 'provisional'
  | 'turnover'
  | 'inexperiencedPrincipal';

export const EQUITY_MEASURES = [
  'inexperienced',
  'ineffective',
  'outOfField',
  'provisional',
  'turnover',
  'inexperiencedPrincipal',
] as const satisfies readonly EquityMeasure[];

export const MEASURE_LABELS = {
  inexperienced: { noun: 'inexperienced teachers', of: 'teachers' },
  ineffective: { noun: 'ineffective teachers', of: 'teachers assessed' },
  outOfField: { noun: 'out-of-field teachers', of: 'teachers' },
  provisional: { noun: 'teachers on provisional or emergency licences', of: 'teachers' },
  turnover: { noun: 'teachers who left the school since last year', of: 'last year’s teachers' },
  inexperiencedPrincipal: { noun: 'inexperienced principals', of: 'principals' },
} as const satisfies Record<EquityMeasure, { noun: string; of: string }>;

/** count of people with the attribute, out of n people the rate is about (n may be FTE). */
export interface MeasureTally {
  count: number;
  n: number;
}

export interface SchoolStaffing {
  schoolId: string;
  measures: Partial<Record<EquityMeasure, MeasureTally>>;
}

// ---- From published school-level aggregates ------------------------------------------------

/** A published figure: a count, or a rate on 0–1; n defaults to the school's teachers. */
export type PublishedFigure = { count: number; n?: number } | { rate: number; n?: number };

export interface PublishedStaffing {
  schoolId: string;
  teachers: number;
  figures: Partial<Record<EquityMeasure, PublishedFigure | null>>;
}

/**
 * Published aggregates → tallies. A rate becomes count = rate × n (NC's rcd_experience publishes
 * only shares); a null figure (suppressed or missing) is left out, never read as zero (§6).
 */
export function staffingFromAggregates(rows: readonly PublishedStaffing[]): SchoolStaffing[] {
  return rows.map((row) => {
    const measures: SchoolStaffing['measures'] = {};
    for (const measure of EQUITY_MEASURES) {
      const figure = row.figures[measure];
      if (figure === undefined || figure === null) continue;
      const n = figure.n ?? row.teachers;
      const count = 'count' in figure ? figure.count : figure.rate * n;
      if (!Number.isFinite(n) || !Number.isFinite(count) || n <= 0) continue;
      measures[measure] = { count, n };
    }
    return { schoolId: row.schoolId, measures };
  });
}

// ---- From person-level records -------------------------------------------------------------

export interface StaffRecord {
  staffId: string;
  schoolId: string;
  year: number;
  role: 'teacher' | 'principal' | 'other';
  /** Teachers: completed years of teaching. Principals: completed years as a principal. */
  yearsExperience: number | null;
  rating: string | null;
  licenceStatus: LicenceStatus | null;
  inField: boolean | null;
  fte?: number | null;
}

/** Running tallies for one school, in EQUITY_MEASURES order (fixed shape: this runs per record). */
interface Accumulator {
  counts: number[];
  ns: number[];
}

const MEASURE_INDEX = {
  inexperienced: 0,
  ineffective: 1,
  outOfField: 2,
  provisional: 3,
  turnover: 4,
  inexperiencedPrincipal: 5,
} as const satisfies Record<EquityMeasure, number>;

function add(acc: Accumulator, measure: EquityMeasure, has: boolean | null, weight: number) {
  // Unknown (null) is left out of both the count and n: unknown is not "no".
  if (has === null) return;
  const index = MEASURE_INDEX[measure];
  acc.ns[index] = (acc.ns[index] ?? 0) + weight;
  if (has) acc.counts[index] = (acc.counts[index] ?? 0) + weight;
}

/**
 * Person-level records for `year` → tallies. Each school assignment counts once (headcount) or
 * by its FTE. Turnover (teachers at the school last year who are not there this year) is
 * computed only when records for year − 1 are present. Records of other years are ignored, so a
 * caller may pass a whole history.
 */
export function staffingFromRecords(
  records: readonly StaffRecord[],
  definitions: EquityDefinitions,
  year: number,
  options: { countBy?: 'headcount' | 'fte' } = {},
): SchoolStaffing[] {
  const byFte = options.countBy === 'fte';
  const accumulators = new Map<string, Accumulator>();
  const accumulatorOf = (schoolId: string) => {
    let acc = accumulators.get(schoolId);
    if (!acc)
      accumulators.set(schoolId, (acc = { counts: [0, 0, 0, 0, 0, 0], ns: [0, 0, 0, 0, 0, 0] }));
    return acc;
  };
  // This year's teachers by school, for turnover.
  const teachersNow = new Map<string, Set<string>>();
  let hasPriorYear = false;
  for (const r of records) {
    if (r.year === year - 1) hasPriorYear = true;
    if (r.year !== year || r.role !== 'teacher') continue;
    let staff = teachersNow.get(r.schoolId);
    if (!staff) teachersNow.set(r.schoolId, (staff = new Set()));
    staff.add(r.staffId);
  }
  // Ratings repeat a handful of labels: classify each label once.
  const ineffectiveByRating = new Map<string | null, boolean | null>();
  const ratingOnly = definitions.ineffective.basis === 'rating';
  for (const r of records) {
    const weight = byFte ? Math.max(r.fte ?? 1, 0) : 1;
    if (r.year === year && r.role === 'teacher') {
      const acc = accumulatorOf(r.schoolId);
      let ineffective = ratingOnly ? ineffectiveByRating.get(r.rating) : undefined;
      if (ineffective === undefined) {
        ineffective = isIneffective(definitions, r);
        if (ratingOnly) ineffectiveByRating.set(r.rating, ineffective);
      }
      add(
        acc,
        'inexperienced',
        meetsExperienceRule(definitions.inexperienced, r.yearsExperience),
        weight,
      );
      add(acc, 'ineffective', ineffective, weight);
      add(acc, 'outOfField', isOutOfField(r.inField), weight);
      add(acc, 'provisional', isProvisional(definitions, r.licenceStatus), weight);
    } else if (r.year === year && r.role === 'principal') {
      const rule = definitions.inexperiencedPrincipal;
      add(
        accumulatorOf(r.schoolId),
        'inexperiencedPrincipal',
        meetsExperienceRule(rule, r.yearsExperience),
        weight,
      );
    } else if (hasPriorYear && r.year === year - 1 && r.role === 'teacher') {
      const left = teachersNow.get(r.schoolId)?.has(r.staffId) !== true;
      add(accumulatorOf(r.schoolId), 'turnover', left, weight);
    }
  }
  const out: SchoolStaffing[] = [];
  for (const [schoolId, acc] of accumulators) {
    const measures: SchoolStaffing['measures'] = {};
    for (const measure of EQUITY_MEASURES) {
      const n = acc.ns[MEASURE_INDEX[measure]] ?? 0;
      if (n > 0) measures[measure] = { count: acc.counts[MEASURE_INDEX[measure]] ?? 0, n };
    }
    out.push({ schoolId, measures });
  }
  return out;
}
