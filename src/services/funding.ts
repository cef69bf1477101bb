// The weighted-student-funding calculator and the Title I comparability test on the district's own
// schools (issue #5; DOMAIN.md §5, §7). Student counts come from the published shares:
// students in a category = enrolment × its percentage (rounded to whole students). The arithmetic
// is src/domain/equity/funding.ts and comparability.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  insertFormula,
  listFormulas,
  listStaffSchoolYears,
  sumInstructionalFte,
} from '../db/queries/allocation.ts';
import { canManageIncentives, canViewIncentives, type Actor } from '../domain/access/access.ts';
import {
  californiaLcff,
  computeWeightedFunding,
  connecticutWeights,
  testComparability,
  type ComparabilityResult,
  type FundingFormula,
  type FundingSchool,
  type SchoolFunding,
} from '../domain/equity/funding.ts';
import { badRequest, forbidden } from '../domain/shared/errors.ts';
import { loadSchoolContext } from './allocation-context.ts';
import { recordAudit } from './audit.ts';
import { formatSchoolYear } from './diagnostics-shared.ts';

/** The counts a formula's weights may name, with how each is derived. */
export const COUNT_KEYS = {
  poverty: 'Economically disadvantaged students: enrolment × % economically disadvantaged.',
  el: 'English learners: enrolment × % English learners.',
  swd: 'Students with disabilities: enrolment × % students with disabilities.',
  unduplicated:
    'High-need students counted once (LCFF): at least the larger of the economically disadvantaged and English learner counts; the published shares do not give their overlap, so this is a lower bound.',
} as const;
type CountKey = keyof typeof COUNT_KEYS;
const CountKeySchema = z.enum(Object.keys(COUNT_KEYS) as [CountKey, ...CountKey[]]);

const Money = z.number().min(0).max(1_000_000_000);
export const FundingFormulaSchema = z.object({
  key: z.string().trim().min(1).max(60).default('district'),
  name: z.string().trim().min(1).max(200),
  source: z.string().trim().max(500).default('Set by the district.'),
  basePerPupil: z.number().positive().max(1_000_000),
  weights: z
    .array(
      z.object({
        key: CountKeySchema,
        label: z.string().trim().min(1).max(120),
        weight: z.number().min(0).max(10),
      }),
    )
    .max(20),
  concentration: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(120),
        key: CountKeySchema,
        threshold: z.number().min(0).max(1),
        weight: z.number().min(0).max(10),
        appliesTo: z.enum(['excess_over_threshold', 'all_when_over']),
      }),
    )
    .max(10)
    .optional(),
  fixed: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(120),
        amount: Money,
        maxEnrollment: z.number().int().positive().optional(),
      }),
    )
    .max(10)
    .optional(),
});
export type FundingFormulaInput = z.input<typeof FundingFormulaSchema>;

function assertCanView(actor: Actor) {
  if (!canViewIncentives(actor)) {
    throw forbidden(
      'The funding calculator is open to district leaders, HR, finance and analysts.',
    );
  }
}

function parseFormula(input: unknown): FundingFormula {
  const parsed = FundingFormulaSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest(
      'The funding formula is not valid.',
      parsed.error.issues.map((i) => ({
        field: ['formula', ...i.path].join('.'),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * The presets (DOMAIN.md §7). Connecticut's base is the ECS foundation of $11,525 (C.G.S.
 * §10-262f). LCFF base grants differ by grade span and year; the $10,000 given is illustrative —
 * enter the base grant for your grade spans.
 */
export function listFundingPresets(): FundingFormula[] {
  return [
    connecticutWeights(11_525),
    {
      ...californiaLcff(10_000),
      source: `${californiaLcff(0).source} Base illustrative: enter yours.`,
    },
  ];
}

export async function listSavedFormulas(db: Db, actor: Actor) {
  assertCanView(actor);
  const rows = await listFormulas(db, actor.districtId);
  return {
    presets: listFundingPresets(),
    formulas: rows.map((r) => ({ id: r.id, formula: parseFormula(r.formula) })),
    countKeys: COUNT_KEYS,
    canManage: canManageIncentives(actor),
  };
}

export async function saveFormula(db: Db, actor: Actor, input: unknown) {
  if (!canManageIncentives(actor)) {
    throw forbidden('Only district leaders, HR and finance may save funding formulas.');
  }
  const formula = parseFormula(input);
  const id = randomUUID();
  await insertFormula(db, {
    districtId: actor.districtId,
    id,
    name: formula.name,
    formula,
    userId: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'funding_formula_saved',
    subjectType: 'funding_formula',
    subjectId: id,
  });
  return { id, formula };
}

export interface FundingRun {
  year: number | null;
  formula: FundingFormula;
  schools: SchoolFunding[];
  total: number;
  skipped: { schoolId: string; name: string; reason: string }[];
  methods: string[];
}

export async function computeDistrictFunding(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { year?: number } = {},
): Promise<FundingRun> {
  assertCanView(actor);
  const formula = parseFormula(input);
  const context = await loadSchoolContext(db, actor, options);
  const schools: FundingSchool[] = [];
  const skipped: FundingRun['skipped'] = [];
  for (const s of context.schools) {
    if (s.enrollment === null) {
      skipped.push({ schoolId: s.id, name: s.name, reason: 'No enrolment for the year.' });
      continue;
    }
    const share = (pct: number | null) =>
      pct === null ? 0 : Math.round(((s.enrollment ?? 0) * pct) / 100);
    const poverty = share(s.econDisadv);
    const el = share(s.pctEl);
    schools.push({
      schoolId: s.id,
      name: s.name,
      enrollment: s.enrollment,
      counts: { poverty, el, swd: share(s.pctSwd), unduplicated: Math.max(poverty, el) },
    });
  }
  const result = computeWeightedFunding(formula, schools);
  const used = new Set([
    ...formula.weights.map((w) => w.key),
    ...(formula.concentration ?? []).map((c) => c.key),
  ]);
  return {
    year: context.year,
    formula,
    schools: result.schools.sort((a, b) => b.allocation - a.allocation),
    total: result.total,
    skipped,
    methods: [
      `Allocation = base per pupil × (enrolment + Σ weight × students in the category + concentration weights) + fixed amounts; ${formula.source}`,
      `Enrolment and shares: ${context.year === null ? 'no school year loaded' : formatSchoolYear(context.year)}, the published all-students figures.`,
      ...[...used].map((key) => COUNT_KEYS[key as CountKey] ?? key),
    ],
  };
}

export interface ComparabilityRun {
  staffYear: number | null;
  schoolYear: number | null;
  threshold: number;
  average: 'pooled' | 'mean_of_schools';
  schools: ComparabilityResult[];
  allComparable: boolean;
  counts: { comparable: number; notComparable: number; notTested: number; comparison: number };
  methods: string[];
}

/** The 110% test on the district's schools: students per instructional FTE by grade span. */
export async function runComparability(
  db: Db,
  actor: Actor,
  options: {
    threshold?: number;
    average?: 'pooled' | 'mean_of_schools';
    excludeBelowStudents?: number;
    year?: number;
  } = {},
): Promise<ComparabilityRun> {
  assertCanView(actor);
  const threshold = options.threshold ?? 1.1;
  const average = options.average ?? 'pooled';
  const staffYears = await listStaffSchoolYears(db, actor.districtId);
  const staffYear = options.year ?? staffYears.at(-1) ?? null;
  if (options.year !== undefined && !staffYears.includes(options.year)) {
    throw badRequest(`There are no staff records for ${formatSchoolYear(options.year)}.`);
  }
  const empty = { comparable: 0, notComparable: 0, notTested: 0, comparison: 0 };
  if (staffYear === null) {
    return {
      staffYear: null,
      schoolYear: null,
      threshold,
      average,
      schools: [],
      allComparable: true,
      counts: empty,
      methods: ['No staff records are loaded: the test needs instructional staff FTE by school.'],
    };
  }
  const [context, fte] = await Promise.all([
    loadSchoolContext(db, actor, { year: staffYear }),
    sumInstructionalFte(db, actor.districtId, staffYear),
  ]);
  const schools = context.schools
    .filter((s) => s.enrollment !== null && s.isTitleI !== null)
    .map((s) => ({
      schoolId: s.id,
      name: s.name,
      gradeSpan: s.gradeSpan ?? s.level,
      isTitleI: s.isTitleI === true,
      students: s.enrollment ?? 0,
      instructionalFte: fte.get(s.id) ?? 0,
    }));
  const result = testComparability(schools, {
    threshold,
    average,
    ...(options.excludeBelowStudents !== undefined
      ? { excludeBelowStudents: options.excludeBelowStudents }
      : {}),
  });
  const counts = { ...empty };
  for (const r of result.schools) {
    if (r.status === 'comparable') counts.comparable += 1;
    else if (r.status === 'not_comparable') counts.notComparable += 1;
    else if (r.status === 'not_tested') counts.notTested += 1;
    else counts.comparison += 1;
  }
  return {
    staffYear,
    schoolYear: context.year,
    threshold,
    average,
    schools: result.schools,
    allComparable: result.allComparable,
    counts,
    methods: [
      `ESEA §1118(c): each Title I school's students per instructional FTE may be at most ${Math.round(threshold * 100)}% of the non-Title I average for its grade span (${average === 'pooled' ? 'pooled students ÷ pooled FTE' : 'the mean of the schools’ ratios'}).`,
      `Instructional FTE: teachers and specialist teachers in the staff records of ${formatSchoolYear(staffYear)}; students: enrolment of ${context.year === null ? 'no year' : formatSchoolYear(context.year)}.`,
      'Grade span: the school’s grade span as recorded, or its level where none is recorded.',
    ],
  };
}
