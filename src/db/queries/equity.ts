// The reads behind the equity report and retention (issue 5): the district's schools, the
// school-level shares and published staffing figures, and the person-level staff records — each
// assignment with the year's rating and the licence in force that year. Ratings are read here only
// to be counted into aggregates (DOMAIN.md §2: aggregates are not individual ratings); nothing
// from these rows is returned to a user person by person.
import { sql } from 'kysely';
import type { Db } from '../connection.ts';
import type { CredentialStatus, MeasureStatus, StaffRole } from '../schema.ts';

export interface EquitySchoolRow {
  id: string;
  name: string;
  /** The state's code for the school (NC: the 6-character agency code). */
  stateId: string | null;
}

export async function listEquitySchools(db: Db, districtId: string): Promise<EquitySchoolRow[]> {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'state_id as stateId'])
    .where('district_id', '=', districtId)
    .orderBy('id')
    .execute();
}

export interface EquityValueRow {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  value: number | null;
  n: number | null;
  status: MeasureStatus;
}

/** All-students values of the given measures, every year. */
export async function listEquityValues(
  db: Db,
  districtId: string,
  measureKeys: readonly string[],
): Promise<EquityValueRow[]> {
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
    .execute();
}

export interface EquityStaffRow {
  staffId: string;
  schoolId: string;
  schoolYear: number;
  role: StaffRole;
  fte: number;
  isInField: boolean | null;
  yearsExperience: number | null;
  rating: string | null;
  licence: CredentialStatus | null;
}

/**
 * Every staff assignment of the district with the person's rating for that school year and the
 * licence in force during it. The licence rule is listSchoolStaff's (src/db/queries/staff.ts):
 * school year Y runs 1 July Y−1 to 30 June Y; a credential counts if in force at any time in that
 * span, the most recently issued winning. Done once per person-year with DISTINCT ON rather than
 * a lateral subquery per row, so a whole district is one hash join.
 */
export async function listEquityStaff(
  db: Db,
  districtId: string,
  years?: { from: number; to: number },
): Promise<EquityStaffRow[]> {
  const from = years?.from ?? 0;
  const to = years?.to ?? 9999;
  const result = await sql<EquityStaffRow>`
    with person_years as (
      select distinct staff_id, school_year
      from staff_assignments
      where district_id = ${districtId} and school_year between ${from} and ${to}
    ),
    licences as (
      select distinct on (py.staff_id, py.school_year) py.staff_id, py.school_year, c.status
      from person_years py
      join staff_credentials c
        on c.district_id = ${districtId}
       and c.staff_id = py.staff_id
       and (c.issued_on is null or c.issued_on <= make_date(py.school_year, 6, 30))
       and (c.expires_on is null or c.expires_on >= make_date(py.school_year - 1, 7, 1))
      order by py.staff_id, py.school_year, c.issued_on desc nulls last, c.credential_id
    )
    select a.staff_id as "staffId",
           a.school_id as "schoolId",
           a.school_year as "schoolYear",
           a.role,
           a.fte,
           a.is_in_field as "isInField",
           a.years_experience as "yearsExperience",
           r.rating,
           l.status as licence
    from staff_assignments a
    left join staff_ratings r
      on r.district_id = a.district_id and r.staff_id = a.staff_id and r.school_year = a.school_year
    left join licences l on l.staff_id = a.staff_id and l.school_year = a.school_year
    where a.district_id = ${districtId} and a.school_year between ${from} and ${to}
    order by a.school_year, a.staff_id, a.school_id, a.role
  `.execute(db);
  return result.rows.map((r) => ({ ...r, fte: Number(r.fte) }));
}

/** The school years with staff assignments, oldest first. */
export async function listEquityStaffYears(db: Db, districtId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('staff_assignments')
    .select('school_year')
    .distinct()
    .where('district_id', '=', districtId)
    .orderBy('school_year')
    .execute();
  return rows.map((r) => r.school_year);
}

export async function getEquityDistrict(db: Db, districtId: string) {
  return db
    .selectFrom('districts')
    .select(['id', 'name', 'state'])
    .where('id', '=', districtId)
    .executeTakeFirst();
}
