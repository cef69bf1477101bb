// The equity test district (issue 5), shared by the service and API tests: eight schools whose
// staff are laid out so every rate can be worked by hand. See roster() for the layout.
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { insertStaffRows, type StaffRows } from '../db/queries/staff.ts';
import type {
  StaffAssignmentsTable,
  StaffCredentialsTable,
  StaffRatingsTable,
  StaffTable,
} from '../db/schema.ts';
export const SCHOOLS = 8;
export const YEARS = [2018, 2019] as const;
/** School i: poverty 10 + 10i (S7 highest), minority the reverse; S3 has only 5 teachers. */
export const poverty = (i: number) => 10 + 10 * i;
export const minority = (i: number) => 80 - 10 * i;
const teachersAt = (i: number) => (i === 3 ? 5 : 12);

export interface Teacher {
  id: string;
  school: number;
  year: number;
  experience: number;
  rating: string;
  licence: 'full' | 'provisional';
  inField: boolean;
}

/**
 * 2018: teacher t at school i; the first i teachers (t < i) leave after 2018 and are replaced by
 * newcomers; S7's t = 9 moves to S0. Experience: t < i → t % 3 years (0, 1, 2), else 10.
 * Rating: t < 2 Needs Improvement, t ≥ 10 Highly Effective, else Effective. One provisional
 * licence (t = 4) in schools 4–7; t = 5 is out of field in schools 5–7.
 */
function roster(): Teacher[] {
  const out: Teacher[] = [];
  for (const year of YEARS) {
    for (let i = 0; i < SCHOOLS; i++) {
      for (let t = 0; t < teachersAt(i); t++) {
        const leftAfter2018 = t < i;
        const id = year === 2019 && leftAfter2018 ? `new-${i}-${t}` : `T-${i}-${t}`;
        const movedTo0 = year === 2019 && i === 7 && t === 9;
        out.push({
          id,
          school: movedTo0 ? 0 : i,
          year,
          experience: t < i ? t % 3 : 10,
          rating: t < 2 ? 'Needs Improvement' : t >= 10 ? 'Highly Effective' : 'Effective',
          licence: i >= 4 && t === 4 ? 'provisional' : 'full',
          inField: !(i >= 5 && t === 5),
        });
      }
    }
  }
  return out;
}
export const TEACHERS = roster();

/** Creates the district and its data; returns the district id. */
export async function seedEquityDistrict(db: Db): Promise<string> {
  const districtId = (await makeDistrict(db, { name: 'Equity County' })).id;
  for (const [key, unit] of [
    ['pct_econ_disadv', 'percent'],
    ['pct_minority', 'percent'],
    ['enrollment', 'count'],
    ['teachers_count', 'count'],
    ['pct_teachers_beginning', 'percent'],
  ] as const) {
    await makeMeasure(db, districtId, { key, unit, category: 'profile' });
  }
  const batch = await makeBatch(db, districtId);
  for (let i = 0; i < SCHOOLS; i++) {
    await makeSchool(db, districtId, { id: `S${i}`, name: `School ${i}` });
  }
  // Shares published for 2019 only: 2018 borrows them (the nearest year).
  await makeMeasureValues(
    db,
    Array.from({ length: SCHOOLS }, (_, i) => [
      { measure_key: 'pct_econ_disadv', value: poverty(i) },
      { measure_key: 'pct_minority', value: minority(i) },
      { measure_key: 'enrollment', value: 100 * (i + 1) },
      { measure_key: 'teachers_count', value: 20 },
      // Published beginning teachers: 5% × i, n = 20.
      { measure_key: 'pct_teachers_beginning', value: 5 * i, n: 20 },
    ]).flatMap((rows, i) =>
      rows.map((r) => ({ ...r, district_id: districtId, school_id: `S${i}`, school_year: 2019 })),
    ),
    batch,
  );
  const rows = {
    staff: [] as Insertable<StaffTable>[],
    assignments: [] as Insertable<StaffAssignmentsTable>[],
    ratings: [] as Insertable<StaffRatingsTable>[],
    credentials: [] as Insertable<StaffCredentialsTable>[],
  } satisfies StaffRows;
  const people = new Set<string>();
  const base = { district_id: districtId, batch_id: null };
  for (const t of TEACHERS) {
    if (!people.has(t.id)) {
      people.add(t.id);
      rows.staff.push({ ...base, id: t.id, first_name: 'A', last_name: t.id, is_synthetic: true });
      rows.credentials.push({
        ...base,
        staff_id: t.id,
        credential_id: `${t.id}-c`,
        status: t.licence,
        subject: null,
        issued_on: '2010-01-01',
        expires_on: null,
      });
    }
    rows.assignments.push({
      ...base,
      staff_id: t.id,
      school_id: `S${t.school}`,
      school_year: t.year,
      role: 'teacher',
      fte: 1,
      subject: null,
      is_in_field: t.inField,
      years_experience: t.experience,
    });
    rows.ratings.push({
      ...base,
      staff_id: t.id,
      school_year: t.year,
      rating: t.rating,
      rating_scale: 'NC EVAAS',
    });
  }
  // Principals: 1 year as principal in schools 4–7, 6 years elsewhere.
  for (let i = 0; i < SCHOOLS; i++) {
    const id = `P-${i}`;
    rows.staff.push({ ...base, id, first_name: 'P', last_name: id, is_synthetic: true });
    for (const year of YEARS) {
      rows.assignments.push({
        ...base,
        staff_id: id,
        school_id: `S${i}`,
        school_year: year,
        role: 'principal',
        fte: 1,
        subject: null,
        is_in_field: null,
        years_experience: i >= 4 ? 1 : 6,
      });
    }
  }
  await insertStaffRows(db, rows);
  return districtId;
}
