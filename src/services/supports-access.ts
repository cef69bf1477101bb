// Who may do what in school support (DOMAIN.md §2): district leaders and principal supervisors
// manage contracts, plans, the menu and clusters (a supervisor for the schools in their
// caseload); a principal sees everything and updates their own school's plan items, adoptions,
// goals and library entries; every other signed-in role reads. Overriding the visit-day
// allowance is a district leader's call alone.
import type { Actor, Role } from '../domain/access/access.ts';
import { canViewSchoolAggregates } from '../domain/access/access.ts';
import { forbidden } from '../domain/shared/errors.ts';

const MANAGERS: readonly Role[] = ['district_leader', 'principal_supervisor'];

function holds(actor: Actor, roles: readonly Role[], schoolId?: string): boolean {
  return actor.grants.some(
    (g) =>
      roles.includes(g.role) &&
      (g.schoolId === null || (schoolId !== undefined && g.schoolId === schoolId)),
  );
}

export function assertCanReadSupport(actor: Actor): void {
  if (!canViewSchoolAggregates(actor)) throw forbidden();
}

/** Manage a school's support (its plan, its contract as supported school); district-wide when no school. */
export function canManageSupport(actor: Actor, schoolId?: string): boolean {
  return holds(actor, MANAGERS, schoolId);
}

export function assertCanManageSupport(actor: Actor, schoolId?: string): void {
  if (!canManageSupport(actor, schoolId)) {
    throw forbidden(
      schoolId === undefined
        ? 'Only a district leader or a district-wide principal supervisor may change this.'
        : 'Only a district leader, or the principal supervisor of this school, may change this.',
    );
  }
}

export function isPrincipalOf(actor: Actor, schoolId: string): boolean {
  return actor.grants.some((g) => g.role === 'principal' && g.schoolId === schoolId);
}

/** A school's own entries (plan items, adoptions, goals, practices): managers or its principal. */
export function canActForSchool(actor: Actor, schoolId: string): boolean {
  return canManageSupport(actor, schoolId) || isPrincipalOf(actor, schoolId);
}

export function assertCanActForSchool(actor: Actor, schoolId: string): void {
  if (!canActForSchool(actor, schoolId)) {
    throw forbidden(
      'Only a district leader, the school’s principal supervisor or its principal may change this.',
    );
  }
}

export function isDistrictLeader(actor: Actor): boolean {
  return holds(actor, ['district_leader']);
}

/** Named teachers' visits: people who may see the school's staff, and the teacher themself. */
export function canSeeVisitsOf(
  actor: Actor,
  row: { staffId: string; homeSchoolId: string | null; hostSchoolId: string },
): boolean {
  if (actor.staffId !== null && actor.staffId === row.staffId) return true;
  const staffRoles: readonly Role[] = [
    'district_leader',
    'hr',
    'principal',
    'principal_supervisor',
  ];
  return (
    holds(actor, staffRoles, row.hostSchoolId) ||
    (row.homeSchoolId !== null && holds(actor, staffRoles, row.homeSchoolId))
  );
}
