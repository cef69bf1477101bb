// Who may see and change what (DOMAIN.md §2). These rules are enforced in services, not only
// hidden in the UI: every service that returns people's data asks one of these first.
import type { GrantRole } from '../../db/schema.ts';

export type Role = GrantRole;

export interface Grant {
  role: Role;
  /** null: the role applies district-wide; otherwise to this one school. */
  schoolId: string | null;
}

export interface Actor {
  userId: string;
  districtId: string;
  username: string;
  displayName: string;
  staffId: string | null;
  grants: Grant[];
}

export const ROLE_LABELS: Record<Role, string> = {
  district_leader: 'District leader',
  analyst: 'Analyst',
  hr: 'HR / talent',
  finance: 'Finance',
  principal_supervisor: 'Principal supervisor',
  principal: 'Principal',
  teacher: 'Teacher',
};

/** Roles whose grant must name a school: they see their own school or caseload only. */
export const SCHOOL_SCOPED_ROLES: readonly Role[] = [
  'principal',
  'principal_supervisor',
  'teacher',
];

function holds(actor: Actor, roles: readonly Role[], schoolId?: string): boolean {
  return actor.grants.some(
    (g) =>
      roles.includes(g.role) &&
      (g.schoolId === null || (schoolId !== undefined && g.schoolId === schoolId)),
  );
}

/**
 * School-level published aggregates (report-card figures) are public information, so every
 * signed-in role may read them; small groups are still suppressed where they are shown.
 */
export function canViewSchoolAggregates(actor: Actor): boolean {
  return actor.grants.length > 0;
}

/** The list of a school's staff (names, roles, experience, licensure). */
export function canViewSchoolStaff(actor: Actor, schoolId: string): boolean {
  return holds(actor, ['district_leader', 'hr', 'principal', 'principal_supervisor'], schoolId);
}

/**
 * An individual's evaluation rating is a confidential personnel record (DOMAIN.md §2): HR, the
 * district leader, and the school's own principal or supervisor. Analysts see aggregates only.
 */
export function canViewIndividualRatings(actor: Actor, schoolId: string): boolean {
  return canViewSchoolStaff(actor, schoolId);
}

export function canManageUsers(actor: Actor): boolean {
  return holds(actor, ['district_leader']);
}

/** Plans, settings and rules (DOMAIN.md §2): recording an identification, changing rule sets. */
export function canChangeRules(actor: Actor): boolean {
  return holds(actor, ['district_leader']);
}

/**
 * Designing resource plans (issue 5): incentive programs, awards paid, allocation scenarios and
 * funding formulas. District leaders, HR and finance, district-wide (DOMAIN.md §2, §5, §7).
 */
export function canManageIncentives(actor: Actor): boolean {
  return holds(actor, ['district_leader', 'hr', 'finance']);
}

/** Reading those plans as counts and costs: the designers and district-wide analysts. */
export function canViewIncentives(actor: Actor): boolean {
  return holds(actor, ['district_leader', 'hr', 'finance', 'analyst']);
}

/**
 * Who is eligible for an incentive, or was paid one, by name: an individual personnel decision
 * built on ratings, so district-wide HR and the district leader only; each read is audited.
 */
export function canViewIncentiveNames(actor: Actor): boolean {
  return holds(actor, ['district_leader', 'hr']);
}

export function canImportData(actor: Actor): boolean {
  return holds(actor, ['district_leader', 'analyst']);
}

/** The schools an actor's grants name, or 'all' for a district-wide grant. */
export function scopedSchools(actor: Actor): 'all' | string[] {
  if (actor.grants.some((g) => g.schoolId === null)) return 'all';
  return [...new Set(actor.grants.map((g) => g.schoolId).filter((s): s is string => s !== null))];
}
