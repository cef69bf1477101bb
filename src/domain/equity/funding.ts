// Weighted student funding (DOMAIN.md §7; issue 5): a school's allocation
//   = base per pupil × Σ over its students of (1 + the weights that student carries) + fixed amounts
//   = base × (enrolment + Σ_k weight_k × students_k + concentration weights) + Σ fixed amounts.
// Concentration weights add a weight for students of a kind beyond a threshold share of enrolment
// (Connecticut's concentrated poverty; California LCFF's concentration grant).
// The Title I comparability test is in comparability.ts, re-exported here.
import { badRequest } from '../shared/errors.ts';
import { formatMoney } from './shares.ts';

export { testComparability } from './comparability.ts';
export type { ComparabilityResult, ComparabilitySchool } from './comparability.ts';

export interface StudentWeight {
  /** The key of the count on FundingSchool.counts this weight applies to. */
  key: string;
  label: string;
  weight: number;
}

export interface ConcentrationWeight {
  label: string;
  /** The count it looks at (e.g. 'poverty', 'unduplicated'). */
  key: string;
  /** Share of enrolment, 0..1, above which it applies. */
  threshold: number;
  weight: number;
  /** Only the students above the threshold (CT, CA LCFF), or all of them once over it. */
  appliesTo: 'excess_over_threshold' | 'all_when_over';
}

export interface FixedAmount {
  label: string;
  amount: number;
  /** Only for schools with at most this many students (small-school supplements). */
  maxEnrollment?: number;
}

export interface FundingFormula {
  key: string;
  name: string;
  source: string;
  basePerPupil: number;
  weights: readonly StudentWeight[];
  concentration?: readonly ConcentrationWeight[];
  fixed?: readonly FixedAmount[];
}

export interface FundingSchool {
  schoolId: string;
  name?: string;
  enrollment: number;
  /** Students in each weighted category, keyed as the formula's weights. */
  counts: Readonly<Record<string, number>>;
}

export interface FundingLine {
  label: string;
  students: number;
  weight: number;
  amount: number;
}

export interface SchoolFunding {
  schoolId: string;
  name: string;
  enrollment: number;
  weightedEnrollment: number;
  allocation: number;
  perPupil: number;
  lines: FundingLine[];
  explanation: string;
}

export function computeWeightedFunding(
  formula: FundingFormula,
  schools: readonly FundingSchool[],
): { schools: SchoolFunding[]; total: number } {
  if (!(formula.basePerPupil >= 0)) throw badRequest('The base per pupil must be set.');
  const base = formula.basePerPupil;
  const results = schools.map((school): SchoolFunding => {
    const enrollment = Math.max(school.enrollment, 0);
    const lines: FundingLine[] = [
      { label: 'Base', students: enrollment, weight: 1, amount: base * enrollment },
    ];
    for (const w of formula.weights) {
      const students = Math.min(Math.max(school.counts[w.key] ?? 0, 0), enrollment);
      if (students > 0)
        lines.push({
          label: w.label,
          students,
          weight: w.weight,
          amount: base * w.weight * students,
        });
    }
    for (const c of formula.concentration ?? []) {
      const count = Math.min(Math.max(school.counts[c.key] ?? 0, 0), enrollment);
      const over = enrollment > 0 && count / enrollment > c.threshold;
      const students = !over
        ? 0
        : c.appliesTo === 'all_when_over'
          ? count
          : count - c.threshold * enrollment;
      if (students > 0)
        lines.push({
          label: c.label,
          students,
          weight: c.weight,
          amount: base * c.weight * students,
        });
    }
    const weightedEnrollment = lines.reduce((sum, l) => sum + l.weight * l.students, 0);
    for (const f of formula.fixed ?? []) {
      if (f.maxEnrollment === undefined || enrollment <= f.maxEnrollment) {
        lines.push({ label: f.label, students: 0, weight: 0, amount: f.amount });
      }
    }
    const allocation = lines.reduce((sum, l) => sum + l.amount, 0);
    const name = school.name ?? school.schoolId;
    const parts = lines
      .slice(1)
      .map((l) =>
        l.students > 0
          ? `${l.label} +${l.weight} × ${Number(l.students.toFixed(1))}`
          : `${l.label} ${formatMoney(l.amount)}`,
      );
    return {
      schoolId: school.schoolId,
      name,
      enrollment,
      weightedEnrollment,
      allocation,
      perPupil: enrollment > 0 ? allocation / enrollment : 0,
      lines,
      explanation:
        `${name}: ${enrollment} students count as ${weightedEnrollment.toFixed(1)} weighted students` +
        (parts.length > 0 ? ` (${parts.join('; ')})` : '') +
        ` at ${formatMoney(base)} each: ${formatMoney(allocation)}, ${formatMoney(enrollment > 0 ? allocation / enrollment : 0)} per pupil.`,
    };
  });
  return { schools: results, total: results.reduce((sum, s) => sum + s.allocation, 0) };
}

/**
 * Connecticut ECS weights (DOMAIN.md §7): low-income +0.30, English learners +0.15, and
 * concentrated poverty +0.05 for low-income students beyond 75% of enrolment (C.G.S. §10-262f as
 * amended in 2017). ECS is a district formula; applied per school here, by the district's choice.
 * Counts: 'poverty' (low-income students), 'el'.
 */
export function connecticutWeights(basePerPupil: number): FundingFormula {
  return {
    key: 'connecticut_ecs',
    name: 'Connecticut ECS weights',
    source: 'C.G.S. §10-262f (2017 ECS formula); DOMAIN.md §7.',
    basePerPupil,
    weights: [
      { key: 'poverty', label: 'Low-income', weight: 0.3 },
      { key: 'el', label: 'English learners', weight: 0.15 },
    ],
    concentration: [
      {
        key: 'poverty',
        label: 'Concentrated poverty',
        threshold: 0.75,
        weight: 0.05,
        appliesTo: 'excess_over_threshold',
      },
    ],
  };
}

/**
 * California LCFF (DOMAIN.md §7): supplemental grant +20% for each unduplicated high-need pupil
 * (low-income, English learner or foster youth, counted once), and the concentration grant +65%
 * for unduplicated pupils beyond 55% of enrolment (Ed. Code §42238.02; 65% since 2021–22, 50%
 * before). Count: 'unduplicated'.
 */
export function californiaLcff(basePerPupil: number): FundingFormula {
  return {
    key: 'california_lcff',
    name: 'California LCFF supplemental and concentration grants',
    source: 'Cal. Ed. Code §42238.02; DOMAIN.md §7.',
    basePerPupil,
    weights: [{ key: 'unduplicated', label: 'High-need (unduplicated)', weight: 0.2 }],
    concentration: [
      {
        key: 'unduplicated',
        label: 'Concentration',
        threshold: 0.55,
        weight: 0.65,
        appliesTo: 'excess_over_threshold',
      },
    ],
  };
}
