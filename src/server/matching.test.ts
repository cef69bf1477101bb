// The matching API (issue #6) through app.request(): residencies and posts round-trip, roles are
// enforced by the services, mutations need the CSRF header, and the routes are in the OpenAPI
// document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestApp, signedInClient, type TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let leader: TestClient;
let teacher: TestClient;
let districtId: string;

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  const db = handle.db;
  districtId = (await makeDistrict(db)).id;
  await makeSchool(db, districtId, { id: 'A', name: 'Alpha' });
  await makeSchool(db, districtId, { id: 'B', name: 'Beta' });
  await db
    .insertInto('staff')
    .values(
      ['R1', 'M1', 'P1'].map((id) => ({
        district_id: districtId,
        id,
        first_name: id,
        last_name: 'Person',
        is_synthetic: true,
        batch_id: null,
      })),
    )
    .execute();
  await db
    .insertInto('staff_assignments')
    .values({
      district_id: districtId,
      staff_id: 'P1',
      school_id: 'A',
      school_year: 2019,
      role: 'principal',
      fte: 1,
      subject: null,
      is_in_field: null,
      years_experience: 6,
      batch_id: null,
    })
    .execute();
  leader = await signedInClient(app, handle, {
    districtId,
    username: 'leader',
    displayName: 'Leader',
    role: 'district_leader',
  });
  teacher = await signedInClient(app, handle, {
    districtId,
    username: 'teacher',
    displayName: 'Teacher',
    role: 'teacher',
    schoolIds: ['A'],
  });
}, 300_000);
afterAll(() => handle.close());

const residency = {
  residentStaffId: 'R1',
  firstSchoolId: 'A',
  firstMentorStaffId: 'P1',
  secondSchoolId: 'B',
  startsOn: '2018-08-01',
  endsOn: '2019-06-30',
  status: 'completed',
};

describe('matching API', () => {
  it('creates, lists, changes and deletes a residency', async () => {
    const created = await leader.request('POST', '/api/residencies', residency);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const list = (await (await leader.request('GET', '/api/residencies')).json()) as {
      residencies: Array<{ id: string; residentName: string; firstMentorName: string }>;
    };
    expect(list.residencies).toMatchObject([
      { id, residentName: 'R1 Person', firstMentorName: 'P1 Person' },
    ]);
    expect(
      (await leader.request('PUT', `/api/residencies/${id}`, { ...residency, note: 'x' })).status,
    ).toBe(204);
    const same = await leader.request('POST', '/api/residencies', {
      ...residency,
      secondSchoolId: 'A',
    });
    expect(same.status).toBe(400);
    expect((await leader.request('DELETE', `/api/residencies/${id}`)).status).toBe(204);
  });

  it('opens a post and places the resident there; a teacher may not', async () => {
    await leader.request('POST', '/api/residencies', residency);
    const post = await leader.request('POST', '/api/matching/principals/posts', {
      schoolId: 'B',
      schoolYear: 2020,
      reason: 'new_school',
    });
    expect(post.status).toBe(201);
    const solved = await leader.request('POST', '/api/matching/principals/solve', { maxMoves: 0 });
    expect(solved.status).toBe(200);
    const view = (await solved.json()) as {
      recommendations: Array<{
        principalId: string;
        schoolId: string;
        kind: string;
        explanation: string[];
      }>;
    };
    expect(view.recommendations).toMatchObject([
      { principalId: 'R1', schoolId: 'B', kind: 'aspiring' },
    ]);
    const recorded = await leader.request('POST', '/api/matching/principals/runs', { maxMoves: 0 });
    expect(recorded.status).toBe(201);
    const { id } = (await recorded.json()) as { id: string };
    const csv = await leader.request('GET', `/api/matching/principals/runs/${id}/csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('R1 Person');
    expect((await teacher.request('POST', '/api/matching/principals/solve', {})).status).toBe(403);
    expect((await teacher.request('POST', '/api/matching/partners/solve', {})).status).toBe(403);
    expect((await teacher.request('GET', '/api/residencies')).status).toBe(403);
  });

  it('refuses a mutation without the CSRF header, and documents the routes', async () => {
    const res = await leader.request('POST', '/api/residencies', residency, {
      'x-csrf-token': 'wrong',
    });
    expect(res.status).toBe(403);
    const doc = (await (await leader.request('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/matching/partners/solve',
        '/matching/partners/runs/{runId}/csv',
        '/matching/principals/runs',
        '/residencies/{id}',
      ]),
    );
  });
});
