// Incentive programs and awards paid (issue #5, migration 006), and the staff reads the incentive
// designer builds on. Ratings come back with the staff rows because eligibility is computed from
// them; the service decides who may see individual rows and audits every such read.
import type { Db } from '../connection.ts';
import type { StaffRole } from '../schema.ts';

export interface ProgramRow {
  id: string;
  name: string;
  design: unknown;
  presetKey: string | null;
  status: 'draft' | 'active';
  createdBy: string | null;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
}

const PROGRAM_COLUMNS = [
  'id',
  'name',
  'design',
  'preset_key as presetKey',
  'status',
  'created_by as createdBy',
  'created_at as createdAt',
  'updated_by as updatedBy',
  'updated_at as updatedAt',
] as const;

export async function listPrograms(db: Db, districtId: string): Promise<ProgramRow[]> {
  return db
    .selectFrom('incentive_programs')
    .select(PROGRAM_COLUMNS)
    .where('district_id', '=', districtId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getProgram(
  db: Db,
  districtId: string,
  id: string,
): Promise<ProgramRow | undefined> {
  return db
    .selectFrom('incentive_programs')
    .select(PROGRAM_COLUMNS)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertProgram(
  db: Db,
  row: {
    districtId: string;
    id: string;
    name: string;
    design: unknown;
    presetKey: string | null;
    status: 'draft' | 'active';
    userId: string;
  },
): Promise<void> {
  await db
    .insertInto('incentive_programs')
    .values({
      district_id: row.districtId,
      id: row.id,
      name: row.name,
      design: JSON.stringify(row.design),
      preset_key: row.presetKey,
      status: row.status,
      created_by: row.userId,
      updated_by: row.userId,
    })
    .execute();
}

export async function updateProgram(
  db: Db,
  districtId: string,
  id: string,
  change: { name: string; design: unknown; status: 'draft' | 'active'; userId: string },
): Promise<void> {
  await db
    .updateTable('incentive_programs')
    .set({
      name: change.name,
      design: JSON.stringify(change.design),
      status: change.status,
      updated_by: change.userId,
      updated_at: new Date(),
    })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** The school years with staff assignments, ascending. */
export async function listStaffYears(db: Db, districtId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('staff_assignments')
    .select('school_year')
    .distinct()
    .where('district_id', '=', districtId)
    .orderBy('school_year')
    .execute();
  return rows.map((r) => r.school_year);
}

export interface StaffYearRow {
  staffId: string;
  firstName: string;
  lastName: string;
  schoolId: string;
  schoolYear: number;
  role: StaffRole;
  fte: number;
  yearsExperience: number | null;
  rating: string | null;
}

/**
 * Every assignment in the given years with the person's rating that year. Confidential: the
 * caller shows individual rows only to those allowed, and audits it.
 */
export async function listStaffWithRatings(
  db: Db,
  districtId: string,
  years: readonly number[],
): Promise<StaffYearRow[]> {
  if (years.length === 0) return [];
  return db
    .selectFrom('staff_assignments as a')
    .innerJoin('staff as s', (join) =>
      join.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.staff_id'),
    )
    .leftJoin('staff_ratings as r', (join) =>
      join
        .onRef('r.district_id', '=', 'a.district_id')
        .onRef('r.staff_id', '=', 'a.staff_id')
        .onRef('r.school_year', '=', 'a.school_year'),
    )
    .select([
      'a.staff_id as staffId',
      's.first_name as firstName',
      's.last_name as lastName',
      'a.school_id as schoolId',
      'a.school_year as schoolYear',
      'a.role',
      'a.fte',
      'a.years_experience as yearsExperience',
      'r.rating',
    ])
    .where('a.district_id', '=', districtId)
    .where('a.school_year', 'in', [...years])
    .orderBy('a.school_year')
    .orderBy('a.staff_id')
    .orderBy('a.school_id')
    .execute();
}

export interface AwardRow {
  id: string;
  staffId: string;
  firstName: string;
  lastName: string;
  schoolYear: number;
  amountCents: number;
  paidOn: string | null;
  uploadId: string | null;
  recordedAt: Date;
}

export async function listAwards(db: Db, districtId: string, programId: string) {
  const rows = await db
    .selectFrom('incentive_awards as w')
    .innerJoin('staff as s', (join) =>
      join.onRef('s.district_id', '=', 'w.district_id').onRef('s.id', '=', 'w.staff_id'),
    )
    .select((eb) => [
      'w.id',
      'w.staff_id as staffId',
      's.first_name as firstName',
      's.last_name as lastName',
      'w.school_year as schoolYear',
      'w.amount_cents as amountCents',
      eb.fn<string | null>('to_char', ['w.paid_on', eb.val('YYYY-MM-DD')]).as('paidOn'),
      'w.upload_id as uploadId',
      'w.recorded_at as recordedAt',
    ])
    .where('w.district_id', '=', districtId)
    .where('w.program_id', '=', programId)
    .orderBy('w.school_year', 'desc')
    .orderBy('s.last_name')
    .orderBy('w.staff_id')
    .execute();
  // integer columns arrive as numbers from both drivers; Number() guards a bigint-as-string.
  return rows.map((r): AwardRow => ({ ...r, amountCents: Number(r.amountCents) }));
}

export interface AwardInsert {
  id: string;
  staffId: string;
  schoolYear: number;
  amountCents: number;
  paidOn: string | null;
}

/** Writes every award in one transaction: all of them, or none (a duplicate fails them all). */
export async function insertAwards(
  db: Db,
  districtId: string,
  programId: string,
  awards: readonly AwardInsert[],
  meta: { uploadId: string | null; userId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < awards.length; i += 500) {
      await trx
        .insertInto('incentive_awards')
        .values(
          awards.slice(i, i + 500).map((a) => ({
            district_id: districtId,
            id: a.id,
            program_id: programId,
            staff_id: a.staffId,
            school_year: a.schoolYear,
            amount_cents: a.amountCents,
            paid_on: a.paidOn,
            upload_id: meta.uploadId,
            recorded_by: meta.userId,
          })),
        )
        .execute();
    }
  });
}

/** Which of these awards (person, year) the program already has. */
export async function findExistingAwards(
  db: Db,
  districtId: string,
  programId: string,
  staffIds: readonly string[],
): Promise<Array<{ staffId: string; schoolYear: number }>> {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('incentive_awards')
    .select(['staff_id as staffId', 'school_year as schoolYear'])
    .where('district_id', '=', districtId)
    .where('program_id', '=', programId)
    .where('staff_id', 'in', [...new Set(staffIds)])
    .execute();
}

/** Which of these ids are people on the district's staff. */
export async function findStaffIds(
  db: Db,
  districtId: string,
  staffIds: readonly string[],
): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', 'in', [...new Set(staffIds)])
    .execute();
  return new Set(rows.map((r) => r.id));
}
