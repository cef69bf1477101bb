// Partner matching, principal placement and residencies on the demo district (Wake County, NC DPI
// files, with its synthetic staff): real data through the real services on an embedded database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor, Grant } from '../domain/access/access.ts';
import { levelsCompatible } from '../domain/matching/partners.ts';
import { createUser } from './auth.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import {
  getPartnerRun,
  listPartnerRuns,
  recordPartnerMatch,
  resolveRecordedPartnerRun,
  runPartnerMatch,
  setPartnerCapacity,
} from './matching.ts';
import {
  createPost,
  getPlacementRun,
  recordPlacement,
  runPlacement,
} from './principal-placement.ts';
import { createResidency, editResidency, listResidencies, removeResidency } from './residencies.ts';
import { seedSyntheticStaff } from './synthetic-staff.ts';

let handle: DbHandle;
const actors: Record<string, Actor> = {};

async function actor(name: string, grants: Grant[]): Promise<Actor> {
  const first = grants[0];
  const { userId } = await createUser(handle.db, {
    districtId: DEMO_DISTRICT.id,
    username: name,
    displayName: name,
    role: first?.role ?? 'teacher',
    schoolIds: grants.map((g) => g.schoolId).filter((s): s is string => s !== null),
  });
  return {
    userId,
    districtId: DEMO_DISTRICT.id,
    username: name,
    displayName: name,
    staffId: null,
    grants,
  };
}

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
  await seedSyntheticStaff(handle.db, DEMO_DISTRICT.id, { batchId: randomUUID() });
  actors.leader = await actor('leader', [{ role: 'district_leader', schoolId: null }]);
  actors.analyst = await actor('analyst', [{ role: 'analyst', schoolId: null }]);
}, 600_000);
afterAll(() => handle.close());

describe('partner matching on the demo district', () => {
  it('pairs identified schools with strong ones, within capacity, level and the same town', async () => {
    const m = await runPartnerMatch(handle.db, actors.leader!, { year: 2019 });
    console.log(
      `2019: ${m.needingCount} schools needing support, ${m.strongCount} strong; ${m.pairs.length} pairs, ${m.candidatePairs} candidate pairs`,
    );
    expect(m.needingCount).toBeGreaterThan(5);
    expect(m.pairs.length).toBeGreaterThan(0);
    // The demo files have no coordinates: the travel limit is the same town.
    expect(m.settings.travelLimit).toEqual({ kind: 'same_city' });
    const used = new Map<string, number>();
    for (const p of m.pairs) {
      used.set(p.partnerId, (used.get(p.partnerId) ?? 0) + 1);
      expect(p.shared.length).toBeGreaterThan(0);
      expect(p.reasons.join(' ')).toMatch(/Strong where/);
    }
    for (const [, n] of used) expect(n).toBeLessThanOrEqual(1);
    const partners = new Map(m.partners.map((p) => [p.id, p]));
    for (const p of m.pairs) expect(partners.get(p.partnerId)?.used).toBeLessThanOrEqual(1);
    void levelsCompatible;
  });

  it('honours a stated capacity, pins and forbids, and records a run that re-solves the same', async () => {
    const first = await runPartnerMatch(handle.db, actors.leader!, { year: 2019 });
    const pair = first.pairs[0];
    if (!pair) throw new Error('no pair to work with');
    await setPartnerCapacity(handle.db, actors.leader!, { schoolId: pair.partnerId, capacity: 0 });
    const none = await runPartnerMatch(handle.db, actors.leader!, { year: 2019 });
    expect(none.pairs.some((p) => p.partnerId === pair.partnerId)).toBe(false);
    await setPartnerCapacity(handle.db, actors.leader!, { schoolId: pair.partnerId, capacity: 2 });
    const forbid = await runPartnerMatch(handle.db, actors.leader!, {
      year: 2019,
      forbids: [{ from: pair.needingId, to: pair.partnerId }],
    });
    expect(
      forbid.pairs.some((p) => p.needingId === pair.needingId && p.partnerId === pair.partnerId),
    ).toBe(false);
    const run = await recordPartnerMatch(handle.db, actors.leader!, {
      year: 2019,
      pins: [{ from: pair.needingId, to: pair.partnerId }],
    });
    expect(run.match.pairs.find((p) => p.needingId === pair.needingId)?.isPinned).toBe(true);
    expect((await listPartnerRuns(handle.db, actors.leader!)).map((r) => r.id)).toContain(run.id);
    const again = await resolveRecordedPartnerRun(handle.db, actors.leader!, run.id);
    expect(again.objective).toBe(run.match.objective);

    // A principal sees only their own school's pair.
    const principal = await actor('principal-own', [
      { role: 'principal', schoolId: pair.needingId },
    ]);
    const mine = await getPartnerRun(handle.db, principal, run.id);
    expect(mine.isFiltered).toBe(true);
    expect(mine.match.pairs.map((p) => p.needingId)).toEqual([pair.needingId]);
    await expect(runPartnerMatch(handle.db, principal, {})).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(runPartnerMatch(handle.db, actors.analyst!, {})).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});

describe('principal placement and residencies on the demo district', () => {
  it('recommends principals for open posts with explanations, audits every rating read', async () => {
    const schools = await handle.db
      .selectFrom('staff_assignments')
      .select(['school_id', 'school_year'])
      .where('district_id', '=', DEMO_DISTRICT.id)
      .where('role', '=', 'principal')
      .orderBy('school_year', 'desc')
      .orderBy('school_id')
      .limit(3)
      .execute();
    const year = (schools[0]?.school_year ?? 2019) + 1;
    const [a, b, c] = schools.map((s) => s.school_id);
    if (!a || !b || !c) throw new Error('demo has no principals');
    await createPost(handle.db, actors.leader!, {
      schoolId: a,
      schoolYear: year,
      reason: 'retirement',
    });
    const teacher = await handle.db
      .selectFrom('staff_assignments')
      .select('staff_id')
      .where('district_id', '=', DEMO_DISTRICT.id)
      .where('role', '=', 'teacher')
      .limit(1)
      .executeTakeFirstOrThrow();
    const residencyId = await createResidency(handle.db, actors.leader!, {
      residentStaffId: teacher.staff_id,
      firstSchoolId: b,
      secondSchoolId: c,
      startsOn: `${year - 2}-08-01`,
      endsOn: `${year - 1}-06-30`,
      status: 'completed',
    });
    // The demo's synthetic principals carry no ratings (DPI publishes none to model them on):
    // give the principal of school b one, so the read and its audit event can be checked.
    const principalB = await handle.db
      .selectFrom('staff_assignments')
      .select('staff_id')
      .where('district_id', '=', DEMO_DISTRICT.id)
      .where('role', '=', 'principal')
      .where('school_id', '=', b)
      .where('school_year', '=', year - 1)
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('staff_ratings')
      .values({
        district_id: DEMO_DISTRICT.id,
        staff_id: principalB.staff_id,
        school_year: year - 1,
        rating: 'Highly Effective',
        rating_scale: 'test',
        batch_id: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const reads = () =>
      handle.db
        .selectFrom('audit_events')
        .select('subject_id')
        .where('action', '=', 'rating_read')
        .where('subject_id', '=', principalB.staff_id)
        .execute();
    const before = (await reads()).length;
    const view = await runPlacement(handle.db, actors.leader!, { maxMoves: 3 });
    expect((await reads()).length).toBe(before + 1);
    expect(view.principals.find((p) => p.id === principalB.staff_id)?.rating).toBe(
      `Highly Effective (${year - 1})`,
    );
    const rec = view.recommendations.find((r) => r.schoolId === a);
    expect(rec).toBeDefined();
    expect(rec?.explanation.join(' ')).toMatch(/need index/);
    expect(view.moves).toBeLessThanOrEqual(3);
    expect(view.principals.some((p) => p.id === teacher.staff_id)).toBe(true);

    const recorded = await recordPlacement(handle.db, actors.leader!, { maxMoves: 0 });
    const shown = await getPlacementRun(handle.db, actors.leader!, recorded.id);
    expect(shown.recommendations[0]?.kind).toBe('aspiring');
    await expect(runPlacement(handle.db, actors.analyst!, {})).rejects.toMatchObject({
      kind: 'forbidden',
    });

    // Residencies: listed with names; a principal of a host school sees it but may not edit.
    const host = await actor('principal-host', [{ role: 'principal', schoolId: b }]);
    const listed = await listResidencies(handle.db, host);
    expect(listed.map((r) => [r.id, r.canEdit])).toEqual([[residencyId, false]]);
    await expect(
      editResidency(handle.db, host, residencyId, {
        residentStaffId: teacher.staff_id,
        firstSchoolId: b,
        secondSchoolId: c,
        startsOn: `${year - 2}-08-01`,
        endsOn: `${year - 1}-06-30`,
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(
      createResidency(handle.db, actors.leader!, {
        residentStaffId: teacher.staff_id,
        firstSchoolId: b,
        secondSchoolId: b,
        startsOn: '2020-01-01',
        endsOn: '2020-06-01',
      }),
    ).rejects.toMatchObject({ kind: 'bad_request' });
    await removeResidency(handle.db, actors.leader!, residencyId);
    expect(await listResidencies(handle.db, actors.leader!)).toEqual([]);
  });
});
