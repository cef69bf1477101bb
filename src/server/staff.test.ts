import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestApp, signedInClient, type TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let districtId: string;

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  const db = handle.db;
  districtId = (await makeDistrict(db)).id;
  await makeSchool(db, districtId, { id: 'A', name: 'Alpha' });
  await makeSchool(db, districtId, { id: 'B', name: 'Beta' });
  await db
    .insertInto('staff')
    .values([
      {
        district_id: districtId,
        id: 'T1',
        first_name: 'Ada',
        last_name: 'One',
        is_synthetic: true,
        batch_id: null,
      },
      {
        district_id: districtId,
        id: 'T2',
        first_name: 'Ben',
        last_name: 'Two',
        is_synthetic: true,
        batch_id: null,
      },
    ])
    .execute();
  await db
    .insertInto('staff_assignments')
    .values([
      {
        district_id: districtId,
        staff_id: 'T1',
        school_id: 'A',
        school_year: 2019,
        role: 'teacher',
        fte: 1,
        subject: 'Math',
        is_in_field: true,
        years_experience: 2,
        batch_id: null,
      },
      {
        district_id: districtId,
        staff_id: 'T2',
        school_id: 'B',
        school_year: 2019,
        role: 'teacher',
        fte: 1,
        subject: 'ELA',
        is_in_field: true,
        years_experience: 9,
        batch_id: null,
      },
    ])
    .execute();
  await db
    .insertInto('staff_ratings')
    .values({
      district_id: districtId,
      staff_id: 'T1',
      school_year: 2019,
      rating: 'Effective',
      rating_scale: 'NC EVAAS',
      batch_id: null,
    })
    .execute();
});
afterAll(() => handle.close());

const client = (username: string, role: 'principal' | 'hr' | 'analyst', schoolIds: string[] = []) =>
  signedInClient(app, handle, { districtId, username, displayName: username, role, schoolIds });

describe('school staff API', () => {
  let principalA: TestClient;
  beforeAll(async () => {
    principalA = await client('principal.a', 'principal', ['A']);
  });

  it('shows a principal their own school’s staff without ratings', async () => {
    const res = await principalA.request('GET', '/api/schools/A/staff');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      year: number;
      isSynthetic: boolean;
      staff: Array<{ name: string; rating: string | null }>;
    };
    expect(body.year).toBe(2019);
    expect(body.isSynthetic).toBe(true);
    expect(body.staff).toEqual([expect.objectContaining({ name: 'Ada One', rating: null })]);
  });

  it('refuses a principal another school’s staff with 403', async () => {
    const res = await principalA.request('GET', '/api/schools/B/staff');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Ben');
  });

  it('refuses an analyst individual staff records', async () => {
    const analyst = await client('ana.lyst', 'analyst');
    expect((await analyst.request('GET', '/api/schools/A/staff')).status).toBe(403);
  });

  it('audits every read of an individual rating', async () => {
    const before = await handle.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'rating_read')
      .execute();
    const res = await principalA.request('GET', '/api/schools/A/staff?ratings=true');
    const body = (await res.json()) as { staff: Array<{ rating: string | null }> };
    expect(body.staff[0]?.rating).toBe('Effective');
    const events = await handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'rating_read')
      .execute();
    expect(events.length - before.length).toBe(1);
    expect(events.at(-1)).toMatchObject({ subject_type: 'staff', subject_id: 'T1' });
  });

  it('answers an unknown school with 404 and a bad year with 400', async () => {
    const hr = await client('h.r', 'hr');
    expect((await hr.request('GET', '/api/schools/ZZZ/staff')).status).toBe(404);
    const bad = await hr.request('GET', '/api/schools/A/staff?year=abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: Array<{ field: string }> }).problems[0]?.field).toBe(
      'year',
    );
  });
});
