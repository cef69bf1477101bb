// The allocation planner, the funding calculator and the comparability test through the services
// on a real test database (issue #5): scenarios saved and refused by role, a run on the need index
// and tiers of the diagnostics service (pool never exceeded, floors and caps held, a needier
// school never below a less needy one), 2–4 scenarios side by side, and the CT weights and the
// 110% test on the fixture's schools, worked by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import {
  compareAllocationScenarios,
  createAllocationScenario,
  deleteAllocationScenario,
  listAllocationScenarios,
  runAllocation,
  runAllocationScenario,
  updateAllocationScenario,
} from './allocation.ts';
import { computeDistrictFunding, listFundingPresets, runComparability } from './funding.ts';
import { buildIncentiveWorld, schoolId, type IncentiveWorld } from './incentives.fixtures.ts';

let handle: DbHandle;
let world: IncentiveWorld;

async function expectError(promise: Promise<unknown>, kind: AppError['kind']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  return error as AppError;
}

beforeAll(async () => {
  handle = await createTestDb();
  world = await buildIncentiveWorld(handle.db);
}, 240_000);
afterAll(() => handle.close());

const COACHES = {
  name: 'Coaches by need',
  unit: 'fte' as const,
  pool: 10,
  floor: 0.5,
  cap: 2,
  increment: 0.5,
};

describe('allocation scenarios', () => {
  it('saves, updates and deletes for designers, and refuses analysts', async () => {
    const saved = await createAllocationScenario(handle.db, world.actors.finance, COACHES);
    expect(saved.rules).toMatchObject(COACHES);
    const updated = await updateAllocationScenario(handle.db, world.actors.leader, saved.id, {
      ...COACHES,
      pool: 12,
    });
    expect(updated.rules.pool).toBe(12);
    await expectError(
      createAllocationScenario(handle.db, world.actors.analyst, COACHES),
      'forbidden',
    );
    const list = await listAllocationScenarios(handle.db, world.actors.analyst);
    expect(list.scenarios.map((s) => s.id)).toContain(saved.id);
    expect(list.canManage).toBe(false);
    await deleteAllocationScenario(handle.db, world.actors.hr, saved.id);
    await expectError(
      runAllocationScenario(handle.db, world.actors.analyst, saved.id),
      'not_found',
    );
    await expectError(listAllocationScenarios(handle.db, world.actors.principal), 'forbidden');
  });

  it('refuses a floor above the cap, naming the field', async () => {
    const error = await expectError(
      runAllocation(handle.db, world.actors.analyst, { ...COACHES, floor: 3 }),
      'bad_request',
    );
    expect(error.problems[0]?.field).toBe('rules.floor');
  });

  it('shares the pool on the need index: never over, floors and caps held, needier never less', async () => {
    const { result, basis } = await runAllocation(handle.db, world.actors.analyst, COACHES);
    expect(basis.skipped).toEqual([]);
    expect(result.schools).toHaveLength(12);
    expect(result.allocated).toBeLessThanOrEqual(10);
    expect(result.allocated).toBe(10);
    for (const s of result.schools) {
      expect(s.amount).toBeGreaterThanOrEqual(0.5);
      expect(s.amount).toBeLessThanOrEqual(2);
      expect(s.reasons.at(-1)).toMatch(/^Receives [\d.]+ FTE\.$/);
    }
    const byNeed = [...result.schools].sort((a, b) => a.needIndex - b.needIndex);
    for (let i = 1; i < byNeed.length; i++) {
      expect(byNeed[i]?.amount).toBeGreaterThanOrEqual(byNeed[i - 1]?.amount ?? 0);
    }
  });

  it('serves tiers from the federal ESSA rule set first when asked', async () => {
    const { result, basis } = await runAllocation(handle.db, world.actors.analyst, {
      name: 'Tiers first',
      unit: 'dollars',
      pool: 100_000,
      tiersFirst: true,
      cap: 40_000,
    });
    expect(basis.tiers.map((t) => t.label)).toEqual(['intensive', 'targeted', 'universal']);
    expect(result.allocated).toBeLessThanOrEqual(100_000);
    const tier1 = result.schools.filter((s) => s.tier === 1);
    expect(tier1.length).toBeGreaterThan(0);
    // Tier 1 is filled up to its caps before anyone else sees a dollar.
    const rest = result.schools.filter((s) => s.tier !== 1);
    const tier1Full = tier1.every((s) => s.amount === 40_000);
    if (!tier1Full) expect(rest.every((s) => s.amount === 0)).toBe(true);
    expect(result.schools.reduce((sum, s) => sum + s.amount, 0)).toBe(result.allocated);
  });

  it('compares three saved scenarios side by side, and refuses one or five', async () => {
    const ids: string[] = [];
    for (const rules of [
      COACHES,
      { ...COACHES, name: 'Flat floor', floor: 0.5, needExponent: 0 },
      { ...COACHES, name: 'Steeper', needExponent: 2 },
    ]) {
      ids.push((await createAllocationScenario(handle.db, world.actors.leader, rules)).id);
    }
    const comparison = await compareAllocationScenarios(handle.db, world.actors.analyst, ids);
    expect(comparison.results).toHaveLength(3);
    expect(comparison.rows).toHaveLength(12);
    for (const row of comparison.rows) expect(row.amounts).toHaveLength(3);
    for (const r of comparison.results) expect(r.allocated).toBeLessThanOrEqual(10);
    const neediest = [...comparison.rows].sort((a, b) => b.needIndex - a.needIndex)[0];
    // Squaring the need gives the neediest school at least what the linear rule gives.
    expect(neediest?.amounts[2]).toBeGreaterThanOrEqual(neediest?.amounts[0] ?? 0);
    await expectError(
      compareAllocationScenarios(handle.db, world.actors.analyst, ids.slice(0, 1)),
      'bad_request',
    );
  });
});

describe('weighted student funding', () => {
  it('applies Connecticut’s weights to the schools’ published shares', async () => {
    const ct = listFundingPresets()[0];
    expect(ct?.basePerPupil).toBe(11_525);
    const run = await computeDistrictFunding(handle.db, world.actors.analyst, ct);
    const s00 = run.schools.find((s) => s.schoolId === schoolId(0));
    // 400 students, 10% → 40 low-income, 5% → 20 English learners, no concentration.
    expect(s00?.allocation).toBeCloseTo(11_525 * (400 + 0.3 * 40 + 0.15 * 20), 6);
    const s11 = run.schools.find((s) => s.schoolId === schoolId(11));
    // 675 students, 87% → 587 low-income, 14% → 95 English learners; concentrated poverty on
    // the 587 − 0.75 × 675 = 80.75 beyond 75%.
    expect(s11?.allocation).toBeCloseTo(
      11_525 * (675 + 0.3 * 587 + 0.15 * 95 + 0.05 * (587 - 0.75 * 675)),
      6,
    );
    expect(run.total).toBeCloseTo(
      run.schools.reduce((sum, s) => sum + s.allocation, 0),
      6,
    );
  });
});

describe('Title I comparability', () => {
  it('tests students per instructional FTE against 110% of the non-Title I average by span', async () => {
    const run = await runComparability(handle.db, world.actors.analyst);
    expect(run.staffYear).toBe(2019);
    expect(run.counts).toEqual({ comparable: 0, notComparable: 6, notTested: 0, comparison: 6 });
    const s06 = run.schools.find((s) => s.schoolId === schoolId(6));
    // K-5 non-Title I: (400 + 450 + 500) students ÷ 60 FTE = 22.5; limit 24.75; S06 550 ÷ 20.
    expect(s06?.comparisonAverage).toBeCloseTo(22.5, 10);
    expect(s06?.limit).toBeCloseTo(24.75, 10);
    expect(s06?.studentsPerFte).toBeCloseTo(27.5, 10);
    expect(s06?.status).toBe('not_comparable');
    const lenient = await runComparability(handle.db, world.actors.analyst, { threshold: 1.5 });
    expect(lenient.counts.comparable).toBeGreaterThan(0);
  });
});
