// Test data for the school-support tests (contracts, supports, practices, clusters): a district
// with schools, measures and one batch of results, and actors in each role. Built with the
// shared factories (src/db/factories.ts) on a real test database.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import type { Actor, Role } from '../domain/access/access.ts';

export function actorFor(
  districtId: string,
  role: Role,
  schoolId: string | null = null,
  staffId: string | null = null,
): Actor {
  return {
    userId: randomUUID(),
    districtId,
    username: `${role}-${schoolId ?? 'district'}`,
    displayName: role,
    staffId,
    grants: [{ role, schoolId }],
  };
}

export interface SupportFixture {
  districtId: string;
  schools: string[];
  batchId: string;
}

/**
 * Six schools S0…S5 with math proficiency for 2018 and 2019 (S0 rising 40 → 52; S1 a
 * suppressed 2019 figure; S2 a 2019 figure about 6 students), economic disadvantage, and two
 * staff members at S0.
 */
export async function makeSupportDistrict(db: Db): Promise<SupportFixture> {
  const districtId = (await makeDistrict(db, { name: 'Support County' })).id;
  const schools: string[] = [];
  for (let i = 0; i < 6; i++) {
    const s = await makeSchool(db, districtId, { id: `${districtId}-S${i}`, name: `School ${i}` });
    schools.push(String(s.id));
  }
  await makeMeasure(db, districtId, { key: 'math_proficiency', unit: 'percent' });
  await makeMeasure(db, districtId, {
    key: 'chronic_absence_rate',
    unit: 'percent',
    higher_is_better: false,
  });
  const batchId = await makeBatch(db, districtId);
  const at = (i: number, year: number) => ({
    district_id: districtId,
    school_id: schools[i] ?? '',
    school_year: year,
  });
  await makeMeasureValues(
    db,
    [
      { ...at(0, 2018), measure_key: 'math_proficiency', value: 40, n: 300 },
      { ...at(0, 2019), measure_key: 'math_proficiency', value: 52, n: 310 },
      { ...at(0, 2019), measure_key: 'chronic_absence_rate', value: 18, n: 310 },
      { ...at(1, 2018), measure_key: 'math_proficiency', value: 35, n: 200 },
      {
        ...at(1, 2019),
        measure_key: 'math_proficiency',
        value: null,
        n: 8,
        status: 'suppressed',
      },
      { ...at(2, 2018), measure_key: 'math_proficiency', value: 30, n: 40 },
      { ...at(2, 2019), measure_key: 'math_proficiency', value: 70, n: 6 },
    ],
    batchId,
  );
  for (const [id, school] of [
    ['T1', schools[0]],
    ['T2', schools[0]],
  ] as const) {
    await db
      .insertInto('staff')
      .values({
        district_id: districtId,
        id,
        first_name: id,
        last_name: 'Teacher',
        is_synthetic: true,
        batch_id: null,
      })
      .execute();
    await db
      .insertInto('staff_assignments')
      .values({
        district_id: districtId,
        staff_id: id,
        school_id: school ?? '',
        school_year: 2019,
        role: 'teacher',
        fte: 1,
        subject: null,
        is_in_field: null,
        years_experience: 3,
        batch_id: null,
      })
      .execute();
  }
  return { districtId, schools, batchId };
}
