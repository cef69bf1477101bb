// Incentives, allocation, funding and comparability on the demo district (Wake County, NC DPI
// files, with synthetic staff): every preset evaluates on real schools, the eligible people match
// an independent count from the staff tables, the allocation holds its guarantees across all the
// district's schools, and the comparability test judges every Title I school it can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { loadSchoolContext } from './allocation-context.ts';
import { runAllocation } from './allocation.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import { runComparability } from './funding.ts';
import { listPresets } from './incentives-design.ts';
import { previewIncentiveDesign } from './incentives.ts';
import { seedSyntheticStaff } from './synthetic-staff.ts';
import { randomUUID } from 'node:crypto';

let handle: DbHandle;
const actor: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  districtId: DEMO_DISTRICT.id,
  username: 'analyst',
  displayName: 'Analyst',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
};

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
  await seedSyntheticStaff(handle.db, DEMO_DISTRICT.id, { batchId: randomUUID() });
}, 600_000);
afterAll(() => handle.close());

describe('on the demo district', () => {
  it('the hard-to-staff preset makes every teacher in the highest-poverty quartile eligible', async () => {
    const preset = listPresets().find((p) => p.key === 'hard_to_staff');
    const result = await previewIncentiveDesign(handle.db, actor, preset?.design);
    const context = await loadSchoolContext(handle.db, actor, { year: result.staffYear });
    const q4 = new Set(context.schools.filter((s) => s.povertyQuartile === 4).map((s) => s.id));
    // An independent count straight from the staff table: teachers assigned to a Q4 school.
    const rows = await handle.db
      .selectFrom('staff_assignments')
      .select('staff_id')
      .distinct()
      .where('district_id', '=', DEMO_DISTRICT.id)
      .where('school_year', '=', result.staffYear)
      .where('role', '=', 'teacher')
      .where('school_id', 'in', [...q4])
      .execute();
    console.log(
      `demo ${result.staffYear}: ${q4.size} highest-poverty schools, ${rows.length} teachers; the preset finds ${result.eligibleCount}, first-year cost $${result.cost.firstYear.toLocaleString('en-US')}`,
    );
    expect(q4.size).toBeGreaterThan(30);
    expect(result.eligibleCount).toBe(rows.length);
    expect(result.cost.firstYear).toBe(rows.length * 3_000);
  });

  it('every preset evaluates on the real schools', async () => {
    for (const preset of listPresets()) {
      const result = await previewIncentiveDesign(handle.db, actor, preset.design);
      expect(result.bySchool.length).toBeGreaterThan(150);
      expect(result.cost.firstYear).toBeGreaterThanOrEqual(0);
    }
  });

  it('allocates a pool across every school with a need index, within the pool, floors and caps', async () => {
    const { result, basis } = await runAllocation(handle.db, actor, {
      name: 'Coaches',
      unit: 'fte',
      pool: 60,
      floor: 0,
      cap: 1,
      increment: 0.5,
      tiersFirst: true,
    });
    expect(result.schools.length + basis.skipped.length).toBeGreaterThan(150);
    expect(result.allocated).toBeLessThanOrEqual(60);
    for (const s of result.schools) expect(s.amount).toBeLessThanOrEqual(1);
  });

  it('runs the comparability test on the Title I schools', async () => {
    const run = await runComparability(handle.db, actor);
    console.log(
      `demo comparability ${run.staffYear}: ${run.counts.comparable} comparable, ${run.counts.notComparable} not, ${run.counts.notTested} not tested, ${run.counts.comparison} non-Title I`,
    );
    expect(run.counts.comparable + run.counts.notComparable).toBeGreaterThan(0);
  });
});
