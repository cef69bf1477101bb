// What the allocation planner reads from the API (src/services/allocation.ts, funding.ts).
export interface AllocationRules {
  name: string;
  unit: 'fte' | 'dollars';
  pool: number;
  needExponent?: number;
  perStudent?: boolean;
  minimumNeed?: number;
  tiersFirst?: boolean;
  floor?: number;
  cap?: number;
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
  unrounded: number;
  amount: number;
  reasons: string[];
}

export interface AllocationResult {
  rules: string;
  unit: 'fte' | 'dollars';
  pool: number;
  feasible: boolean;
  allocated: number;
  unallocated: number;
  schools: SchoolShare[];
  problems: string[];
  explanation: string[];
}

export interface AllocationBasis {
  year: number | null;
  ruleSet: string;
  tiers: { rank: number; label: string }[];
  skipped: { schoolId: string; name: string; reason: string }[];
  methods: string[];
}

export interface AllocationRun {
  result: AllocationResult;
  basis: AllocationBasis;
}

export interface Scenario {
  id: string;
  rules: AllocationRules;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioList {
  scenarios: Scenario[];
  canManage: boolean;
}

export interface Comparison {
  results: AllocationResult[];
  rows: {
    schoolId: string;
    name: string;
    needIndex: number;
    tier: number | null;
    amounts: number[];
    spread: number;
    explanation: string;
  }[];
  scenarios: Scenario[];
  basis: AllocationBasis;
}

export interface FundingFormula {
  key: string;
  name: string;
  source: string;
  basePerPupil: number;
  weights: { key: string; label: string; weight: number }[];
  concentration?: {
    label: string;
    key: string;
    threshold: number;
    weight: number;
    appliesTo: string;
  }[];
  fixed?: { label: string; amount: number; maxEnrollment?: number }[];
}

export interface FundingRun {
  year: number | null;
  formula: FundingFormula;
  schools: {
    schoolId: string;
    name: string;
    enrollment: number;
    weightedEnrollment: number;
    allocation: number;
    perPupil: number;
    explanation: string;
  }[];
  total: number;
  skipped: { schoolId: string; name: string; reason: string }[];
  methods: string[];
}

export interface ComparabilityRun {
  staffYear: number | null;
  schoolYear: number | null;
  threshold: number;
  schools: {
    schoolId: string;
    name: string;
    gradeSpan: string;
    isTitleI: boolean;
    studentsPerFte: number | null;
    comparisonAverage: number | null;
    limit: number | null;
    status: 'comparable' | 'not_comparable' | 'not_tested' | 'comparison_school';
    reason: string;
  }[];
  allComparable: boolean;
  counts: { comparable: number; notComparable: number; notTested: number; comparison: number };
  methods: string[];
}

/** "2.5 FTE" / "$12,000". */
export function formatAmount(amount: number, unit: 'fte' | 'dollars'): string {
  if (unit === 'dollars') return `$${Math.round(amount).toLocaleString('en-US')}`;
  return `${Math.round(amount * 100) / 100} FTE`;
}

export const STATUS_LABELS: Record<ComparabilityRun['schools'][number]['status'], string> = {
  comparable: 'Comparable',
  not_comparable: 'Not comparable',
  not_tested: 'Not tested',
  comparison_school: 'Non-Title I (sets the average)',
};
