// Two allocation rule sets side by side (issue 5 "compare scenarios"): per school, what each
// gives and the difference, in words a budget meeting can read.
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
