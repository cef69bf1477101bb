// Incentive programs (issue #5; DOMAIN.md §5): design a program (from a preset or from scratch),
// see who is eligible today from the staff records and each school's poverty quartile, tier and
// designations, and what it costs in all and by school. Eligibility is an individual personnel
// decision built on ratings: names go only to district-wide HR and the district leader, with one
// audit event per person listed; everyone else who may see the program sees counts and costs, with
// schools of fewer than the minimum n suppressed (DOMAIN.md §6).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  getProgram as findProgram,
  insertProgram,
  listPrograms as findPrograms,
  listStaffWithRatings,
  listStaffYears,
  updateProgram as writeProgram,
  type ProgramRow,
} from '../db/queries/incentives.ts';
import {
  canManageIncentives,
  canViewIncentiveNames,
  canViewIncentives,
  type Actor,
} from '../domain/access/access.ts';
import {
  annualCost,
  eligibleStaff,
  type Award,
  type IncentiveSchool,
  type IncentiveStaff,
  type ProgramCost,
} from '../domain/equity/incentives.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import { loadSchoolContext, type DistrictContext } from './allocation-context.ts';
import { recordAudit } from './audit.ts';
import { formatSchoolYear } from './diagnostics-shared.ts';
import {
  listPresets,
  presetDesign,
  ProgramDesignSchema,
  toProgram,
  type PresetKey,
  type Preset,
  type ProgramDesign,
  type ProgramDesignInput,
} from './incentives-design.ts';

export interface IncentiveProgramView {
  id: string;
  name: string;
  presetKey: string | null;
  status: 'draft' | 'active';
  design: ProgramDesign;
  createdAt: string;
  updatedAt: string;
}

export interface IncentiveProgramList {
  programs: IncentiveProgramView[];
  presets: Preset[];
  canManage: boolean;
  canSeeNames: boolean;
}

export function assertCanViewIncentives(actor: Actor) {
  if (!canViewIncentives(actor)) {
    throw forbidden('Incentive programs are open to district leaders, HR, finance and analysts.');
  }
}

export function assertCanManageIncentives(actor: Actor) {
  if (!canManageIncentives(actor)) {
    throw forbidden('Only district leaders, HR and finance may design incentive programs.');
  }
}

/** Stored JSON is read back through the schema: the database is a boundary too. */
function toView(row: ProgramRow): IncentiveProgramView {
  return {
    id: row.id,
    name: row.name,
    presetKey: row.presetKey,
    status: row.status,
    design: ProgramDesignSchema.parse(row.design),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function listIncentivePrograms(db: Db, actor: Actor): Promise<IncentiveProgramList> {
  assertCanViewIncentives(actor);
  const rows = await findPrograms(db, actor.districtId);
  return {
    programs: rows.map(toView),
    presets: listPresets(),
    canManage: canManageIncentives(actor),
    canSeeNames: canViewIncentiveNames(actor),
  };
}

export async function getIncentiveProgram(
  db: Db,
  actor: Actor,
  id: string,
): Promise<IncentiveProgramView> {
  assertCanViewIncentives(actor);
  const row = await findProgram(db, actor.districtId, id);
  if (!row) throw notFound('The incentive program');
  return toView(row);
}

export interface CreateProgramInput {
  presetKey?: PresetKey;
  /** A full design, or the parts laid over the preset's; validated here. */
  design?: ProgramDesignInput | Record<string, unknown>;
  status?: 'draft' | 'active';
}

function parseDesign(input: unknown): ProgramDesign {
  const parsed = ProgramDesignSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest(
      'The program design is not valid.',
      parsed.error.issues.map((i) => ({
        field: ['design', ...i.path].join('.'),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

/** A new program, from a preset, from a full design, or a preset with the design laid over it. */
export async function createIncentiveProgram(
  db: Db,
  actor: Actor,
  input: CreateProgramInput,
): Promise<IncentiveProgramView> {
  assertCanManageIncentives(actor);
  if (!input.presetKey && !input.design) {
    throw badRequest('Start from a preset or give a design.');
  }
  const base = input.presetKey ? presetDesign(input.presetKey).design : {};
  const design = parseDesign({ ...base, ...(input.design ?? {}) });
  const id = randomUUID();
  await insertProgram(db, {
    districtId: actor.districtId,
    id,
    name: design.name,
    design,
    presetKey: input.presetKey ?? null,
    status: input.status ?? 'draft',
    userId: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'incentive_program_created',
    subjectType: 'incentive_program',
    subjectId: id,
    detail: { presetKey: input.presetKey ?? null },
  });
  return getIncentiveProgram(db, actor, id);
}

export async function updateIncentiveProgram(
  db: Db,
  actor: Actor,
  id: string,
  input: { design: unknown; status?: 'draft' | 'active' },
): Promise<IncentiveProgramView> {
  assertCanManageIncentives(actor);
  const current = await getIncentiveProgram(db, actor, id);
  const design = parseDesign(input.design);
  const status = input.status ?? current.status;
  await writeProgram(db, actor.districtId, id, {
    name: design.name,
    design,
    status,
    userId: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'incentive_program_updated',
    subjectType: 'incentive_program',
    subjectId: id,
    detail: { status },
  });
  return getIncentiveProgram(db, actor, id);
}

// ---- Who is eligible today --------------------------------------------------------------

export interface StaffYearPerson extends IncentiveStaff {
  name: string;
  yearsExperience: number | null;
}

export interface EligibilityBasis {
  staffYear: number;
  context: DistrictContext;
  schools: IncentiveSchool[];
  staff: StaffYearPerson[];
}

/** The staff year asked for (or the latest) and the schools' categories in the matching year. */
export async function loadEligibilityBasis(
  db: Db,
  actor: Actor,
  design: ProgramDesign,
  year?: number,
): Promise<EligibilityBasis> {
  const years = await listStaffYears(db, actor.districtId);
  const staffYear = year ?? years.at(-1);
  if (staffYear === undefined) {
    throw badRequest('No staff records are loaded: import staff to see who is eligible.');
  }
  if (!years.includes(staffYear)) {
    throw badRequest(`There are no staff records for ${formatSchoolYear(staffYear)}.`, [
      { field: 'year', message: `Staff years loaded: ${years.join(', ')}.` },
    ]);
  }
  const [context, rows] = await Promise.all([
    loadSchoolContext(db, actor, { year: staffYear, ruleSet: design.ruleSet }),
    listStaffWithRatings(db, actor.districtId, [staffYear]),
  ]);
  const schools = context.schools.map((s): IncentiveSchool => ({
    schoolId: s.id,
    name: s.name,
    povertyQuartile: s.povertyQuartile,
    tier: s.tier,
    identification: s.designations[0] ?? null,
    identifications: s.designations,
  }));
  const staff = rows.map((r): StaffYearPerson => ({
    staffId: r.staffId,
    schoolId: r.schoolId,
    role: r.role,
    rating: r.rating,
    name: `${r.firstName} ${r.lastName}`,
    yearsExperience: r.yearsExperience,
  }));
  return { staffYear, context, schools, staff };
}

export interface SchoolCost {
  schoolId: string;
  name: string;
  povertyQuartile: number | null;
  tier: string | null;
  designations: string[];
  category: string | null;
  categoryLabel: string | null;
  /** null when suppressed (fewer than the minimum n eligible, for those who may not see names). */
  people: number | null;
  amount: number | null;
  suppressed: boolean;
}

export interface ProgramEvaluation {
  program: { id: string | null; name: string; status: 'draft' | 'active' | null };
  staffYear: number;
  schoolYear: number | null;
  staffConsidered: number;
  eligibleCount: number;
  ineligibleCount: number;
  cost: ProgramCost;
  byCategory: { category: string; label: string; people: number; amount: number }[];
  bySchool: SchoolCost[];
  minimumN: number;
  canSeeNames: boolean;
  context: { ruleSet: string; tiers: string[]; designations: string[] };
  methods: string[];
}

function summarise(
  basis: EligibilityBasis,
  design: ProgramDesign,
  awards: readonly Award[],
  ineligible: number,
  canSeeNames: boolean,
  retentionOfEligible: number | undefined,
): Omit<ProgramEvaluation, 'program'> {
  const program = toProgram('preview', design);
  const cost = annualCost(program, awards, { retentionOfEligible });
  const labelOf = new Map(design.categories.map((c) => [c.category, c.label]));
  const perSchool = new Map<string, { people: number; amount: number; category: string }>();
  for (const a of awards) {
    const entry = perSchool.get(a.schoolId) ?? { people: 0, amount: 0, category: a.category };
    entry.people += 1;
    entry.amount += a.amount * cost.budget.prorateFactor;
    perSchool.set(a.schoolId, entry);
  }
  const minimumN = DEFAULT_MINIMUM_N;
  const bySchool = basis.context.schools
    .map((s): SchoolCost => {
      const entry = perSchool.get(s.id);
      const people = entry?.people ?? 0;
      // A school's count and cost of awards tell who holds which rating when few are eligible:
      // suppressed below the minimum n for anyone who may not see names (DOMAIN.md §6).
      const suppressed = !canSeeNames && people > 0 && people < minimumN;
      return {
        schoolId: s.id,
        name: s.name,
        povertyQuartile: s.povertyQuartile,
        tier: s.tier,
        designations: s.designations,
        category: entry?.category ?? null,
        categoryLabel: entry ? (labelOf.get(entry.category) ?? entry.category) : null,
        people: suppressed ? null : people,
        amount: suppressed ? null : (entry?.amount ?? 0),
        suppressed,
      };
    })
    .sort((a, b) => (b.amount ?? -1) - (a.amount ?? -1) || a.name.localeCompare(b.name));
  const year = basis.context.year;
  return {
    staffYear: basis.staffYear,
    schoolYear: year,
    staffConsidered: new Set(basis.staff.map((s) => s.staffId)).size,
    eligibleCount: awards.length,
    ineligibleCount: ineligible,
    cost,
    byCategory: Object.entries(cost.byCategory).map(([category, v]) => ({
      category,
      label: labelOf.get(category) ?? category,
      people: v.people,
      amount: v.amount,
    })),
    bySchool,
    minimumN,
    canSeeNames,
    context: {
      ruleSet: basis.context.ruleSet.name,
      tiers: basis.context.tiers,
      designations: basis.context.designations,
    },
    methods: [
      `Eligibility: staff assignments and ratings of ${formatSchoolYear(basis.staffYear)}; each school's poverty quartile, tier and designations from ${year === null ? 'no school year' : formatSchoolYear(year)} (${basis.context.ruleSet.name}).`,
      ...basis.context.methods.quartiles,
      basis.context.methods.tiers,
      `Cost: every eligible person's award (one per person, capped per person where the program says so)${design.multiYear ? ', paid in installments to those who stay' : ''}. Amounts are in dollars.`,
      canSeeNames
        ? 'You may see who is eligible by name; every list you open is recorded in the audit log.'
        : `Schools with fewer than ${minimumN} eligible people show no count or amount, so that no one's rating can be inferred.`,
    ],
  };
}

/** Who is eligible, in counts and cost, for a stored program. */
export async function evaluateIncentiveProgram(
  db: Db,
  actor: Actor,
  id: string,
  options: { year?: number; retentionOfEligible?: number } = {},
): Promise<ProgramEvaluation> {
  const view = await getIncentiveProgram(db, actor, id);
  const result = await previewDesign(db, actor, view.design, options);
  return { ...result, program: { id: view.id, name: view.name, status: view.status } };
}

/** The same for a design not yet saved: the designer's live count and cost. */
export async function previewIncentiveDesign(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { year?: number; retentionOfEligible?: number } = {},
): Promise<ProgramEvaluation> {
  assertCanViewIncentives(actor);
  const design = parseDesign(input);
  const result = await previewDesign(db, actor, design, options);
  return { ...result, program: { id: null, name: design.name, status: null } };
}

async function previewDesign(
  db: Db,
  actor: Actor,
  design: ProgramDesign,
  options: { year?: number; retentionOfEligible?: number },
) {
  const basis = await loadEligibilityBasis(db, actor, design, options.year);
  const result = eligibleStaff(toProgram('preview', design), basis.staff, basis.schools);
  return summarise(
    basis,
    design,
    result.eligible,
    result.ineligible.length,
    canViewIncentiveNames(actor),
    options.retentionOfEligible,
  );
}

export interface EligiblePerson {
  staffId: string;
  name: string;
  schoolId: string;
  schoolName: string;
  role: string;
  rating: string | null;
  category: string;
  amount: number;
  reasons: string[];
}

/**
 * Who is eligible by name, for district-wide HR and the district leader only. Each person listed
 * is one audit event: the list shows their rating (DOMAIN.md §2, as services/staff.ts does).
 */
export async function listEligibleStaff(
  db: Db,
  actor: Actor,
  id: string,
  options: { year?: number } = {},
): Promise<{ program: string; staffYear: number; people: EligiblePerson[]; total: number }> {
  if (!canViewIncentiveNames(actor)) {
    throw forbidden('Only HR and the district leader may see who is eligible by name.');
  }
  const view = await getIncentiveProgram(db, actor, id);
  const basis = await loadEligibilityBasis(db, actor, view.design, options.year);
  const result = eligibleStaff(toProgram(view.id, view.design), basis.staff, basis.schools);
  const names = new Map(basis.staff.map((s) => [s.staffId, s.name]));
  const schoolNames = new Map(basis.schools.map((s) => [s.schoolId, s.name ?? s.schoolId]));
  const people = result.eligible
    .map((a): EligiblePerson => ({
      staffId: a.staffId,
      name: names.get(a.staffId) ?? a.staffId,
      schoolId: a.schoolId,
      schoolName: schoolNames.get(a.schoolId) ?? a.schoolId,
      role: a.role,
      rating: a.rating,
      category: a.category,
      amount: a.amount,
      reasons: a.reasons,
    }))
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.name.localeCompare(b.name));
  await recordAudit(
    db,
    actor,
    ...people.map((p) => ({
      action: 'rating_read',
      subjectType: 'staff',
      subjectId: p.staffId,
      detail: { purpose: 'incentive_eligibility', programId: id, schoolYear: basis.staffYear },
    })),
  );
  return {
    program: view.name,
    staffYear: basis.staffYear,
    people,
    total: people.reduce((sum, p) => sum + p.amount, 0),
  };
}
