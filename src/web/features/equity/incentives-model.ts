// What the incentive designer reads from the API (src/services/incentives*.ts), and the small
// pure helpers the page uses to edit a design.
export type Quartile = 1 | 2 | 3 | 4;
export type IncentiveRole =
  'teacher' | 'principal' | 'assistant_principal' | 'coach' | 'specialist' | 'other';

export interface SchoolCategory {
  category: string;
  label: string;
  povertyQuartiles?: Quartile[];
  tiers?: string[];
  identifications?: string[];
  schoolIds?: string[];
}

export interface AwardCell {
  rating: string;
  category: string;
  amount: number;
  roles?: IncentiveRole[];
}

export interface ProgramDesign {
  name: string;
  source: string;
  roles: IncentiveRole[];
  categories: SchoolCategory[];
  awards: AwardCell[];
  capPerPerson?: number;
  budgetCap?: number;
  budgetRule?: 'prorate' | 'report';
  multiYear?: { mustStayYears: number; installments: number[] };
  ruleSet: 'north-carolina' | 'federal-essa';
}

export interface Program {
  id: string;
  name: string;
  presetKey: string | null;
  status: 'draft' | 'active';
  design: ProgramDesign;
  createdAt: string;
  updatedAt: string;
}

export interface Preset {
  key: string;
  name: string;
  source: string;
  setUp: string;
  design: ProgramDesign;
}

export interface ProgramList {
  programs: Program[];
  presets: Preset[];
  canManage: boolean;
  canSeeNames: boolean;
}

export interface SchoolCost {
  schoolId: string;
  name: string;
  povertyQuartile: number | null;
  tier: string | null;
  designations: string[];
  category: string | null;
  categoryLabel: string | null;
  people: number | null;
  amount: number | null;
  suppressed: boolean;
}

export interface Evaluation {
  program: { id: string | null; name: string; status: string | null };
  staffYear: number;
  schoolYear: number | null;
  staffConsidered: number;
  eligibleCount: number;
  ineligibleCount: number;
  cost: {
    firstYear: number;
    committed: number;
    schedule: { year: number; expected: number; maximum: number }[];
    budget: { cap: number | null; withinBudget: boolean; prorateFactor: number };
    explanation: string[];
  };
  byCategory: { category: string; label: string; people: number; amount: number }[];
  bySchool: SchoolCost[];
  minimumN: number;
  canSeeNames: boolean;
  context: { ruleSet: string; tiers: string[]; designations: string[] };
  methods: string[];
}

export interface Projection {
  program: string;
  staffYear: number;
  baseline: { highPercent: number; lowPercent: number; gapPoints: number };
  withoutProgram: { ratePercent: number; gapPoints: number; steps: string[] };
  withProgram: { ratePercent: number; gapPoints: number; steps: string[] };
  changePoints: number;
  explanation: string[];
  baselineFacts: {
    highTeachers: number;
    highIneffective: number;
    lowTeachers: number;
    lowIneffective: number;
    eligibleInHigh: number;
    retentionWithoutProgram: { value: number; source: string };
    retentionOfOthers: { value: number; source: string };
  };
  definition: string;
  series: { year: number; withoutProgram: number; withProgram: number; low: number }[];
}

export interface AwardList {
  awards: {
    id: string;
    staffId: string;
    name: string;
    schoolYear: number;
    amount: number;
    paidOn: string | null;
    recordedBy: 'upload' | 'hand';
  }[];
  byYear: { schoolYear: number; people: number; amount: number }[];
  canSeeNames: boolean;
}

export interface Share {
  count: number;
  n: number;
  percent: number | null;
  status: 'reported' | 'suppressed' | 'missing';
  marker: string | null;
}

export interface RetentionComparison {
  status: 'compared' | 'no_awards' | 'no_following_year';
  years: { from: number; to: number }[];
  comparison: { awardees: Share; comparison: Share; differencePoints: number | null } | null;
  message: string;
}

export interface EligibleList {
  program: string;
  staffYear: number;
  people: {
    staffId: string;
    name: string;
    schoolName: string;
    role: string;
    rating: string | null;
    amount: number;
    reasons: string[];
  }[];
  total: number;
}

export const ROLE_OPTIONS: { value: IncentiveRole; label: string }[] = [
  { value: 'teacher', label: 'Teachers' },
  { value: 'principal', label: 'Principals' },
  { value: 'assistant_principal', label: 'Assistant principals' },
  { value: 'coach', label: 'Coaches' },
  { value: 'specialist', label: 'Specialists' },
];

/** "a, b" → ['a', 'b']; empty → undefined (the condition is not used). */
export function parseList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** A key for a new category from its label: 'Hard to staff' → 'hard_to_staff'. */
export function categoryKey(label: string, taken: readonly string[]): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 30) || 'category';
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`;
  return key;
}

export function toggle<T>(items: readonly T[] | undefined, item: T): T[] | undefined {
  const list = items ?? [];
  const next = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return next.length > 0 ? next : undefined;
}

export const money = (amount: number) =>
  `$${Math.round(amount).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
