// Issue #5's speed target: an allocation across 9,000 generated schools in under 100 ms — the
// water-filling with floors and caps, tiers first, and the largest-remainder rounding, with every
// school's reasons written — and four scenarios side by side. Peer: none. No library allocates a
// pool by need weights with tiers, floors, caps and whole-unit largest-remainder rounding; a QP
// solver (HiGHS) could find the continuous shares of one tier, but not the tiers or the rounding,
// so its time would not measure the same work.
import {
  allocatePool,
  type AllocationRules,
  type AllocationSchool,
} from '../src/domain/equity/allocation.ts';
import { compareScenarioSet } from '../src/domain/equity/scenarios.ts';
import { best, mb, ms } from './measure.ts';

const SCHOOLS = 9_000;
const TARGET_MS = 100;

/** A seeded linear congruential generator: the same schools every run. */
function generateSchools(count: number, seed = 20261123): AllocationSchool[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, (_, i) => {
    const need = Math.round(next() * 1000) / 10;
    return {
      schoolId: `S${String(i).padStart(5, '0')}`,
      name: `School ${i}`,
      needIndex: need,
      enrollment: 150 + Math.floor(next() * 1800),
      // About 5% intensive, 15% targeted, the rest universal, more likely when need is high.
      tier: need > 90 && next() < 0.6 ? 1 : need > 70 && next() < 0.4 ? 2 : 3,
    };
  });
}

const CASES: AllocationRules[] = [
  {
    name: 'Coaches, tiers first, floors and caps',
    unit: 'fte',
    pool: 2_500,
    tiersFirst: true,
    floorByTier: { 1: 1 },
    cap: 2,
    increment: 0.5,
  },
  {
    name: 'Dollars per student by need',
    unit: 'dollars',
    pool: 250_000_000,
    perStudent: true,
    needExponent: 1.5,
    cap: 120_000,
  },
  {
    name: 'Interventionists above need 40',
    unit: 'fte',
    pool: 3_600,
    minimumNeed: 40,
    floor: 0.5,
    cap: 3,
    increment: 0.5,
  },
];

export async function run() {
  const schools = generateSchools(SCHOOLS);
  const rows: Record<string, string | number>[] = [];
  for (const rules of CASES) {
    const t = await best(5, () => allocatePool(schools, rules));
    const r = t.result;
    if (r.allocated > rules.pool + 1e-6) throw new Error(`${rules.name}: over the pool`);
    rows.push({
      case: rules.name,
      schools: SCHOOLS,
      ours: ms(t.ms),
      target: `< ${TARGET_MS} ms`,
      met: t.ms < TARGET_MS ? 'yes' : 'NO',
      allocated: `${Math.round(r.allocated).toLocaleString('en-US')} of ${rules.pool.toLocaleString('en-US')} ${rules.unit}`,
      peer: 'none (see the file’s header)',
      'peak RSS': mb(t.peakRssMb),
    });
  }
  const four = await best(3, () =>
    compareScenarioSet(schools, [
      ...CASES,
      { ...CASES[0]!, name: 'Flat', needExponent: 0, tiersFirst: false },
    ]),
  );
  rows.push({
    case: 'Four scenarios side by side',
    schools: SCHOOLS,
    ours: ms(four.ms),
    target: `< ${4 * TARGET_MS} ms (4 allocations)`,
    met: four.ms < 4 * TARGET_MS ? 'yes' : 'NO',
    allocated: `${four.result.rows.length.toLocaleString('en-US')} rows`,
    peer: 'none',
    'peak RSS': mb(four.peakRssMb),
  });
  return rows;
}
