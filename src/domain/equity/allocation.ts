// Allocating a pool of extra staff (FTE of coaches, interventionists, specialist teachers, success
// officers) or dollars across schools by rules (DOMAIN.md §5 "extra staffing for high-needs
// schools", §7; issue 5): need-index weights, tiers first, floors, caps, whole-unit rounding.
//
// Method, in whole units of `increment` (1 FTE by default; 0.5 for half-time posts; $1):
// 1. Eligible schools (need index ≥ minimumNeed) get their floor. If the floors need more than
//    the pool, nothing is allocated and the result says by how much the pool falls short.
// 2. The rest is shared in proportion to weight = need^exponent (× enrolment if perStudent),
//    never above a school's cap ("water-filling": a capped school's excess goes to the others in
//    proportion to their weights). With tiersFirst, tier 1 is filled this way (up to its caps)
//    before tier 2 sees anything, and so on; schools without a tier come last.
// 3. Whole units by the largest-remainder (Hamilton) method: each school keeps the whole units of
//    its exact share, and the units left over go one each to the largest fractional remainders
//    (tiers first when tiersFirst; ties to the higher weight, then the school id). Totals stay
//    exact, no school moves more than one unit from its exact share, and no cap is broken (caps
//    and floors are whole units: floors round up, caps down, and the reasons say so).
//
// Scenario comparison (two rule sets side by side) is in scenarios.ts.
//
// Guarantees (tested): Σ allocated ≤ pool; every eligible school gets ≥ its floor and ≤ its cap;
// among schools with the same floor and cap (same tier, no school-specific cap) a higher weight
// never receives less — the exact share min(λ·w, cap) rises with w, and largest-remainder keeps
// that order because an equal whole part means a larger remainder, and ties go to the higher
// weight. A school-specific cap or a tier's own floor/cap can put a needier school below a less
// needy one; its reasons then name the cap or tier.
import { badRequest } from '../shared/errors.ts';
import { formatMoney } from './shares.ts';

export interface AllocationSchool {
  schoolId: string;
  name?: string;
  needIndex: number;
  enrollment?: number | null;
  /** 1 is served first when tiersFirst. */
  tier?: number | null;
}

export interface AllocationRules {
  name: string;
  unit: 'fte' | 'dollars';
  pool: number;
  needExponent?: number;
  perStudent?: boolean;
  minimumNeed?: number;
  tiersFirst?: boolean;
  floor?: number;
  floorByTier?: Readonly<Record<number, number>>;
  cap?: number;
  capByTier?: Readonly<Record<number, number>>;
  capBySchool?: Readonly<Record<string, number>>;
  increment?: number;
}

export interface SchoolShare {
  schoolId: string;
  name: string;
  tier: number | null;
  needIndex: number;
  weight: number;
  floor: number;
  cap: number | null;
  /** The exact share before rounding. */
  unrounded: number;
  amount: number;
  reasons: string[];
}

export interface AllocationResult {
  rules: string;
  unit: AllocationRules['unit'];
  pool: number;
  increment: number;
  feasible: boolean;
  allocated: number;
  unallocated: number;
  schools: SchoolShare[];
  problems: string[];
  explanation: string[];
}

interface Row {
  school: AllocationSchool;
  eligible: boolean;
  weight: number;
  floorUnits: number;
  capUnits: number;
  exact: number;
  units: number;
  reasons: string[];
}

const EPS = 1e-9;

export function formatAmount(amount: number, unit: AllocationRules['unit']): string {
  if (unit === 'dollars') return formatMoney(amount);
  return `${Math.round(amount * 100) / 100} FTE`;
}

/** Shares `amount` units among rows ∝ weight, none above its headroom. Returns what is left. */
function waterFill(rows: readonly Row[], amount: number, fmt: (units: number) => string): number {
  const active: { row: Row; headroom: number; ratio: number }[] = [];
  for (const row of rows) {
    const headroom = row.capUnits - row.floorUnits;
    if (row.weight > 0 && headroom > 0)
      active.push({ row, headroom, ratio: headroom / row.weight });
  }
  active.sort((a, b) => a.ratio - b.ratio);
  let remaining = amount;
  let weight = active.reduce((sum, a) => sum + a.row.weight, 0);
  let index = 0;
  // Capped first: a school whose headroom is below its proportional share λ·w = R·w/W.
  for (; index < active.length; index += 1) {
    const a = active[index];
    if (!a || a.headroom * weight > remaining * a.row.weight) break;
    a.row.exact += a.headroom;
    a.row.reasons.push(`Held at its cap of ${fmt(a.row.capUnits)}.`);
    remaining -= a.headroom;
    weight -= a.row.weight;
  }
  // Everyone capped (test the index, not the weight: W − Σw can leave a float crumb above 0).
  if (index >= active.length || weight <= 0) return remaining;
  const lambda = remaining / weight;
  for (; index < active.length; index += 1) {
    const a = active[index];
    if (a) a.row.exact += lambda * a.row.weight;
  }
  return 0;
}

export function allocatePool(
  schools: readonly AllocationSchool[],
  rules: AllocationRules,
): AllocationResult {
  const increment = rules.increment ?? 1;
  if (!(rules.pool >= 0) || !Number.isFinite(rules.pool))
    throw badRequest('The pool must be a number, zero or more.');
  if (!(increment > 0)) throw badRequest('The rounding increment must be positive.');
  const exponent = rules.needExponent ?? 1;
  const fmt = (units: number) => formatAmount(units * increment, rules.unit);
  const poolUnits = Math.floor(rules.pool / increment + EPS);
  const problems: string[] = [];
  const rows: Row[] = schools.map((school) => {
    if (!Number.isFinite(school.needIndex))
      throw badRequest(`School ${school.schoolId} has no need index.`);
    const tier = school.tier ?? null;
    const eligible = school.needIndex >= (rules.minimumNeed ?? Number.NEGATIVE_INFINITY);
    const floor = (tier !== null ? rules.floorByTier?.[tier] : undefined) ?? rules.floor ?? 0;
    const cap = Math.min(
      rules.cap ?? Infinity,
      (tier !== null ? rules.capByTier?.[tier] : undefined) ?? Infinity,
      rules.capBySchool?.[school.schoolId] ?? Infinity,
    );
    const students = rules.perStudent ? Math.max(school.enrollment ?? 0, 0) : 1;
    const row: Row = {
      school,
      eligible,
      weight: eligible ? Math.max(school.needIndex, 0) ** exponent * students : 0,
      floorUnits: eligible ? Math.ceil(floor / increment - EPS) : 0,
      capUnits: eligible ? Math.floor(cap / increment + EPS) : 0,
      exact: 0,
      units: 0,
      reasons: [],
    };
    if (!eligible) {
      row.reasons.push(
        `Need index ${school.needIndex} is below the minimum of ${rules.minimumNeed}: no allocation.`,
      );
    } else if (row.floorUnits > row.capUnits) {
      problems.push(
        `${school.name ?? school.schoolId}: its floor (${fmt(row.floorUnits)}) is above its cap (${fmt(row.capUnits)}).`,
      );
    }
    return row;
  });
  const floorUnits = rows.reduce((sum, r) => sum + r.floorUnits, 0);
  if (floorUnits > poolUnits) {
    problems.push(
      `The floors need ${fmt(floorUnits)} but the pool is ${fmt(poolUnits)}: short by ${fmt(floorUnits - poolUnits)}. ` +
        'Lower the floors, narrow eligibility or enlarge the pool.',
    );
  }
  if (problems.length > 0) return result(rules, increment, rows, false, problems, poolUnits);

  for (const row of rows) {
    row.exact = row.floorUnits;
    if (row.floorUnits > 0) row.reasons.push(`Floor: ${fmt(row.floorUnits)}.`);
  }
  let remaining = poolUnits - floorUnits;
  const totalWeight = rows.reduce((sum, r) => sum + r.weight, 0);
  const tiers = rules.tiersFirst
    ? [...new Set(rows.map((r) => r.school.tier ?? null))].sort(
        (a, b) => (a ?? Infinity) - (b ?? Infinity),
      )
    : [undefined];
  for (const tier of tiers) {
    const members = rows.filter(
      (r) => r.eligible && (tier === undefined || (r.school.tier ?? null) === tier),
    );
    const before = remaining;
    remaining = waterFill(members, remaining, fmt);
    if (tier !== undefined) {
      const label = tier === null ? 'Schools without a tier' : `Tier ${tier}`;
      for (const r of members) {
        r.reasons.push(
          before <= EPS
            ? `${label}: nothing was left after the tiers served before it.`
            : `${label}: shared ${fmt(before)} left for this tier.`,
        );
      }
    }
  }
  for (const r of rows) {
    if (r.weight > 0 && totalWeight > 0) {
      const basis = rules.perStudent
        ? `need ${r.school.needIndex} × ${r.school.enrollment ?? 0} students`
        : `need ${r.school.needIndex}`;
      r.reasons.push(
        `Weight (${basis}) is ${((r.weight / totalWeight) * 100).toFixed(1)}% of all weight; ` +
          `exact share ${(r.exact * increment).toFixed(2)} before rounding.`,
      );
    }
  }
  roundLargestRemainder(rows, rules.tiersFirst === true, poolUnits - Math.round(remaining));
  for (const r of rows) {
    if (r.units > Math.floor(r.exact + EPS))
      r.reasons.push(`Rounded up to ${fmt(r.units)}: its remainder was among the largest.`);
    else if (r.exact - r.units > EPS) r.reasons.push(`Rounded down to ${fmt(r.units)}.`);
  }
  return result(rules, increment, rows, true, problems, poolUnits);
}

/**
 * Whole units by largest remainder, to exactly `target` units in all. The target is counted in
 * whole units (pool − floors − what caps left unplaced), not summed from the floating shares, so
 * float error over thousands of schools can never push the total over the pool.
 */
function roundLargestRemainder(rows: Row[], tiersFirst: boolean, target: number) {
  let whole = 0;
  const keyed: { row: Row; tier: number; remainder: number }[] = [];
  for (const row of rows) {
    row.units = Math.floor(row.exact + EPS);
    whole += row.units;
    keyed.push({
      row,
      tier: tiersFirst ? (row.school.tier ?? Infinity) : 0,
      remainder: row.exact - row.units,
    });
  }
  let leftover = target - whole;
  if (leftover === 0) return;
  keyed.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.remainder - a.remainder ||
      b.row.weight - a.row.weight ||
      (a.row.school.schoolId < b.row.school.schoolId ? -1 : 1),
  );
  if (leftover > 0) {
    for (const k of keyed) {
      if (leftover === 0) break;
      if (k.remainder > EPS && k.row.units + 1 <= k.row.capUnits) {
        k.row.units += 1;
        leftover -= 1;
      }
    }
    return;
  }
  // Float error only: take back from the smallest remainders, never below a floor.
  for (let index = keyed.length - 1; index >= 0 && leftover < 0; index -= 1) {
    const row = keyed[index]?.row;
    if (row && row.units > row.floorUnits) {
      row.units -= 1;
      leftover += 1;
    }
  }
}

function result(
  rules: AllocationRules,
  increment: number,
  rows: readonly Row[],
  feasible: boolean,
  problems: string[],
  poolUnits: number,
): AllocationResult {
  const amount = (units: number) => Math.round(units * increment * 1e6) / 1e6;
  const allocatedUnits = feasible ? rows.reduce((sum, r) => sum + r.units, 0) : 0;
  const schools = rows.map((r): SchoolShare => {
    const given = feasible ? amount(r.units) : 0;
    return {
      schoolId: r.school.schoolId,
      name: r.school.name ?? r.school.schoolId,
      tier: r.school.tier ?? null,
      needIndex: r.school.needIndex,
      weight: r.weight,
      floor: amount(r.floorUnits),
      cap: Number.isFinite(r.capUnits) ? amount(r.capUnits) : null,
      unrounded: feasible ? r.exact * increment : 0,
      amount: given,
      reasons: feasible
        ? (r.reasons.push(`Receives ${formatAmount(given, rules.unit)}.`), r.reasons)
        : ['Not allocated: the rules cannot be met (see problems).'],
    };
  });
  const allocated = amount(allocatedUnits);
  const explanation = [
    `${rules.name}: ${formatAmount(rules.pool, rules.unit)} shared across ${rows.filter((r) => r.eligible).length} eligible schools` +
      `${rules.tiersFirst ? ', tier by tier' : ''}, in proportion to need` +
      `${rules.perStudent ? ' × students' : ''}, in whole units of ${formatAmount(increment, rules.unit)} (largest remainder).`,
    feasible
      ? `${formatAmount(allocated, rules.unit)} allocated; ${formatAmount(rules.pool - allocated, rules.unit)} left` +
        (poolUnits - allocatedUnits > 0
          ? ' because every eligible school reached its cap.'
          : ' (less than one unit).')
      : 'Nothing was allocated: the rules cannot be met as set.',
  ];
  return {
    rules: rules.name,
    unit: rules.unit,
    pool: rules.pool,
    increment,
    feasible,
    allocated,
    unallocated: rules.pool - allocated,
    schools,
    problems,
    explanation,
  };
}
