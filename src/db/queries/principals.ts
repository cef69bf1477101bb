// Principals (issue #6): who led which school in which year (staff_assignments, role
// 'principal'), their latest ratings (confidential: the caller audits each read), open and
// planned posts, and residencies for aspiring principals (migration 008).
import type { Db } from '../connection.ts';
import type { PrincipalPostReason, PrincipalPostStatus, ResidencyStatus } from '../schema.ts';

export interface PrincipalAssignmentRow {
  staffId: string;
  firstName: string;
  lastName: string;
  schoolId: string;
  schoolYear: number;
  yearsExperience: number | null;
}

export async function listPrincipalAssignments(
  db: Db,
  districtId: string,
): Promise<PrincipalAssignmentRow[]> {
  return db
    .selectFrom('staff_assignments as a')
    .innerJoin('staff as s', (j) =>
      j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.staff_id'),
    )
    .select([
      'a.staff_id as staffId',
      's.first_name as firstName',
      's.last_name as lastName',
      'a.school_id as schoolId',
      'a.school_year as schoolYear',
      'a.years_experience as yearsExperience',
    ])
    .where('a.district_id', '=', districtId)
    .where('a.role', '=', 'principal')
    .orderBy('a.staff_id')
    .orderBy('a.school_year')
    .execute();
}

/** Each person's most recent rating in or before the year. Confidential: audit the read. */
export async function getLatestRatings(
  db: Db,
  districtId: string,
  staffIds: readonly string[],
  atOrBefore: number,
) {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('staff_ratings')
    .select([
      'staff_id as staffId',
      'school_year as schoolYear',
      'rating',
      'rating_scale as ratingScale',
    ])
    .distinctOn('staff_id')
    .where('district_id', '=', districtId)
    .where('staff_id', 'in', [...staffIds])
    .where('school_year', '<=', atOrBefore)
    .orderBy('staff_id')
    .orderBy('school_year', 'desc')
    .execute();
}

export async function listStaffNames(db: Db, districtId: string, staffIds: readonly string[]) {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('staff')
    .select(['id', 'first_name as firstName', 'last_name as lastName'])
    .where('district_id', '=', districtId)
    .where('id', 'in', [...staffIds])
    .execute();
}

export async function staffExists(db: Db, districtId: string, staffId: string) {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', '=', staffId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface PostRow {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolYear: number;
  reason: PrincipalPostReason;
  status: PrincipalPostStatus;
  note: string;
}

export async function listPrincipalPosts(db: Db, districtId: string): Promise<PostRow[]> {
  return db
    .selectFrom('principal_posts as p')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'),
    )
    .select([
      'p.id',
      'p.school_id as schoolId',
      's.name as schoolName',
      'p.school_year as schoolYear',
      'p.reason',
      'p.status',
      'p.note',
    ])
    .where('p.district_id', '=', districtId)
    .orderBy('p.school_year', 'desc')
    .orderBy('s.name')
    .execute();
}

export async function insertPrincipalPost(
  db: Db,
  row: {
    districtId: string;
    id: string;
    schoolId: string;
    schoolYear: number;
    reason: PrincipalPostReason;
    note: string;
    createdBy: string;
  },
) {
  await db
    .insertInto('principal_posts')
    .values({
      district_id: row.districtId,
      id: row.id,
      school_id: row.schoolId,
      school_year: row.schoolYear,
      reason: row.reason,
      note: row.note,
      created_by: row.createdBy,
    })
    .execute();
}

export async function setPrincipalPostStatus(
  db: Db,
  districtId: string,
  id: string,
  status: PrincipalPostStatus,
) {
  const result = await db
    .updateTable('principal_posts')
    .set({ status })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface ResidencyRow {
  id: string;
  residentStaffId: string;
  firstSchoolId: string;
  firstMentorStaffId: string | null;
  secondSchoolId: string;
  secondMentorStaffId: string | null;
  startsOn: string;
  endsOn: string;
  status: ResidencyStatus;
  note: string;
}

const residencyColumns = [
  'id',
  'resident_staff_id as residentStaffId',
  'first_school_id as firstSchoolId',
  'first_mentor_staff_id as firstMentorStaffId',
  'second_school_id as secondSchoolId',
  'second_mentor_staff_id as secondMentorStaffId',
  'starts_on as startsOn',
  'ends_on as endsOn',
  'status',
  'note',
] as const;

export async function listResidencies(db: Db, districtId: string): Promise<ResidencyRow[]> {
  return db
    .selectFrom('principal_residencies')
    .select(residencyColumns)
    .where('district_id', '=', districtId)
    .orderBy('starts_on', 'desc')
    .orderBy('id')
    .execute();
}

export async function getResidency(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('principal_residencies')
    .select(residencyColumns)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface ResidencyWrite {
  residentStaffId: string;
  firstSchoolId: string;
  firstMentorStaffId: string | null;
  secondSchoolId: string;
  secondMentorStaffId: string | null;
  startsOn: string;
  endsOn: string;
  status: ResidencyStatus;
  note: string;
}

const residencyValues = (w: ResidencyWrite) => ({
  resident_staff_id: w.residentStaffId,
  first_school_id: w.firstSchoolId,
  first_mentor_staff_id: w.firstMentorStaffId,
  second_school_id: w.secondSchoolId,
  second_mentor_staff_id: w.secondMentorStaffId,
  starts_on: w.startsOn,
  ends_on: w.endsOn,
  status: w.status,
  note: w.note,
});

export async function insertResidency(
  db: Db,
  districtId: string,
  id: string,
  createdBy: string,
  w: ResidencyWrite,
) {
  await db
    .insertInto('principal_residencies')
    .values({ district_id: districtId, id, created_by: createdBy, ...residencyValues(w) })
    .execute();
}

export async function updateResidency(db: Db, districtId: string, id: string, w: ResidencyWrite) {
  const result = await db
    .updateTable('principal_residencies')
    .set(residencyValues(w))
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteResidency(db: Db, districtId: string, id: string) {
  const result = await db
    .deleteFrom('principal_residencies')
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
