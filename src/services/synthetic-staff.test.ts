import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { getStaffRatings, listSchoolStaff } from '../db/queries/staff.ts';
import type { MeasureStatus, SchoolLevel } from '../db/schema.ts';
import { createTestDb } from '../db/testing.ts';
import { STAFFING_MEASURE_KEYS } from '../domain/staff/synthetic.ts';
import { seedSyntheticStaff, type SeedSyntheticStaffResult } from './synthetic-staff.ts';

// Three schools × two years of published figures, shaped like NC's: experience bands and licences
// in 2018; beginning and provisional teachers (n = teachers) and EVAAS ratings (n = rated) in 2019.
type Figure = [measureKey: string, value: number | null, n?: number];
const FIGURES: Record<string, Record<number, Figure[]>> = {
  S1: {
    2018: [
      ['teachers_count', 40],
      ['pct_teachers_0_3yrs', 25], // 10
      ['pct_teachers_4_10yrs', 30], // 12
      ['pct_teachers_11plus_yrs', 45], // 18
      ['pct_teachers_fully_licensed', 95], // 38
      ['pct_teachers_lateral_entry', 5], // 2
    ],
    2019: [
      ['teachers_count', 42],
      ['pct_teachers_beginning', 19.0476, 42], // 8
      ['pct_teachers_provisional', 4.7619, 42], // 2
      ['pct_teacher_turnover', 10], // 4 of last year's 40 leave
      ['pct_teachers_needs_improvement', 10, 40], // 4
      ['pct_teachers_effective', 70, 40], // 28
      ['pct_teachers_highly_effective', 20, 40], // 8
      ['pct_principals_inexperienced', 100, 1],
    ],
  },
  S2: {
    2018: [
      ['teachers_count', 30],
      ['pct_teachers_0_3yrs', 20], // 6
      ['pct_teachers_4_10yrs', 40], // 12
      ['pct_teachers_11plus_yrs', 40], // 12
      ['pct_teachers_fully_licensed', 100],
      ['pct_teachers_lateral_entry', 0],
    ],
    2019: [
      ['teachers_count', 30],
      ['pct_teachers_beginning', 20, 30], // 6
      ['pct_teachers_provisional', 3.3333, 30], // 1
      ['pct_teachers_needs_improvement', null], // suppressed: the remainder, 25 − 15 − 5 = 5
      ['pct_teachers_effective', 60, 25], // 15
      ['pct_teachers_highly_effective', 20, 25], // 5
    ],
  },
  S3: {
    2018: [
      ['teachers_count', 25],
      ['pct_teachers_0_3yrs', 12], // 3
      ['pct_teachers_4_10yrs', 28], // 7
      ['pct_teachers_11plus_yrs', 60], // 15
    ],
    2019: [
      ['teachers_count', null], // suppressed: the nearest year's 25
      ['pct_teachers_beginning', 8], // 2 of 25
    ],
  },
};

describe('seedSyntheticStaff', () => {
  let handle: DbHandle;
  let districtId: string;
  let batchId: string;
  let result: SeedSyntheticStaffResult;

  beforeAll(async () => {
    handle = await createTestDb();
    const { db } = handle;
    districtId = (await makeDistrict(db)).id;
    const dataBatch = await makeBatch(db, districtId);
    for (const key of STAFFING_MEASURE_KEYS) {
      const unit = key === 'teachers_count' ? 'count' : 'percent';
      await makeMeasure(db, districtId, { key, category: 'staffing', unit });
    }
    const levels: Record<string, SchoolLevel> = { S1: 'elementary', S2: 'middle', S3: 'high' };
    for (const [schoolId, years] of Object.entries(FIGURES)) {
      await makeSchool(db, districtId, { id: schoolId, level: levels[schoolId] ?? 'other' });
      const rows = Object.entries(years).flatMap(([year, figures]) =>
        figures.map(([measure_key, value, n]) => {
          const status: MeasureStatus = value === null ? 'suppressed' : 'reported';
          return {
            district_id: districtId,
            school_id: schoolId,
            school_year: Number(year),
            measure_key,
            value,
            n: n ?? null,
            status,
          };
        }),
      );
      await makeMeasureValues(db, rows, dataBatch);
    }
    batchId = randomUUID();
    result = await seedSyntheticStaff(db, districtId, { batchId });
  });

  afterAll(async () => {
    await handle.close();
  });

  // Count of teachers per school-year matching a condition, straight from the tables.
  async function countTeachers(condition = sql`true`) {
    const { rows } = await sql<{ school_id: string; school_year: number; n: number }>`
      select a.school_id, a.school_year, count(*)::int as n
      from staff_assignments a
      left join staff_credentials c
        on c.district_id = a.district_id and c.staff_id = a.staff_id
       and c.issued_on <= make_date(a.school_year, 6, 30)
       and (c.expires_on is null or c.expires_on >= make_date(a.school_year - 1, 7, 1))
      where a.district_id = ${districtId} and a.role = 'teacher' and ${condition}
      group by a.school_id, a.school_year`.execute(handle.db);
    return Object.fromEntries(rows.map((r) => [`${r.school_id} ${r.school_year}`, r.n]));
  }

  it('writes as many teachers per school-year as published', async () => {
    expect(result.status).toBe('seeded');
    expect(await countTeachers()).toEqual({
      'S1 2018': 40,
      'S1 2019': 42,
      'S2 2018': 30,
      'S2 2019': 30,
      'S3 2018': 25,
      'S3 2019': 25,
    });
    expect(result.report?.fallbacks).toContainEqual(
      expect.objectContaining({
        schoolId: 'S3',
        schoolYear: 2019,
        measureKey: 'teachers_count',
        source: 'nearest_year',
      }),
    );
  });

  it('reproduces experience bands and beginning teachers', async () => {
    expect(await countTeachers(sql`a.years_experience <= 3 and a.school_year = 2018`)).toEqual({
      'S1 2018': 10,
      'S2 2018': 6,
      'S3 2018': 3,
    });
    expect(await countTeachers(sql`a.years_experience > 10 and a.school_year = 2018`)).toEqual({
      'S1 2018': 18,
      'S2 2018': 12,
      'S3 2018': 15,
    });
    expect(await countTeachers(sql`a.years_experience < 3 and a.school_year = 2019`)).toEqual({
      'S1 2019': 8,
      'S2 2019': 6,
      'S3 2019': 2,
    });
  });

  it('reproduces licence status', async () => {
    // S3 publishes no licence figures: the district median (2.5% lateral entry) gives 1 of 25.
    expect(await countTeachers(sql`c.status = 'lateral_entry' and a.school_year = 2018`)).toEqual({
      'S1 2018': 2,
      'S3 2018': 1,
    });
    expect(result.report?.fallbacks).toContainEqual(
      expect.objectContaining({
        schoolId: 'S3',
        schoolYear: 2018,
        measureKey: 'pct_teachers_lateral_entry',
        source: 'district_median',
        value: 2.5,
      }),
    );
    expect(await countTeachers(sql`c.status = 'full' and a.school_year = 2018`)).toMatchObject({
      'S1 2018': 38,
      'S2 2018': 30,
    });
    // S3 again by the median: 4.05% provisional of 25 is 1.
    expect(await countTeachers(sql`c.status = 'provisional' and a.school_year = 2019`)).toEqual({
      'S1 2019': 2,
      'S2 2019': 1,
      'S3 2019': 1,
    });
    expect(await countTeachers(sql`c.status is null`)).toEqual({});
  });

  it('rates only where a distribution was published, in the published counts', async () => {
    const { rows } = await sql<{ school_id: string; rating: string; n: number }>`
      select a.school_id, r.rating, count(*)::int as n
      from staff_ratings r
      join staff_assignments a on a.district_id = r.district_id and a.staff_id = r.staff_id
       and a.school_year = r.school_year and a.role = 'teacher'
      where r.district_id = ${districtId}
      group by a.school_id, r.rating order by 1, 2`.execute(handle.db);
    expect(rows).toEqual([
      { school_id: 'S1', rating: 'Effective', n: 28 },
      { school_id: 'S1', rating: 'Highly Effective', n: 8 },
      { school_id: 'S1', rating: 'Needs Improvement', n: 4 },
      { school_id: 'S2', rating: 'Effective', n: 15 },
      { school_id: 'S2', rating: 'Highly Effective', n: 5 },
      { school_id: 'S2', rating: 'Needs Improvement', n: 5 },
    ]);
  });

  it('has one principal per school-year, and the published inexperienced one', async () => {
    const { rows } = await sql<{ school_id: string; school_year: number; n: number; yrs: number }>`
      select school_id, school_year, count(*)::int as n, max(years_experience)::int as yrs
      from staff_assignments where district_id = ${districtId} and role = 'principal'
      group by school_id, school_year order by 1, 2`.execute(handle.db);
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(rows.find((r) => r.school_id === 'S1' && r.school_year === 2019)?.yrs).toBeLessThan(3);
  });

  it('labels every row synthetic and tags it with the batch', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from staff
      where district_id = ${districtId}
        and (not is_synthetic or batch_id is distinct from ${batchId}::uuid)
      union all
      select count(*)::int from staff_assignments
      where district_id = ${districtId} and batch_id is distinct from ${batchId}::uuid
      union all
      select count(*)::int from staff_ratings
      where district_id = ${districtId} and batch_id is distinct from ${batchId}::uuid
      union all
      select count(*)::int from staff_credentials
      where district_id = ${districtId} and batch_id is distinct from ${batchId}::uuid`.execute(
      handle.db,
    );
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.n === 0)).toBe(true);
  });

  it('does nothing the second time', async () => {
    const before = await countTeachers();
    const again = await seedSyntheticStaff(handle.db, districtId, { batchId });
    expect(again.status).toBe('already_seeded');
    expect(await countTeachers()).toEqual(before);
  });

  it('lists a school’s staff without ratings, and reads ratings apart', async () => {
    const staff = await listSchoolStaff(handle.db, districtId, 'S1', 2019);
    expect(staff).toHaveLength(43);
    expect(staff.filter((s) => s.role === 'principal')).toHaveLength(1);
    const teachers = staff.filter((s) => s.role === 'teacher');
    expect(teachers.every((s) => s.isSynthetic && s.credentialStatus !== null)).toBe(true);
    expect(teachers.filter((s) => s.credentialStatus === 'provisional')).toHaveLength(2);
    expect(Object.keys(staff[0] ?? {})).not.toContain('rating');
    const ratings = await getStaffRatings(
      handle.db,
      districtId,
      teachers.map((s) => s.staffId),
      2019,
    );
    expect(ratings).toHaveLength(40);
    expect(await getStaffRatings(handle.db, districtId, [], 2019)).toEqual([]);
  });

  it('refuses an unknown district', async () => {
    await expect(seedSyntheticStaff(handle.db, 'nope', { batchId })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
