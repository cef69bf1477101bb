// Clusters of schools (members, shared staff), the visit-day allowance and teachers' visits
// to other schools (migration 007; docs/decisions/011-support.md).
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../connection.ts';
import type { ClusterSharedStaffTable, ClustersTable, TeacherVisitsTable } from '../schema.ts';

export async function listClusterRows(db: Db, districtId: string) {
  return db
    .selectFrom('clusters')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('name')
    .execute();
}

export async function getClusterRow(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('clusters')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertClusterRow(db: Db, row: Insertable<ClustersTable>) {
  await db.insertInto('clusters').values(row).execute();
}

export async function updateClusterRow(
  db: Db,
  districtId: string,
  id: string,
  changes: Updateable<ClustersTable>,
) {
  await db
    .updateTable('clusters')
    .set(changes)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function listMemberRows(db: Db, districtId: string) {
  return db
    .selectFrom('cluster_members as m')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'm.district_id').onRef('s.id', '=', 'm.school_id'),
    )
    .select(['m.cluster_id', 'm.school_id', 's.name as school_name'])
    .where('m.district_id', '=', districtId)
    .orderBy('s.name')
    .execute();
}

export async function insertMemberRows(
  db: Db,
  districtId: string,
  clusterId: string,
  schoolIds: readonly string[],
) {
  if (schoolIds.length === 0) return;
  await db
    .insertInto('cluster_members')
    .values(
      schoolIds.map((school_id) => ({ district_id: districtId, cluster_id: clusterId, school_id })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteMemberRow(
  db: Db,
  districtId: string,
  clusterId: string,
  schoolId: string,
) {
  const r = await db
    .deleteFrom('cluster_members')
    .where('district_id', '=', districtId)
    .where('cluster_id', '=', clusterId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listSharedStaffRows(db: Db, districtId: string) {
  return db
    .selectFrom('cluster_shared_staff')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('name')
    .execute();
}

export async function insertSharedStaffRow(db: Db, row: Insertable<ClusterSharedStaffTable>) {
  await db.insertInto('cluster_shared_staff').values(row).execute();
}

export async function getVisitAllowance(db: Db, districtId: string): Promise<number | null> {
  const row = await db
    .selectFrom('support_settings')
    .select('visit_days_per_teacher')
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  return row?.visit_days_per_teacher ?? null;
}

export async function saveVisitAllowance(db: Db, districtId: string, days: number) {
  await db
    .insertInto('support_settings')
    .values({ district_id: districtId, visit_days_per_teacher: days })
    .onConflict((oc) => oc.column('district_id').doUpdateSet({ visit_days_per_teacher: days }))
    .execute();
}

export async function getStaffWithSchool(db: Db, districtId: string, staffId: string) {
  const staff = await db
    .selectFrom('staff')
    .select(['id', 'first_name', 'last_name'])
    .where('district_id', '=', districtId)
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!staff) return undefined;
  const assignment = await db
    .selectFrom('staff_assignments')
    .select(['school_id', 'school_year'])
    .where('district_id', '=', districtId)
    .where('staff_id', '=', staffId)
    .orderBy('school_year', 'desc')
    .orderBy('fte', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { ...staff, schoolId: assignment?.school_id ?? null };
}

/** Days a teacher has logged in a school year, locked so two requests cannot both pass the allowance. */
export async function daysUsedForUpdate(
  db: Db,
  districtId: string,
  staffId: string,
  schoolYear: number,
) {
  const rows = await db
    .selectFrom('teacher_visits')
    .select('days')
    .where('district_id', '=', districtId)
    .where('staff_id', '=', staffId)
    .where('school_year', '=', schoolYear)
    .forUpdate()
    .execute();
  return rows.reduce((sum, r) => sum + r.days, 0);
}

export async function insertVisitRow(db: Db, row: Insertable<TeacherVisitsTable>) {
  await db.insertInto('teacher_visits').values(row).execute();
}

export async function listVisitRows(db: Db, districtId: string, schoolYear?: number) {
  let q = db
    .selectFrom('teacher_visits as v')
    .innerJoin('staff as t', (j) =>
      j.onRef('t.district_id', '=', 'v.district_id').onRef('t.id', '=', 'v.staff_id'),
    )
    .innerJoin('schools as h', (j) =>
      j.onRef('h.district_id', '=', 'v.district_id').onRef('h.id', '=', 'v.host_school_id'),
    )
    .selectAll('v')
    .select([
      sql<string>`t.first_name || ' ' || t.last_name`.as('staff_name'),
      'h.name as host_school_name',
    ])
    .where('v.district_id', '=', districtId);
  if (schoolYear !== undefined) q = q.where('v.school_year', '=', schoolYear);
  return q.orderBy('v.visit_date', 'desc').orderBy('v.id').execute();
}
