// A columnar path to the equity report (issue 5 "Speed"): person-level staff records held as
// typed arrays — school index, year, role, experience, codes for rating and licence, in-field as a
// Uint8Array — instead of one object per teacher. staffingFromColumns() gives exactly the tallies
// staffingFromRecords() gives for the same records (columnar.test.ts checks it on random inputs;
// the object code is the independent second method), and computeEquityReportFromColumns() feeds
// them to the same computeEquityReport(), so the two paths cannot differ in method.
//
// Why columns: a state of 370,000 teachers × 5 years is 1.85 M person-years. As objects that is
// ~6 s and hundreds of MB; as columns each measure is a pass over a few arrays with the
// definitions turned once into lookup tables (rating → ineffective, licence → provisional).
import {
  isIneffective,
  isOutOfField,
  isProvisional,
  type EquityDefinitions,
  type LicenceStatus,
} from './definitions.ts';
import { computeEquityReport, type EquityReport, type EquitySchool } from './equity-report.ts';
import { assignQuartiles, type QuartileMethod, type RankableSchool } from './quartiles.ts';
import {
  EQUITY_MEASURES,
  type EquityMeasure,
  type SchoolStaffing,
  type StaffRecord,
} from './staffing.ts';

export const LICENCE_STATUSES = [
  'full',
  'provisional',
  'lateral_entry',
  'emergency',
  'expired',
  'other',
  'none',
] as const satisfies readonly LicenceStatus[];

export const ROLE_CODES = { teacher: 0, principal: 1, other: 2 } as const;
/** inField codes: 0 = out of field, 1 = in field, 2 = unknown. */
export const UNKNOWN = 2;

export interface StaffColumns {
  length: number;
  /** School index → school id. */
  schoolIds: readonly string[];
  /** Person index (the same person across years and schools). */
  person: Int32Array;
  school: Int32Array;
  year: Uint16Array;
  /** ROLE_CODES. */
  role: Uint8Array;
  /** Completed years; NaN when unknown. */
  experience: Float64Array;
  /** Index into ratingLabels; −1 when unrated. */
  rating: Int16Array;
  ratingLabels: readonly string[];
  /** Index into LICENCE_STATUSES; −1 when unknown. */
  licence: Int8Array;
  /** 0 out of field, 1 in field, 2 unknown. */
  inField: Uint8Array;
  /** FTE; NaN when not recorded (counts as 1, as in staffingFromRecords). */
  fte: Float64Array;
}

export function allocateColumns(
  length: number,
  schoolIds: readonly string[],
  ratingLabels: readonly string[],
): StaffColumns {
  return {
    length,
    schoolIds,
    ratingLabels,
    person: new Int32Array(length),
    school: new Int32Array(length),
    year: new Uint16Array(length),
    role: new Uint8Array(length),
    experience: new Float64Array(length),
    rating: new Int16Array(length),
    licence: new Int8Array(length),
    inField: new Uint8Array(length),
    fte: new Float64Array(length),
  };
}

/** Object records → columns (the service's and the tests' way in). */
export function columnsFromRecords(
  records: readonly StaffRecord[],
  schoolIds?: readonly string[],
): StaffColumns {
  const schools = [...(schoolIds ?? [])];
  const schoolIndex = new Map(schools.map((id, i) => [id, i]));
  const people = new Map<string, number>();
  const ratings = new Map<string, number>();
  const labels: string[] = [];
  const columns = allocateColumns(records.length, schools, labels);
  for (const [i, r] of records.entries()) {
    let s = schoolIndex.get(r.schoolId);
    if (s === undefined) schoolIndex.set(r.schoolId, (s = schools.push(r.schoolId) - 1));
    let p = people.get(r.staffId);
    if (p === undefined) people.set(r.staffId, (p = people.size));
    let rating = -1;
    if (r.rating !== null) {
      const known = ratings.get(r.rating);
      if (known === undefined) ratings.set(r.rating, (rating = labels.push(r.rating) - 1));
      else rating = known;
    }
    columns.person[i] = p;
    columns.school[i] = s;
    columns.year[i] = r.year;
    columns.role[i] = ROLE_CODES[r.role];
    columns.experience[i] =
      r.yearsExperience === null || !Number.isFinite(r.yearsExperience)
        ? Number.NaN
        : r.yearsExperience;
    columns.rating[i] = rating;
    columns.licence[i] = r.licenceStatus === null ? -1 : LICENCE_STATUSES.indexOf(r.licenceStatus);
    columns.inField[i] = r.inField === null ? UNKNOWN : r.inField ? 1 : 0;
    columns.fte[i] = r.fte ?? Number.NaN;
  }
  return columns;
}

const M = EQUITY_MEASURES.length;
const INEXPERIENCED = 0;
const INEFFECTIVE = 1;
const OUT_OF_FIELD = 2;
const PROVISIONAL = 3;
const TURNOVER = 4;
const PRINCIPAL = 5;
// Pinned so a reordering of EQUITY_MEASURES cannot silently swap columns.
const ORDER = [
  'inexperienced',
  'ineffective',
  'outOfField',
  'provisional',
  'turnover',
  'inexperiencedPrincipal',
] as const satisfies readonly EquityMeasure[];

/** Tri-state as a code: 0 no, 1 yes, 2 unknown. */
const code = (value: boolean | null) => (value === null ? UNKNOWN : value ? 1 : 0);

interface Layout {
  people: number;
  years: Set<number>;
  /** [from, to) rows holding the year: a slice when rows are sorted by year, else all rows. */
  rangeOf: (year: number) => readonly [number, number];
}

// One pass per column set, remembered: the service and the bench ask for every year in turn.
const layouts = new WeakMap<StaffColumns, Layout>();

function layoutOf(c: StaffColumns): Layout {
  const known = layouts.get(c);
  if (known) return known;
  let people = 0;
  let isSorted = true;
  const years = new Set<number>();
  const starts = new Map<number, [number, number]>();
  for (let i = 0; i < c.length; i++) {
    const p = c.person[i] ?? 0;
    if (p >= people) people = p + 1;
    const y = c.year[i] ?? 0;
    if (i > 0 && y < (c.year[i - 1] ?? 0)) isSorted = false;
    const range = starts.get(y);
    if (range) range[1] = i + 1;
    else starts.set(y, [i, i + 1]);
    years.add(y);
  }
  const all = [0, c.length] as const;
  const layout: Layout = {
    people,
    years,
    rangeOf: (year) => (isSorted ? (starts.get(year) ?? ([0, 0] as const)) : all),
  };
  layouts.set(c, layout);
  return layout;
}

/** Per school × measure: counts and ns, school-major (index = school × 6 + measure). */
export interface ColumnTallies {
  counts: Float64Array;
  ns: Float64Array;
}

/**
 * The same tallies as staffingFromRecords(records, definitions, year, options), from columns.
 * Unknowns are left out of count and n; turnover only when year − 1 is present.
 */
export function tallyColumns(
  c: StaffColumns,
  definitions: EquityDefinitions,
  year: number,
  options: { countBy?: 'headcount' | 'fte' } = {},
): ColumnTallies {
  const schools = c.schoolIds.length;
  const counts = new Float64Array(schools * M);
  const ns = new Float64Array(schools * M);
  const byFte = options.countBy === 'fte';
  // The definitions as lookup tables, made once through the same functions the object path uses.
  const L = LICENCE_STATUSES.length + 1;
  const R = c.ratingLabels.length + 1;
  const ineffective = new Uint8Array(R * L * 3);
  for (let r = 0; r < R; r++) {
    for (let l = 0; l < L; l++) {
      for (let f = 0; f < 3; f++) {
        ineffective[(r * L + l) * 3 + f] = code(
          isIneffective(definitions, {
            rating: r === 0 ? null : (c.ratingLabels[r - 1] ?? null),
            licenceStatus: l === 0 ? null : (LICENCE_STATUSES[l - 1] ?? null),
            inField: f === UNKNOWN ? null : f === 1,
          }),
        );
      }
    }
  }
  const provisional = new Uint8Array(L);
  for (let l = 0; l < L; l++) {
    provisional[l] = code(
      isProvisional(definitions, l === 0 ? null : (LICENCE_STATUSES[l - 1] ?? null)),
    );
  }
  const outOfField = Uint8Array.of(code(isOutOfField(false)), code(isOutOfField(true)), UNKNOWN);
  const teacherRule = definitions.inexperienced;
  const principalRule = definitions.inexperiencedPrincipal;
  const meets = (rule: typeof teacherRule, years: number) =>
    rule.comparison === 'less_than' ? years < rule.years : years <= rule.years;

  // This year's teachers: each person's first school, and a set for the rare extra schools.
  const layout = layoutOf(c);
  const hasPriorYear = layout.years.has(year - 1);
  const thisYear = layout.rangeOf(year);
  const lastYear = hasPriorYear ? layout.rangeOf(year - 1) : ([0, 0] as const);
  const firstSchool = new Int32Array(layout.people).fill(-1);
  const extra = new Set<number>();
  for (let i = thisYear[0]; i < thisYear[1]; i++) {
    if (c.year[i] !== year || c.role[i] !== ROLE_CODES.teacher) continue;
    const p = c.person[i] ?? 0;
    const s = c.school[i] ?? 0;
    const first = firstSchool[p] ?? -1;
    if (first === -1) firstSchool[p] = s;
    else if (first !== s) extra.add(p * schools + s);
  }

  const add = (base: number, measure: number, value: number, weight: number) => {
    if (value === UNKNOWN) return;
    ns[base + measure] = (ns[base + measure] ?? 0) + weight;
    if (value === 1) counts[base + measure] = (counts[base + measure] ?? 0) + weight;
  };
  // Rows sorted by year (as the service loads them) are visited in two slices: this year's and
  // last year's; otherwise thisYear and lastYear are both the whole table.
  const slices = thisYear === lastYear || lastYear[1] === 0 ? [thisYear] : [lastYear, thisYear];
  for (const [from, to] of slices)
    for (let i = from; i < to; i++) {
      const y = c.year[i];
      const role = c.role[i];
      const isThisYear = y === year;
      if (!isThisYear && !(hasPriorYear && y === year - 1 && role === ROLE_CODES.teacher)) continue;
      const fte = c.fte[i] ?? Number.NaN;
      const weight = byFte ? Math.max(Number.isNaN(fte) ? 1 : fte, 0) : 1;
      const base = (c.school[i] ?? 0) * M;
      const experience = c.experience[i] ?? Number.NaN;
      if (isThisYear && role === ROLE_CODES.teacher) {
        const l = (c.licence[i] ?? -1) + 1;
        const f = c.inField[i] ?? UNKNOWN;
        add(
          base,
          INEXPERIENCED,
          Number.isNaN(experience) ? UNKNOWN : meets(teacherRule, experience) ? 1 : 0,
          weight,
        );
        add(
          base,
          INEFFECTIVE,
          ineffective[(((c.rating[i] ?? -1) + 1) * L + l) * 3 + f] ?? 0,
          weight,
        );
        add(base, OUT_OF_FIELD, outOfField[f] ?? UNKNOWN, weight);
        add(base, PROVISIONAL, provisional[l] ?? UNKNOWN, weight);
      } else if (isThisYear && role === ROLE_CODES.principal) {
        add(
          base,
          PRINCIPAL,
          Number.isNaN(experience) ? UNKNOWN : meets(principalRule, experience) ? 1 : 0,
          weight,
        );
      } else if (!isThisYear) {
        // Last year's teacher: did they leave this school (not teaching there this year)?
        const p = c.person[i] ?? 0;
        const s = c.school[i] ?? 0;
        const stayed = firstSchool[p] === s || extra.has(p * schools + s);
        add(base, TURNOVER, stayed ? 0 : 1, weight);
      }
    }
  return { counts, ns };
}

/** Tallies → the SchoolStaffing rows computeEquityReport() reads (schools with any n only). */
export function staffingFromTallies(
  tallies: ColumnTallies,
  schoolIds: readonly string[],
): SchoolStaffing[] {
  const out: SchoolStaffing[] = [];
  for (let s = 0; s < schoolIds.length; s++) {
    let measures: SchoolStaffing['measures'] | null = null;
    for (let m = 0; m < M; m++) {
      const n = tallies.ns[s * M + m] ?? 0;
      if (n <= 0) continue;
      (measures ??= {})[ORDER[m] ?? 'inexperienced'] = {
        count: tallies.counts[s * M + m] ?? 0,
        n,
      };
    }
    if (measures) out.push({ schoolId: schoolIds[s] ?? '', measures });
  }
  return out;
}

export function staffingFromColumns(
  columns: StaffColumns,
  definitions: EquityDefinitions,
  year: number,
  options: { countBy?: 'headcount' | 'fte' } = {},
): SchoolStaffing[] {
  return staffingFromTallies(tallyColumns(columns, definitions, year, options), columns.schoolIds);
}

/** One year's school figures, indexed like StaffColumns.schoolIds; NaN = unknown. */
export interface SchoolYearShares {
  poverty: Float64Array;
  minority: Float64Array;
  enrollment: Float64Array;
}

export interface ColumnarReportInput {
  columns: StaffColumns;
  definitions: EquityDefinitions;
  year: number;
  shares: SchoolYearShares;
  schoolNames?: readonly string[];
  quartileMethod?: QuartileMethod;
  minimumN?: number;
  topDrivers?: number;
  countBy?: 'headcount' | 'fte';
}

const known = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? null : value;

/** The rankable schools of one dimension, for assignQuartiles(). */
export function rankableSchools(
  schoolIds: readonly string[],
  shares: Float64Array,
  enrollment: Float64Array,
): RankableSchool[] {
  return schoolIds.map((schoolId, s) => ({
    schoolId,
    share: known(shares[s]),
    students: known(enrollment[s]),
  }));
}

/**
 * The within-district equity report for one year from columns: quartiles among the schools with
 * a known share, by poverty and (when at least 4 schools have one) by minority.
 */
export function computeEquityReportFromColumns(input: ColumnarReportInput): EquityReport {
  const { columns, shares } = input;
  const ids = columns.schoolIds;
  const method = input.quartileMethod ?? 'schools';
  const schools: EquitySchool[] = ids.map((schoolId, s) => ({
    schoolId,
    name: input.schoolNames?.[s] ?? schoolId,
    enrollment: known(shares.enrollment[s]),
  }));
  const comparisons = (
    [
      ['poverty', shares.poverty, '% economically disadvantaged'],
      ['minority', shares.minority, '% students of colour'],
    ] as const
  ).flatMap(([dimension, values, shareLabel]) => {
    const rankable = rankableSchools(ids, values, shares.enrollment);
    const usable = rankable.filter(
      (r) => r.share !== null && (method === 'schools' || r.students !== null),
    );
    if (usable.length < 4) return [];
    return [
      {
        dimension,
        label: `${dimension} quartiles within the district`,
        groups: assignQuartiles(rankable, { method, shareLabel }),
      },
    ];
  });
  return computeEquityReport({
    year: input.year,
    schools,
    staffing: staffingFromColumns(columns, input.definitions, input.year, {
      ...(input.countBy ? { countBy: input.countBy } : {}),
    }),
    comparisons,
    ...(input.minimumN === undefined ? {} : { minimumN: input.minimumN }),
    ...(input.topDrivers === undefined ? {} : { topDrivers: input.topDrivers }),
  });
}
