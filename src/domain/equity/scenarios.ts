// Two allocation rule sets side by side (issue 5 "compare scenarios"): per school, what each
// gives and the difference, in words a budget meeting can read.
import { badRequest } from '../shared/errors.ts';
import {
  allocatePool,
  formatAmount,
  type AllocationResult,
  type AllocationRules,
  type AllocationSchool,
} from './allocation.ts';

const EPS = 1e-9;

export interface ScenarioComparison {
  a: AllocationResult;
  b: AllocationResult;
  rows: {
    schoolId: string;
    name: string;
    a: number;
    b: number;
    difference: number;
    explanation: string;
  }[];
}

/** Two rule sets side by side: per school, what each gives and why they differ. */
export function compareScenarios(
  schools: readonly AllocationSchool[],
  rulesA: AllocationRules,
  rulesB: AllocationRules,
): ScenarioComparison {
  const a = allocatePool(schools, rulesA);
  const b = allocatePool(schools, rulesB);
  const rows = a.schools.map((sa, index) => {
    const sb = b.schools[index];
    const amountB = sb?.amount ?? 0;
    const difference = amountB - sa.amount;
    const unit = rulesB.unit;
    const explanation =
      Math.abs(difference) < EPS
        ? `Same under both: ${formatAmount(sa.amount, unit)}.`
        : `${rulesB.name} gives ${formatAmount(Math.abs(difference), unit)} ${difference > 0 ? 'more' : 'less'} ` +
          `than ${rulesA.name} (${formatAmount(amountB, unit)} against ${formatAmount(sa.amount, unit)}).`;
    return {
      schoolId: sa.schoolId,
      name: sa.name,
      a: sa.amount,
      b: amountB,
      difference,
      explanation,
    };
  });
  return { a, b, rows };
}

export interface ScenarioSetComparison {
  results: AllocationResult[];
  rows: {
    schoolId: string;
    name: string;
    needIndex: number;
    tier: number | null;
    /** Each scenario's amount, in the order given. */
    amounts: number[];
    /** Largest minus smallest amount across the scenarios. */
    spread: number;
    explanation: string;
  }[];
}

/**
 * Two to four rule sets side by side (the allocation planner): per school, each scenario's amount,
 * the spread between them, and which gives the most. Every scenario runs on the same schools, so
 * the rows line up by position.
 */
export function compareScenarioSet(
  schools: readonly AllocationSchool[],
  ruleSets: readonly AllocationRules[],
): ScenarioSetComparison {
  if (ruleSets.length < 2 || ruleSets.length > 4) {
    throw badRequest('Compare two, three or four scenarios.');
  }
  const results = ruleSets.map((rules) => allocatePool(schools, rules));
  const first = results[0];
  const rows = (first?.schools ?? []).map((school, index) => {
    const amounts = results.map((r) => r.schools[index]?.amount ?? 0);
    const max = Math.max(...amounts);
    const min = Math.min(...amounts);
    const units = new Set(ruleSets.map((r) => r.unit));
    const unit = ruleSets[0]?.unit ?? 'fte';
    const highest = ruleSets
      .filter((_, i) => Math.abs((amounts[i] ?? 0) - max) < EPS)
      .map((r) => r.name);
    const explanation =
      max - min < EPS
        ? `Same under every scenario: ${formatAmount(max, unit)}.`
        : units.size > 1
          ? 'The scenarios share different kinds of pool (FTE and dollars): compare each on its own.'
          : `From ${formatAmount(min, unit)} to ${formatAmount(max, unit)}; most under ${highest.join(' and ')}.`;
    return {
      schoolId: school.schoolId,
      name: school.name,
      needIndex: school.needIndex,
      tier: school.tier,
      amounts,
      spread: max - min,
      explanation,
    };
  });
  return { results, rows };
}
