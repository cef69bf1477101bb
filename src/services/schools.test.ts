import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { getDistrictOverview, getSchoolDetail } from './schools.ts';

let handle: DbHandle;
let actor: Actor;

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  const { id: districtId } = await makeDistrict(db, { name: 'Test County' });
  actor = {
    userId: 'u',
    districtId,
    username: 'u',
    displayName: 'U',
    staffId: null,
    grants: [{ role: 'analyst', schoolId: null }],
  };
  await makeSchool(db, districtId, { id: 'A', name: 'Alpha Elementary' });
  await makeSchool(db, districtId, { id: 'B', name: 'Beta High', level: 'high' });
  await makeMeasure(db, districtId, { key: 'spg_score', unit: 'score' });
  await makeMeasure(db, districtId, { key: 'pct_econ_disadv', category: 'profile' });
  await makeMeasure(db, districtId, { key: 'grad_rate_4yr' });
  const batch = await makeBatch(db, districtId);
  await makeMeasureValues(
    db,
    [
      {
        district_id: districtId,
        school_id: 'A',
        school_year: 2018,
        measure_key: 'spg_score',
        value: 60,
      },
      {
        district_id: districtId,
        school_id: 'A',
        school_year: 2019,
        measure_key: 'spg_score',
        value: 64,
      },
      {
        district_id: districtId,
        school_id: 'A',
        school_year: 2019,
        measure_key: 'pct_econ_disadv',
        value: 41.5,
        n: 300,
      },
      {
        district_id: districtId,
        school_id: 'B',
        school_year: 2019,
        measure_key: 'pct_econ_disadv',
        value: 20,
        n: 8,
      },
      {
        district_id: districtId,
        school_id: 'B',
        school_year: 2019,
        measure_key: 'grad_rate_4yr',
        status: 'suppressed',
        value: null,
      },
      {
        district_id: districtId,
        school_id: 'A',
        school_year: 2019,
        measure_key: 'spg_score',
        student_group: 'swd',
        value: 30,
      },
    ],
    batch,
  );
});
afterAll(() => handle.close());

describe('district overview', () => {
  it('gives each school its latest all-students value per headline measure', async () => {
    const overview = await getDistrictOverview(handle.db, actor);
    expect(overview.district.name).toBe('Test County');
    expect(overview.years).toEqual([2018, 2019]);
    const alpha = overview.schools.find((s) => s.id === 'A');
    expect(alpha?.figures.spg_score).toMatchObject({ year: 2019, value: 64, status: 'reported' });
    expect(alpha?.figures.pct_econ_disadv?.value).toBe(41.5);
  });

  it('suppresses a rate about fewer than 10 people and keeps suppressed apart from missing', async () => {
    const beta = (await getDistrictOverview(handle.db, actor)).schools.find((s) => s.id === 'B');
    expect(beta?.figures.pct_econ_disadv).toMatchObject({
      status: 'suppressed',
      value: null,
      marker: 'n<10',
    });
    expect(beta?.figures.grad_rate_4yr).toMatchObject({ status: 'suppressed', value: null });
    expect(beta?.figures.spg_score).toBeUndefined();
  });
});

describe('school detail', () => {
  it('returns every series over the years, all students first, with its source batch', async () => {
    const detail = await getSchoolDetail(handle.db, actor, 'A');
    const spg = detail.series.filter((s) => s.measure.key === 'spg_score');
    expect(spg.map((s) => s.studentGroup)).toEqual(['all', 'swd']);
    expect(spg[0]?.points.map((p) => p.value)).toEqual([60, 64]);
    expect(detail.sources).toHaveLength(1);
    expect(detail.sources[0]?.fileName).toBe('factory.csv');
  });

  it('is a not-found error for an unknown school', async () => {
    await expect(getSchoolDetail(handle.db, actor, 'nope')).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
