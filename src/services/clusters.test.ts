// Clusters and visit days on a real test database: the yearly allowance (default 3 days,
// Massachusetts), the 409 that names the teacher and the days left, a district leader's
// override with a reason, and who sees named visits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { listAuditEvents } from '../db/queries/audit.ts';
import { createTestDb } from '../db/testing.ts';
import {
  addSharedStaff,
  createCluster,
  getClusters,
  logVisit,
  setVisitAllowance,
} from './clusters.ts';
import { actorFor, makeSupportDistrict, type SupportFixture } from './supports-testing.ts';

let handle: DbHandle;
let f: SupportFixture;

beforeAll(async () => {
  handle = await createTestDb();
  f = await makeSupportDistrict(handle.db);
}, 60_000);
afterAll(() => handle.close());

const leader = () => actorFor(f.districtId, 'district_leader');

describe('clusters and visit days', () => {
  it('refuses a visit beyond the allowance unless a district leader overrides it', async () => {
    const clusterId = await createCluster(handle.db, leader(), {
      name: 'North cluster',
      jointPlan: 'Shared reading intervention.',
      pooledFunding: 40000,
      schoolIds: [f.schools[0], f.schools[1], f.schools[2]],
    });
    await addSharedStaff(handle.db, leader(), clusterId, {
      name: 'R. Ortiz',
      role: 'Literacy coach',
      fte: 1,
    });
    const principal = actorFor(f.districtId, 'principal', f.schools[0] ?? null);
    const visit = (days: number, extra: Record<string, unknown> = {}) => ({
      staffId: 'T1',
      hostSchoolId: f.schools[1],
      visitDate: '2025-10-14',
      days,
      clusterId,
      ...extra,
    });
    await logVisit(handle.db, principal, visit(2));
    await expect(logVisit(handle.db, principal, visit(1.5))).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(
        /^T1 Teacher has 1 of 3 visit days left in the 2025–26 school year; this visit needs 1.5/,
      ),
    });
    await expect(
      logVisit(handle.db, principal, visit(1.5, { overrideReason: 'Lab classroom week' })),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await logVisit(handle.db, leader(), visit(1.5, { overrideReason: 'Lab classroom week' }));
    // Another principal may not log visits for T1.
    await expect(
      logVisit(handle.db, actorFor(f.districtId, 'principal', f.schools[1] ?? null), visit(0.5)),
    ).rejects.toMatchObject({ kind: 'forbidden' });

    const view = await getClusters(handle.db, principal, { year: 2026 });
    expect(view.allowance).toBe(3);
    expect(view.clusters[0]).toMatchObject({
      name: 'North cluster',
      pooledFunding: 40000,
      visitDays: { teachersVisiting: 1, used: 3.5, allowance: 3, visitsUnderCluster: 2 },
    });
    expect(view.clusters[0]?.sharedStaff).toEqual([
      expect.objectContaining({ name: 'R. Ortiz', fte: 1 }),
    ]);
    expect(view.teachers).toEqual([
      expect.objectContaining({ staffId: 'T1', used: 3.5, remaining: 0 }),
    ]);
    // An analyst sees the totals, not the named visits.
    const analystView = await getClusters(handle.db, actorFor(f.districtId, 'analyst'), {
      year: 2026,
    });
    expect(analystView.visits).toEqual([]);
    expect(analystView.teachers).toEqual([]);
    expect(analystView.totals.daysUsed).toBe(3.5);

    const over = await listAuditEvents(handle.db, f.districtId, {
      action: 'visit.log_over_allowance',
    });
    expect(over).toHaveLength(1);
  });

  it('lets a district leader change the allowance, and no one else', async () => {
    await expect(
      setVisitAllowance(handle.db, actorFor(f.districtId, 'principal_supervisor'), { days: 5 }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await setVisitAllowance(handle.db, leader(), { days: 5 });
    await logVisit(handle.db, leader(), {
      staffId: 'T2',
      hostSchoolId: f.schools[3],
      visitDate: '2025-11-02',
      days: 4,
    });
    const view = await getClusters(handle.db, leader(), { year: 2026 });
    expect(view.allowance).toBe(5);
    expect(view.teachers.find((t) => t.staffId === 'T2')?.remaining).toBe(1);
  });
});
