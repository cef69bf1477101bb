// Staff: the staffing aggregates synthetic staff are generated from, the chunked write of staff
// rows, and the reads other features build on. Ratings are read apart from everything else:
// they are confidential personnel records (DOMAIN.md §2) and the caller audits each read.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  CredentialStatus,
  MeasureStatus,
  SchoolLevel,
  StaffAssignmentsTable,
  StaffCredentialsTable,
  StaffRatingsTable,
  StaffRole,
  StaffTable,
} from '../schema.ts';

// Rows per INSERT: a few hundred keeps each statement well under PostgreSQL's 65,535 bind
// parameters (10 columns × 500 rows) and the number of round trips low.
const CHUNK_ROWS = 500;

export interface StaffRows {
  staff: readonly Insertable<StaffTable>[];
  assignments: readonly Insertable<StaffAssignmentsTable>[];
  ratings: readonly Insertable<StaffRatingsTable>[];
  credentials: readonly Insertable<StaffCredentialsTable>[];
}

/** Writes staff first (the other tables reference it), each table in multi-row chunks. */
export async function insertStaffRows(db: Db, rows: StaffRows): Promise<void> {
  for (const chunk of chunks(rows.staff)) await db.insertInto('staff').values(chunk).execute();
  for (const chunk of chunks(rows.assignments)) {
    await db.insertInto('staff_assignments').values(chunk).execute();
  }
  for (const chunk of chunks(rows.ratings)) {
    await db.insertInto('staff_ratings').values(chunk).execute();
  }
  for (const chunk of chunks(rows.credentials)) {
    await db.insertInto('staff_credentials').values(chunk).execute();
  }
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}

export async function hasSyntheticStaff(db: Db, districtId: string): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('district_id', '=', districtId)
    .where('is_synthetic', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Locks the district row for the rest of the transaction; false if there is no such district. */
export async function lockDistrict(db: Db, districtId: string): Promise<boolean> {
  const row = await db
    .selectFrom('districts')
    .select('id')
    .where('id', '=', districtId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function listSchoolLevels(
  db: Db,
  districtId: string,
): Promise<Array<{ id: string; level: SchoolLevel }>> {
  return db
    .selectFrom('schools')
    .select(['id', 'level'])
    .where('district_id', '=', districtId)
    .orderBy('id')
    .execute();
}

export interface StaffingAggregateRow {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  value: number | null;
  n: number | null;
  status: MeasureStatus;
}

/** The district's all-students values of the given measures, every year and status. */
export async function loadStaffingAggregates(
  db: Db,
  districtId: string,
  measureKeys: readonly string[],
): Promise<StaffingAggregateRow[]> {
  if (measureKeys.length === 0) return [];
  return db
    .selectFrom('measure_values')
    .select([
      'school_id as schoolId',
      'school_year as schoolYear',
      'measure_key as measureKey',
      'value',
      'n',
      'status',
    ])
    .where('district_id', '=', districtId)
    .where('student_group', '=', 'all')
    .where('measure_key', 'in', [...measureKeys])
    .orderBy('school_id')
    .orderBy('school_year')
    .orderBy('measure_key')
    .execute();
}

export interface SchoolStaffMember {
  staffId: string;
  firstName: string;
  lastName: string;
  isSynthetic: boolean;
  role: StaffRole;
  fte: number;
  subject: string | null;
  isInField: boolean | null;
  yearsExperience: number | null;
  /** The licence in force during the school year, if any. */
  credentialStatus: CredentialStatus | null;
}

/**
 * A school's staff in one school year, with licence status and experience — never ratings (see
 * getStaffRatings). School year Y runs from 1 July of Y−1 to 30 June of Y (NC DPI's report-card
 * year is the spring year); a licence counts if it was in force at any time in that span, the most
 * recently issued one winning.
 */
export async function listSchoolStaff(
  db: Db,
  districtId: string,
  schoolId: string,
  schoolYear: number,
): Promise<SchoolStaffMember[]> {
  const yearStart = `${schoolYear - 1}-07-01`;
  const yearEnd = `${schoolYear}-06-30`;
  return db
    .selectFrom('staff_assignments as a')
    .innerJoin('staff as s', (join) =>
      join.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.staff_id'),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('staff_credentials as c')
          .select('c.status')
          .whereRef('c.district_id', '=', 'a.district_id')
          .whereRef('c.staff_id', '=', 'a.staff_id')
          .where((w) => w.or([w('c.issued_on', 'is', null), w('c.issued_on', '<=', yearEnd)]))
          .where((w) => w.or([w('c.expires_on', 'is', null), w('c.expires_on', '>=', yearStart)]))
          .orderBy(sql`c.issued_on desc nulls last`)
          .limit(1)
          .as('cred'),
      (join) => join.onTrue(),
    )
    .select([
      'a.staff_id as staffId',
      's.first_name as firstName',
      's.last_name as lastName',
      's.is_synthetic as isSynthetic',
      'a.role',
      'a.fte',
      'a.subject',
      'a.is_in_field as isInField',
      'a.years_experience as yearsExperience',
      'cred.status as credentialStatus',
    ])
    .where('a.district_id', '=', districtId)
    .where('a.school_id', '=', schoolId)
    .where('a.school_year', '=', schoolYear)
    .orderBy('a.role')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('a.staff_id')
    .execute();
}

export interface StaffRating {
  staffId: string;
  schoolYear: number;
  rating: string;
  ratingScale: string;
}

/** Ratings of the given people in one school year. Confidential: the caller audits the read. */
export async function getStaffRatings(
  db: Db,
  districtId: string,
  staffIds: readonly string[],
  schoolYear: number,
): Promise<StaffRating[]> {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('staff_ratings')
    .select([
      'staff_id as staffId',
      'school_year as schoolYear',
      'rating',
      'rating_scale as ratingScale',
    ])
    .where('district_id', '=', districtId)
    .where('school_year', '=', schoolYear)
    .where('staff_id', 'in', [...staffIds])
    .orderBy('staff_id')
    .execute();
}

/** The school years in which a school has at least one staff assignment, oldest first. */
export async function listStaffYears(db: Db, districtId: string, schoolId: string) {
  const rows = await db
    .selectFrom('staff_assignments')
    .select('school_year')
    .distinct()
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .orderBy('school_year')
    .execute();
  return rows.map((r) => r.school_year);
}
