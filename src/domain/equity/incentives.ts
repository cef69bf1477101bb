// Incentive programs (DOMAIN.md §5; issue 5): who is eligible, what it costs, and what it might do
// to the equity gap. A program is plain data — eligibility by role and rating, a school category
// (by poverty quartile, tier, identification status, hard-to-staff flag or a list of schools),
// an award matrix of rating × school category, caps, and multi-year conditions — so presets and
// a district's own designs are the same kind of thing and can be stored as settings.
// The projection and the awardee comparison live in incentive-effects.ts, the presets in
// incentive-presets.ts; both are re-exported here.
import { badRequest } from '../shared/errors.ts';
import type { Quartile } from './quartiles.ts';
import { formatMoney } from './shares.ts';

export { compareAwardeeRetention, projectEquityGap } from './incentive-effects.ts';
export {
  DALLAS_HIGH_NEED_STIPENDS,
  DCPS_IMPACT_PLUS,
  hardToStaffAllowance,
} from './incentive-presets.ts';

export type IncentiveRole =
  'teacher' | 'principal' | 'assistant_principal' | 'coach' | 'specialist' | 'other';

export interface IncentiveSchool {
  schoolId: string;
  name?: string;
  povertyQuartile: Quartile | null;
  tier: string | null;
  /** e.g. 'CSI', 'TSI', 'low-performing', or a district list name such as 'target-40'. */
  identification: string | null;
  /** Every designation a school holds (CSI and ATSI at once); matched with `identification`. */
  identifications?: readonly string[];
  hardToStaff?: boolean;
}

export interface IncentiveStaff {
  staffId: string;
  schoolId: string;
  role: IncentiveRole;
  rating: string | null;
}

/** A school is in `category` when every condition given holds; the first matching rule wins. */
export interface SchoolCategoryRule {
  category: string;
  label: string;
  povertyQuartiles?: readonly Quartile[];
  tiers?: readonly string[];
  identifications?: readonly string[];
  hardToStaff?: boolean;
  schoolIds?: readonly string[];
}

/** One cell of the award matrix; rating '*' matches any rating (or none). */
export interface AwardCell {
  rating: string;
  category: string;
  amount: number;
  roles?: readonly IncentiveRole[];
}

export interface IncentiveProgram {
  key: string;
  name: string;
  source: string;
  roles: readonly IncentiveRole[];
  categories: readonly SchoolCategoryRule[];
  awards: readonly AwardCell[];
  capPerPerson?: number;
  /** Annual budget; over it, awards are scaled down ('prorate') or only reported ('report'). */
  budgetCap?: number;
  budgetRule?: 'prorate' | 'report';
  /** Paid in installments (fractions of the award) at the end of each year the person stays. */
  multiYear?: { mustStayYears: number; installments: readonly number[] };
}

export interface Award {
  staffId: string;
  schoolId: string;
  role: IncentiveRole;
  rating: string | null;
  category: string;
  /** The full award (all installments), after the per-person cap. */
  amount: number;
  reasons: string[];
}

export interface Eligibility {
  eligible: Award[];
  ineligible: { staffId: string; reason: string }[];
}

const same = (a: string | null, b: string) =>
  a !== null && a.trim().toLowerCase() === b.toLowerCase();

export function categoryOf(
  program: IncentiveProgram,
  school: IncentiveSchool,
): SchoolCategoryRule | null {
  for (const rule of program.categories) {
    const quartile = school.povertyQuartile;
    if (rule.povertyQuartiles && (quartile === null || !rule.povertyQuartiles.includes(quartile)))
      continue;
    if (rule.tiers && !rule.tiers.some((t) => same(school.tier, t))) continue;
    const held = [school.identification, ...(school.identifications ?? [])];
    if (rule.identifications && !rule.identifications.some((i) => held.some((h) => same(h, i))))
      continue;
    if (rule.hardToStaff !== undefined && (school.hardToStaff ?? false) !== rule.hardToStaff)
      continue;
    if (rule.schoolIds && !rule.schoolIds.includes(school.schoolId)) continue;
    return rule;
  }
  return null;
}

function cellFor(program: IncentiveProgram, person: IncentiveStaff, category: string) {
  const fits = (cell: AwardCell) =>
    cell.category === category && (!cell.roles || cell.roles.includes(person.role));
  return (
    program.awards.find((cell) => fits(cell) && same(person.rating, cell.rating)) ??
    program.awards.find((cell) => fits(cell) && cell.rating === '*')
  );
}

/** Who qualifies today and for how much, with the reason for every yes and no. */
export function eligibleStaff(
  program: IncentiveProgram,
  staff: readonly IncentiveStaff[],
  schools: readonly IncentiveSchool[],
): Eligibility {
  const bySchool = new Map(schools.map((s) => [s.schoolId, s]));
  const eligible = new Map<string, Award>();
  const ineligible: Eligibility['ineligible'] = [];
  for (const person of staff) {
    const school = bySchool.get(person.schoolId);
    if (!program.roles.includes(person.role)) {
      ineligible.push({
        staffId: person.staffId,
        reason: `The program is not open to the ${person.role} role.`,
      });
      continue;
    }
    if (!school) {
      ineligible.push({ staffId: person.staffId, reason: `School ${person.schoolId} is unknown.` });
      continue;
    }
    const rule = categoryOf(program, school);
    const cell = rule ? cellFor(program, person, rule.category) : undefined;
    if (!rule || !cell || cell.amount <= 0) {
      const why = !rule
        ? `${school.name ?? school.schoolId} is in none of the program's school categories.`
        : `No award for a rating of ${person.rating ?? '(none)'} in ${rule.label}.`;
      ineligible.push({ staffId: person.staffId, reason: why });
      continue;
    }
    // One award per person: a second assignment adds its cell, and the cap applies to the sum.
    const previous = eligible.get(person.staffId);
    const uncapped = (previous?.amount ?? 0) + cell.amount;
    const amount = Math.min(uncapped, program.capPerPerson ?? Number.POSITIVE_INFINITY);
    const reasons = [
      ...(previous?.reasons ?? []),
      `${person.rating ?? 'Any rating'} at ${school.name ?? school.schoolId} (${rule.label}): ${formatMoney(cell.amount)}.`,
    ];
    if (amount < uncapped) reasons.push(`Capped at ${formatMoney(amount)} per person.`);
    eligible.set(person.staffId, {
      staffId: person.staffId,
      schoolId: previous?.schoolId ?? person.schoolId,
      role: person.role,
      rating: person.rating,
      category: previous?.category ?? rule.category,
      amount,
      reasons,
    });
  }
  return { eligible: [...eligible.values()], ineligible };
}

export interface ProgramCost {
  /** Paid in the first program year, after any proration. */
  firstYear: number;
  /** Every installment, if everyone stays: the program's full commitment. */
  committed: number;
  /** Expected payment in each program year under the stated retention. */
  schedule: { year: number; expected: number; maximum: number }[];
  byCategory: Record<string, { people: number; amount: number }>;
  budget: { cap: number | null; withinBudget: boolean; prorateFactor: number };
  explanation: string[];
}

function installmentsOf(program: IncentiveProgram): readonly number[] {
  const plan = program.multiYear;
  if (!plan) return [1];
  const total = plan.installments.reduce((sum, part) => sum + part, 0);
  if (plan.installments.length === 0 || Math.abs(total - 1) > 1e-9) {
    throw badRequest(`The installments of ${program.name} must add up to the whole award.`);
  }
  return plan.installments;
}

/**
 * The annual cost of awards. Multi-year awards are paid in installments at the end of each year
 * the person stays; the expected payment in year k is Σ award × installment_k × retention^k.
 */
export function annualCost(
  program: IncentiveProgram,
  awards: readonly Award[],
  assumptions: { retentionOfEligible?: number } = {},
): ProgramCost {
  const retention = assumptions.retentionOfEligible ?? 1;
  if (retention < 0 || retention > 1) throw badRequest('Retention must be between 0 and 1.');
  const installments = installmentsOf(program);
  const full = awards.reduce((sum, a) => sum + a.amount, 0);
  const yearOne = full * (installments[0] ?? 1) * (program.multiYear ? retention : 1);
  const cap = program.budgetCap ?? null;
  const over = cap !== null && yearOne > cap;
  const prorateFactor = over && program.budgetRule !== 'report' ? cap / yearOne : 1;
  const byCategory: ProgramCost['byCategory'] = {};
  for (const a of awards) {
    const entry = (byCategory[a.category] ??= { people: 0, amount: 0 });
    entry.people += 1;
    entry.amount += a.amount * prorateFactor;
  }
  const schedule = installments.map((part, index) => ({
    year: index + 1,
    maximum: full * part * prorateFactor,
    expected: full * part * prorateFactor * (program.multiYear ? retention ** (index + 1) : 1),
  }));
  const explanation = [
    `${awards.length} people qualify for ${program.name}, ${formatMoney(full)} in full awards.`,
  ];
  if (program.multiYear) {
    explanation.push(
      `Awards are paid in ${installments.length} installments over ${program.multiYear.mustStayYears} years to people who stay; ` +
        `with ${(retention * 100).toFixed(0)}% of them staying each year, year 1 costs about ${formatMoney(schedule[0]?.expected ?? 0)}.`,
    );
  }
  if (over) {
    explanation.push(
      program.budgetRule === 'report'
        ? `That is over the ${formatMoney(cap)} budget by ${formatMoney(yearOne - cap)}.`
        : `That is over the ${formatMoney(cap)} budget, so every award is scaled to ${(prorateFactor * 100).toFixed(1)}%.`,
    );
  }
  return {
    firstYear: schedule[0]?.expected ?? 0,
    committed: full * prorateFactor,
    schedule,
    byCategory,
    budget: { cap, withinBudget: !over, prorateFactor },
    explanation,
  };
}
