// A small district for the incentive, allocation and funding tests, built with the factories:
// 12 schools whose poverty rises with their number (S00 10% … S11 87%), report-card figures for
// 2018 and 2019 (so the diagnostics give a need index and identification), and 20 teachers per
// school in both years with ratings and a known pattern of who stays, moves or leaves.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { insertStaffRows } from '../db/queries/staff.ts';
import type { GrantRole } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { insertUser } from '../db/queries/users.ts';

export const SCHOOLS = 12;
export const TEACHERS_PER_SCHOOL = 20;
export const poverty = (i: number) => 10 + 7 * i;
export const schoolId = (i: number) => `S${String(i).padStart(2, '0')}`;

/** 2019 rating: every 5th teacher Highly Effective; more Needs Improvement in poorer schools. */
export function ratingOf(i: number, j: number): string {
  if (j % 5 === 0) return 'Highly Effective';
  if (j % 7 === 3 || (i >= 9 && j % 4 === 1)) return 'Needs Improvement';
  return 'Effective';
}

/** 2018 → 2019: j % 6 === 1 leaves; j % 6 === 2 in schools ≥ 6 moves to the next school down. */
function fate(j: number, i: number): 'stay' | 'leave' | 'move' {
  if (j % 6 === 1) return 'leave';
  if (j % 6 === 2 && i >= 6) return 'move';
  return 'stay';
}

export interface IncentiveWorld {
  districtId: string;
  actors: Record<'leader' | 'hr' | 'finance' | 'analyst' | 'principal', Actor>;
}

export async function buildIncentiveWorld(db: Db): Promise<IncentiveWorld> {
  const districtId = (await makeDistrict(db, { name: 'Incentive County' })).id;
  for (let i = 0; i < SCHOOLS; i++) {
    await makeSchool(db, districtId, {
      id: schoolId(i),
      name: `School ${String(i).padStart(2, '0')}`,
      grade_span: i % 2 === 0 ? 'K-5' : '6-8',
      level: i % 2 === 0 ? 'elementary' : 'middle',
      is_title_i: i >= 6,
    });
  }
  for (const [key, unit, category] of [
    ['spg_score', 'score', 'outcome'],
    ['spg_grade', 'grade', 'outcome'],
    ['growth_status', 'status', 'outcome'],
    ['pct_econ_disadv', 'percent', 'profile'],
    ['pct_el', 'percent', 'profile'],
    ['pct_swd', 'percent', 'profile'],
    ['enrollment', 'count', 'profile'],
  ] as const) {
    await makeMeasure(db, districtId, { key, unit, category });
  }
  const batch = await makeBatch(db, districtId);
  await makeMeasureValues(
    db,
    [2018, 2019].flatMap((year) =>
      Array.from({ length: SCHOOLS }, (_, i) => {
        const at = { district_id: districtId, school_id: schoolId(i), school_year: year };
        const grade = i >= 10 ? 'D' : 'B';
        return [
          { ...at, measure_key: 'spg_score', value: 90 - 0.5 * poverty(i) + (i % 3), n: 300 },
          { ...at, measure_key: 'pct_econ_disadv', value: poverty(i) },
          { ...at, measure_key: 'pct_el', value: 5 + (i % 4) * 3 },
          { ...at, measure_key: 'pct_swd', value: 10 + (i % 3) * 2 },
          { ...at, measure_key: 'enrollment', value: 400 + 25 * i },
          { ...at, measure_key: 'spg_grade', value_text: grade },
          { ...at, measure_key: 'growth_status', value_text: 'Met' },
        ];
      }).flat(),
    ),
    batch,
  );

  type Rows = Parameters<typeof insertStaffRows>[1];
  const staff = {
    staff: [] as Array<Rows['staff'][number]>,
    assignments: [] as Array<Rows['assignments'][number]>,
    ratings: [] as Array<Rows['ratings'][number]>,
    credentials: [] as Array<Rows['credentials'][number]>,
  };
  const person = (id: string) =>
    staff.staff.push({
      district_id: districtId,
      id,
      first_name: 'Teacher',
      last_name: id,
      is_synthetic: false,
    });
  const assign = (id: string, school: number, year: number, rating: string, years: number) => {
    staff.assignments.push({
      district_id: districtId,
      staff_id: id,
      school_id: schoolId(school),
      school_year: year,
      role: 'teacher',
      fte: 1,
      years_experience: years,
    });
    staff.ratings.push({
      district_id: districtId,
      staff_id: id,
      school_year: year,
      rating,
      rating_scale: 'NC EVAAS',
    });
  };
  for (let i = 0; i < SCHOOLS; i++) {
    for (let j = 0; j < TEACHERS_PER_SCHOOL; j++) {
      const id = `T${schoolId(i)}-${j}`;
      person(id);
      assign(id, i, 2018, ratingOf(i, j), j % 12);
      const f = fate(j, i);
      if (f === 'leave') {
        // A new teacher takes the place in 2019.
        const hire = `N${schoolId(i)}-${j}`;
        person(hire);
        assign(hire, i, 2019, ratingOf(i, j), 0);
      } else {
        assign(id, f === 'move' ? i - 1 : i, 2019, ratingOf(i, j), (j % 12) + 1);
      }
    }
  }
  await insertStaffRows(db, staff);

  const actorFor = async (username: string, role: GrantRole, schoolIds: string[] = []) => {
    // Straight into the table: these actors never sign in, so no password hashing (slow).
    const userId = randomUUID();
    const grants =
      schoolIds.length > 0
        ? schoolIds.map((s) => ({ role, schoolId: s }))
        : [{ role, schoolId: null }];
    await insertUser(
      db,
      {
        id: userId,
        districtId,
        username: `${username}-${districtId}`,
        displayName: username,
        passwordHash: 'not-a-hash',
        staffId: null,
        mustChangePassword: false,
      },
      grants,
    );
    return {
      userId,
      districtId,
      username,
      displayName: username,
      staffId: null,
      grants,
    } satisfies Actor;
  };
  return {
    districtId,
    actors: {
      leader: await actorFor('leader', 'district_leader'),
      hr: await actorFor('hr', 'hr'),
      finance: await actorFor('finance', 'finance'),
      analyst: await actorFor('analyst', 'analyst'),
      principal: await actorFor('principal', 'principal', [schoolId(11)]),
    },
  };
}
