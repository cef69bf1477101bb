// Clusters and networks (issue #6; DOMAIN.md §8): British Columbia's clusters with a joint plan
// and pooled funding, Shanghai's clusters that share teachers, and Massachusetts contracts that
// let teachers visit other schools up to 3 days a year (seed 000). A visit beyond a teacher's
// yearly allowance is refused with a 409 naming the teacher and the days left, unless a
// district leader overrides it with a reason.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  daysUsedForUpdate,
  deleteMemberRow,
  getClusterRow,
  getStaffWithSchool,
  getVisitAllowance,
  insertClusterRow,
  insertMemberRows,
  insertSharedStaffRow,
  insertVisitRow,
  listClusterRows,
  listMemberRows,
  listSharedStaffRows,
  listVisitRows,
  saveVisitAllowance,
  updateClusterRow,
} from '../db/queries/clusters.ts';
import { getSchool } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { roundCents, schoolYearOf } from './contracts-rules.ts';
import {
  assertCanManageSupport,
  assertCanReadSupport,
  canActForSchool,
  canManageSupport,
  canSeeVisitsOf,
  isDistrictLeader,
} from './supports-access.ts';

/** Massachusetts contracts: teachers may visit other schools "up to 3 days" a year (seed 000). */
export const DEFAULT_VISIT_DAYS = 3;
const DateText = z.iso.date('Use a date like 2025-08-15.');

export const ClusterInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  jointPlan: z.string().max(8000).default(''),
  pooledFunding: z.number().min(0).max(100_000_000).default(0),
  schoolIds: z.array(z.string().min(1).max(40)).min(2).max(60),
});

export const ClusterUpdateSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  jointPlan: z.string().max(8000).optional(),
  pooledFunding: z.number().min(0).max(100_000_000).optional(),
});

export const MemberInputSchema = z.object({ schoolId: z.string().min(1).max(40) });

export const SharedStaffInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.string().trim().min(1).max(80),
  fte: z.number().positive().max(1.5),
});

export const AllowanceInputSchema = z.object({ days: z.number().min(0).max(30).multipleOf(0.5) });

export const VisitInputSchema = z.object({
  staffId: z.string().min(1).max(60),
  hostSchoolId: z.string().min(1).max(40),
  visitDate: DateText,
  days: z.number().positive().max(5).multipleOf(0.5),
  purpose: z.string().max(1000).default(''),
  clusterId: z.uuid().optional(),
  /** A district leader's reason for going beyond the allowance. */
  overrideReason: z.string().trim().min(1).max(500).optional(),
});

export async function visitAllowance(db: Db, districtId: string): Promise<number> {
  return (await getVisitAllowance(db, districtId)) ?? DEFAULT_VISIT_DAYS;
}

export async function getClusters(db: Db, actor: Actor, query: { year?: number } = {}) {
  assertCanReadSupport(actor);
  const schoolYear = query.year ?? schoolYearOf(new Date().toISOString().slice(0, 10));
  const [clusters, members, staff, visits, allowance] = await Promise.all([
    listClusterRows(db, actor.districtId),
    listMemberRows(db, actor.districtId),
    listSharedStaffRows(db, actor.districtId),
    listVisitRows(db, actor.districtId, schoolYear),
    visitAllowance(db, actor.districtId),
  ]);
  // Per teacher: days used this school year against the allowance.
  const byTeacher = new Map<
    string,
    { staffId: string; name: string; homeSchoolId: string | null; used: number; visible: boolean }
  >();
  for (const v of visits) {
    const t = byTeacher.get(v.staff_id) ?? {
      staffId: v.staff_id,
      name: v.staff_name,
      homeSchoolId: v.home_school_id,
      used: 0,
      visible: false,
    };
    t.used = roundCents(t.used + v.days);
    t.visible ||= canSeeVisitsOf(actor, {
      staffId: v.staff_id,
      homeSchoolId: v.home_school_id,
      hostSchoolId: v.host_school_id,
    });
    byTeacher.set(v.staff_id, t);
  }
  const teachers = [...byTeacher.values()];
  return {
    schoolYear,
    allowance,
    canManage: canManageSupport(actor),
    canOverride: isDistrictLeader(actor),
    clusters: clusters.map((c) => {
      const mine = members.filter((m) => m.cluster_id === c.id);
      const ids = new Set(mine.map((m) => m.school_id));
      const inCluster = teachers.filter((t) => t.homeSchoolId !== null && ids.has(t.homeSchoolId));
      const clusterVisits = visits.filter((v) => v.cluster_id === c.id);
      return {
        id: c.id,
        name: c.name,
        jointPlan: c.joint_plan,
        pooledFunding: c.pooled_funding,
        members: mine.map((m) => ({ schoolId: m.school_id, schoolName: m.school_name })),
        sharedStaff: staff
          .filter((s) => s.cluster_id === c.id)
          .map((s) => ({ id: s.id, name: s.name, role: s.role, fte: s.fte })),
        visitDays: {
          teachersVisiting: inCluster.length,
          used: roundCents(inCluster.reduce((sum, t) => sum + t.used, 0)),
          allowance: roundCents(inCluster.length * allowance),
          visitsUnderCluster: clusterVisits.length,
        },
        canManage: mine.every((m) => canManageSupport(actor, m.school_id)),
      };
    }),
    // Named rows only for those who may see the school's staff (DOMAIN.md §2); others get totals.
    teachers: teachers
      .filter((t) => t.visible)
      .map((t) => ({
        staffId: t.staffId,
        name: t.name,
        homeSchoolId: t.homeSchoolId,
        used: t.used,
        allowance,
        remaining: roundCents(Math.max(0, allowance - t.used)),
      })),
    visits: visits
      .filter((v) =>
        canSeeVisitsOf(actor, {
          staffId: v.staff_id,
          homeSchoolId: v.home_school_id,
          hostSchoolId: v.host_school_id,
        }),
      )
      .map((v) => ({
        id: v.id,
        staffId: v.staff_id,
        staffName: v.staff_name,
        hostSchoolId: v.host_school_id,
        hostSchoolName: v.host_school_name,
        visitDate: v.visit_date,
        days: v.days,
        purpose: v.purpose,
        overrideReason: v.override_reason,
      })),
    totals: {
      teachersVisiting: teachers.length,
      daysUsed: roundCents(teachers.reduce((sum, t) => sum + t.used, 0)),
    },
  };
}
export type ClustersView = Awaited<ReturnType<typeof getClusters>>;

async function assertSchools(db: Db, actor: Actor, schoolIds: readonly string[]) {
  for (const [i, id] of schoolIds.entries()) {
    if (!(await getSchool(db, actor.districtId, id))) {
      throw badRequest(`There is no school ${id} in this district.`, [
        { field: `schoolIds.${i}`, message: 'Unknown school.' },
      ]);
    }
  }
}

export async function createCluster(db: Db, actor: Actor, raw: unknown) {
  const input = ClusterInputSchema.parse(raw);
  const schoolIds = [...new Set(input.schoolIds)];
  for (const id of schoolIds) assertCanManageSupport(actor, id);
  await assertSchools(db, actor, schoolIds);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertClusterRow(trx, {
      district_id: actor.districtId,
      id,
      name: input.name,
      joint_plan: input.jointPlan,
      pooled_funding: input.pooledFunding,
    });
    await insertMemberRows(trx, actor.districtId, id, schoolIds);
    await recordAudit(trx, actor, {
      action: 'cluster.create',
      subjectType: 'cluster',
      subjectId: id,
      detail: { name: input.name, schoolIds, pooledFunding: input.pooledFunding },
    });
  });
  return id;
}

async function clusterForChange(db: Db, actor: Actor, id: string) {
  const c = await getClusterRow(db, actor.districtId, id);
  if (!c) throw notFound('The cluster');
  const members = (await listMemberRows(db, actor.districtId)).filter((m) => m.cluster_id === id);
  for (const m of members) assertCanManageSupport(actor, m.school_id);
  if (members.length === 0) assertCanManageSupport(actor);
  return c;
}

export async function updateCluster(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = ClusterUpdateSchema.parse(raw);
  await clusterForChange(db, actor, id);
  await updateClusterRow(db, actor.districtId, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.jointPlan !== undefined ? { joint_plan: input.jointPlan } : {}),
    ...(input.pooledFunding !== undefined ? { pooled_funding: input.pooledFunding } : {}),
  });
  await recordAudit(db, actor, {
    action: 'cluster.update',
    subjectType: 'cluster',
    subjectId: id,
    detail: input,
  });
}

export async function addMember(db: Db, actor: Actor, id: string, raw: unknown) {
  const { schoolId } = MemberInputSchema.parse(raw);
  await clusterForChange(db, actor, id);
  assertCanManageSupport(actor, schoolId);
  await assertSchools(db, actor, [schoolId]);
  await insertMemberRows(db, actor.districtId, id, [schoolId]);
  await recordAudit(db, actor, {
    action: 'cluster.member.add',
    subjectType: 'cluster',
    subjectId: id,
    detail: { schoolId },
  });
}

export async function removeMember(db: Db, actor: Actor, id: string, schoolId: string) {
  await clusterForChange(db, actor, id);
  if ((await deleteMemberRow(db, actor.districtId, id, schoolId)) === 0) {
    throw notFound('That member school');
  }
  await recordAudit(db, actor, {
    action: 'cluster.member.remove',
    subjectType: 'cluster',
    subjectId: id,
    detail: { schoolId },
  });
}

export async function addSharedStaff(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = SharedStaffInputSchema.parse(raw);
  await clusterForChange(db, actor, id);
  const staffId = randomUUID();
  await insertSharedStaffRow(db, {
    district_id: actor.districtId,
    cluster_id: id,
    id: staffId,
    ...input,
  });
  await recordAudit(db, actor, {
    action: 'cluster.shared_staff.add',
    subjectType: 'cluster',
    subjectId: id,
    detail: { sharedStaffId: staffId, role: input.role, fte: input.fte },
  });
}

export async function setVisitAllowance(db: Db, actor: Actor, raw: unknown) {
  const { days } = AllowanceInputSchema.parse(raw);
  if (!isDistrictLeader(actor)) {
    throw forbidden('Only a district leader may set the visit-day allowance.');
  }
  const before = await visitAllowance(db, actor.districtId);
  await saveVisitAllowance(db, actor.districtId, days);
  await recordAudit(db, actor, {
    action: 'visit_allowance.set',
    subjectType: 'district',
    subjectId: actor.districtId,
    detail: { before, after: days },
  });
}

/**
 * Logs a visit. Beyond the teacher's allowance for the school year it is refused (409, naming
 * the teacher and the days left) unless a district leader gives a reason to override.
 */
export async function logVisit(db: Db, actor: Actor, raw: unknown) {
  const input = VisitInputSchema.parse(raw);
  const teacher = await getStaffWithSchool(db, actor.districtId, input.staffId);
  if (!teacher) {
    throw badRequest(`There is no staff member ${input.staffId} in this district.`, [
      { field: 'staffId', message: 'Unknown staff member.' },
    ]);
  }
  const home = teacher.schoolId;
  const allowed = home === null ? canManageSupport(actor) : canActForSchool(actor, home);
  if (!allowed) {
    throw forbidden(
      'Only a district leader, the teacher’s principal or their school’s supervisor may log a visit.',
    );
  }
  if (home === input.hostSchoolId) {
    throw badRequest('A visit is to another school than the teacher’s own.', [
      { field: 'hostSchoolId', message: 'The teacher’s own school.' },
    ]);
  }
  await assertSchools(db, actor, [input.hostSchoolId]);
  if (input.overrideReason !== undefined && !isDistrictLeader(actor)) {
    throw forbidden('Only a district leader may allow days beyond the allowance.');
  }
  if (input.clusterId && !(await getClusterRow(db, actor.districtId, input.clusterId))) {
    throw badRequest('There is no such cluster.', [{ field: 'clusterId', message: 'Unknown.' }]);
  }
  const schoolYear = schoolYearOf(input.visitDate);
  const allowance = await visitAllowance(db, actor.districtId);
  const name = `${teacher.first_name} ${teacher.last_name}`;
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const used = await daysUsedForUpdate(trx, actor.districtId, input.staffId, schoolYear);
    const remaining = roundCents(Math.max(0, allowance - used));
    const beyond = used + input.days > allowance + 1e-9;
    if (beyond && input.overrideReason === undefined) {
      throw new AppError(
        'conflict',
        `${name} has ${remaining} of ${allowance} visit days left in the ${schoolYear - 1}–${String(schoolYear % 100).padStart(2, '0')} school year; this visit needs ${input.days}. A district leader can allow it with a reason.`,
      );
    }
    await insertVisitRow(trx, {
      district_id: actor.districtId,
      id,
      staff_id: input.staffId,
      home_school_id: home,
      host_school_id: input.hostSchoolId,
      visit_date: input.visitDate,
      school_year: schoolYear,
      days: input.days,
      purpose: input.purpose,
      cluster_id: input.clusterId ?? null,
      override_reason: beyond ? (input.overrideReason ?? null) : null,
      logged_by: actor.userId,
    });
    await recordAudit(trx, actor, {
      action: beyond ? 'visit.log_over_allowance' : 'visit.log',
      subjectType: 'teacher_visit',
      subjectId: id,
      detail: {
        staffId: input.staffId,
        hostSchoolId: input.hostSchoolId,
        days: input.days,
        usedBefore: used,
        allowance,
        ...(beyond ? { overrideReason: input.overrideReason } : {}),
      },
    });
  });
  return { id, schoolYear };
}
