import { describe, expect, it } from 'vitest';
import { allocatePool, type AllocationRules, type AllocationSchool } from './allocation.ts';
import { compareScenarios, compareScenarioSet } from './scenarios.ts';

const school = (
  schoolId: string,
  needIndex: number,
  extra: Partial<AllocationSchool> = {},
): AllocationSchool => ({
  schoolId,
  name: `School ${schoolId}`,
  needIndex,
  ...extra,
});
const fte = (pool: number, extra: Partial<AllocationRules> = {}): AllocationRules => ({
  name: 'Coaches',
  unit: 'fte',
  pool,
  ...extra,
});
const amounts = (result: ReturnType<typeof allocatePool>) =>
  Object.fromEntries(result.schools.map((s) => [s.schoolId, s.amount]));

describe('hand-worked allocations', () => {
  it('shares in proportion to need and rounds by largest remainder', () => {
    // Exact shares of 10 FTE by need 5:3:2 → 5, 3, 2; by 4:4:2 → 4, 4, 2; by 1:1:1 → 3.33 each.
    expect(
      amounts(allocatePool([school('a', 5), school('b', 3), school('c', 2)], fte(10))),
    ).toEqual({ a: 5, b: 3, c: 2 });
    const thirds = allocatePool([school('a', 1), school('b', 1), school('c', 1)], fte(10));
    // 3 each, one unit left over: equal remainders and weights, so the lowest id gets it.
    expect(amounts(thirds)).toEqual({ a: 4, b: 3, c: 3 });
    expect(thirds.schools[0]?.reasons).toContain(
      'Rounded up to 4 FTE: its remainder was among the largest.',
    );
  });

  it('largest remainder: 7 FTE by need 0.5 / 0.3 / 0.2 → 3.5, 2.1, 1.4 → 4, 2, 1', () => {
    const result = allocatePool([school('a', 0.5), school('b', 0.3), school('c', 0.2)], fte(7));
    expect(amounts(result)).toEqual({ a: 4, b: 2, c: 1 });
    expect(result.schools.map((s) => Number(s.unrounded.toFixed(9)))).toEqual([3.5, 2.1, 1.4]);
    expect(result.allocated).toBe(7);
  });

  it('floors first, then caps with the excess passed on (water-filling)', () => {
    // Pool 12, floor 1 each (3), 9 left by need 6:2:1 → 6, 2, 1 on top; cap 4 holds a at 4,
    // its excess 3 goes to b and c 2:1 → b 1 + 2 + 2 = 5, c 1 + 1 + 1 = 3.
    const result = allocatePool(
      [school('a', 6), school('b', 2), school('c', 1)],
      fte(12, { floor: 1, cap: 4 }),
    );
    expect(amounts(result)).toEqual({ a: 4, b: 4, c: 4 });
    const uncapped = allocatePool(
      [school('a', 6), school('b', 2), school('c', 1)],
      fte(12, { floor: 1, cap: 5 }),
    );
    expect(amounts(uncapped)).toEqual({ a: 5, b: 4, c: 3 });
    expect(uncapped.schools[0]?.reasons).toEqual([
      'Floor: 1 FTE.',
      'Held at its cap of 5 FTE.',
      'Weight (need 6) is 66.7% of all weight; exact share 5.00 before rounding.',
      'Receives 5 FTE.',
    ]);
  });

  it('serves tier 1 to its caps before tier 2', () => {
    const schools = [
      school('t1a', 1, { tier: 1 }),
      school('t1b', 2, { tier: 1 }),
      school('t2', 9, { tier: 2 }),
      school('none', 9),
    ];
    const result = allocatePool(schools, fte(5, { tiersFirst: true, cap: 2 }));
    expect(amounts(result)).toEqual({ t1a: 2, t1b: 2, t2: 1, none: 0 });
    expect(result.schools[3]?.reasons[0]).toBe(
      'Schools without a tier: nothing was left after the tiers served before it.',
    );
  });

  it('leaves eligible-need schools only, and reports what cannot be placed', () => {
    const result = allocatePool(
      [school('a', 0.9), school('b', 0.1)],
      fte(10, { minimumNeed: 0.5, cap: 3 }),
    );
    expect(amounts(result)).toEqual({ a: 3, b: 0 });
    expect(result.unallocated).toBe(7);
    expect(result.schools[1]?.reasons[0]).toBe(
      'Need index 0.1 is below the minimum of 0.5: no allocation.',
    );
    expect(result.explanation[1]).toBe(
      '3 FTE allocated; 7 FTE left because every eligible school reached its cap.',
    );
  });

  it('reports infeasible floors clearly and allocates nothing', () => {
    const result = allocatePool(
      [school('a', 1), school('b', 1), school('c', 1)],
      fte(2, { floor: 1 }),
    );
    expect(result.feasible).toBe(false);
    expect(result.allocated).toBe(0);
    expect(result.problems).toEqual([
      'The floors need 3 FTE but the pool is 2 FTE: short by 1 FTE. Lower the floors, narrow eligibility or enlarge the pool.',
    ]);
  });

  it('half-time posts and dollars', () => {
    const halves = allocatePool(
      [school('a', 1), school('b', 1), school('c', 1)],
      fte(2, { increment: 0.5 }),
    );
    expect(amounts(halves)).toEqual({ a: 1, b: 0.5, c: 0.5 });
    const dollars = allocatePool(
      [school('a', 1, { enrollment: 300 }), school('b', 2, { enrollment: 100 })],
      {
        name: 'Intervention dollars',
        unit: 'dollars',
        pool: 100_000.75,
        perStudent: true,
      },
    );
    // Weights 300 and 200: $60,000 and $40,000; the 75 cents are less than a unit.
    expect(amounts(dollars)).toEqual({ a: 60_000, b: 40_000 });
    expect(dollars.unallocated).toBeCloseTo(0.75, 9);
  });
});

describe('scenario comparison', () => {
  it('lines two rule sets up school by school', () => {
    const schools = [school('a', 3), school('b', 1)];
    const comparison = compareScenarios(
      schools,
      fte(8, { name: 'By need' }),
      fte(8, { name: 'Flat floor', floor: 3 }),
    );
    expect(comparison.rows.map((r) => [r.schoolId, r.a, r.b, r.difference])).toEqual([
      ['a', 6, 5, -1],
      ['b', 2, 3, 1],
    ]);
    expect(comparison.rows[0]?.explanation).toBe(
      'Flat floor gives 1 FTE less than By need (5 FTE against 6 FTE).',
    );
  });
});

// ---- Properties, over seeded random districts ----------------------------------------------

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('allocation properties (500 random districts)', () => {
  const cases = Array.from({ length: 500 }, (_, seed) => {
    const random = prng(seed + 1);
    const count = 1 + Math.floor(random() * 60);
    const schools = Array.from({ length: count }, (_, i) =>
      school(`s${i}`, Math.round(random() * 100) / 100, {
        enrollment: 100 + Math.floor(random() * 900),
        tier: random() < 0.3 ? 1 : 2,
      }),
    );
    const increment = [1, 0.5, 0.1][seed % 3] ?? 1;
    const rules = fte(Math.round(random() * count * 3 * 10) / 10, {
      increment,
      floor: random() < 0.5 ? 0 : increment * Math.floor(random() * 3),
      cap: random() < 0.3 ? undefined : increment * (2 + Math.floor(random() * 10)),
      tiersFirst: seed % 4 === 0,
      minimumNeed: seed % 5 === 0 ? 0.2 : undefined,
      perStudent: seed % 7 === 0,
    });
    return { schools, rules, result: allocatePool(schools, rules) };
  });

  it('never exceeds the pool; infeasibility only when floors exceed it', () => {
    for (const { schools, rules, result } of cases) {
      const total = result.schools.reduce((sum, s) => sum + s.amount, 0);
      expect(total).toBeLessThanOrEqual(rules.pool + 1e-9);
      const eligible = schools.filter(
        (s) => s.needIndex >= (rules.minimumNeed ?? -Infinity),
      ).length;
      expect(result.feasible).toBe((rules.floor ?? 0) * eligible <= rules.pool + 1e-9);
    }
  });

  it('floors and caps hold; every allocation is a whole number of increments', () => {
    for (const { rules, result } of cases) {
      if (!result.feasible) continue;
      for (const s of result.schools) {
        if (s.needIndex < (rules.minimumNeed ?? -Infinity)) {
          expect(s.amount).toBe(0);
          continue;
        }
        expect(s.amount).toBeGreaterThanOrEqual(s.floor - 1e-9);
        if (s.cap !== null) expect(s.amount).toBeLessThanOrEqual(s.cap + 1e-9);
        const units = s.amount / result.increment;
        expect(Math.abs(units - Math.round(units))).toBeLessThan(1e-6);
        expect(Math.abs(s.amount - s.unrounded)).toBeLessThan(result.increment + 1e-9);
      }
    }
  });

  it('allocates the whole pool unless every eligible school is capped', () => {
    for (const { result } of cases) {
      if (!result.feasible || result.unallocated < result.increment - 1e-9) continue;
      const open = result.schools.filter(
        (s) => s.weight > 0 && (s.cap === null || s.amount < s.cap - 1e-9),
      );
      expect(open).toEqual([]);
    }
  });

  it('a needier (higher-weight) school never receives less than one with the same floor, cap and tier', () => {
    const violations: string[] = [];
    for (const { result } of cases) {
      if (!result.feasible) continue;
      const byTier = new Map<number | null, typeof result.schools>();
      for (const s of result.schools) byTier.set(s.tier, [...(byTier.get(s.tier) ?? []), s]);
      for (const members of byTier.values()) {
        // Strictly greater weight (= need, or need × students): equal weights may differ by the
        // one unit the tie-break hands out.
        for (const higher of members) {
          for (const lower of members) {
            if (higher.weight > lower.weight && higher.amount < lower.amount - 1e-9) {
              violations.push(
                `${higher.schoolId} (${higher.amount}) < ${lower.schoolId} (${lower.amount})`,
              );
            }
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('explains every school’s share, ending with what it receives', () => {
    for (const { result } of cases.slice(0, 50)) {
      for (const s of result.schools) expect(s.reasons.at(-1)).toMatch(/^(Receives|Not allocated)/);
    }
  });
});

describe('two to four scenarios side by side', () => {
  it('lines up every school under each scenario, with the spread and who gives most', () => {
    const schools = [school('a', 5), school('b', 3), school('c', 2)];
    const set = compareScenarioSet(schools, [
      fte(10),
      fte(9, { name: 'Equal', needExponent: 0 }),
      fte(10, { name: 'Capped', cap: 4 }),
    ]);
    // By need 5:3:2 → 5, 3, 2; equal shares of 9 → 3 each; capped at 4 → 4, then 6 by 3:2.
    expect(set.rows.map((r) => r.amounts)).toEqual([
      [5, 3, 4],
      [3, 3, 4],
      [2, 3, 2],
    ]);
    expect(set.rows[0]?.spread).toBe(2);
    expect(set.rows[0]?.explanation).toBe('From 3 FTE to 5 FTE; most under Coaches.');
    expect(set.rows[2]?.explanation).toBe('From 2 FTE to 3 FTE; most under Equal.');
  });

  it('refuses one scenario or five', () => {
    const schools = [school('a', 1)];
    expect(() => compareScenarioSet(schools, [fte(1)])).toThrow('two, three or four');
    expect(() =>
      compareScenarioSet(
        schools,
        Array.from({ length: 5 }, () => fte(1)),
      ),
    ).toThrow('two, three or four');
  });
});
