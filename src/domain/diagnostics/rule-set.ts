// Identification rule sets (DOMAIN.md §3): the district's own transparent rules for which
// schools need support, each with its minimum n. Stored as JSON and sent over the API, so the
// shape is a Zod schema (ENGINEERING.md "Schemas at the boundary") and the types come from it.
// Every number is a setting: ESSA sets the frame, each state's plan sets the numbers.
import { z } from 'zod';
import { STUDENT_GROUPS, isStudentGroup } from '../shared/catalogue.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import { MEASURE } from './types.ts';

const GROUP_KEYS = Object.keys(STUDENT_GROUPS).filter(isStudentGroup);
const StudentGroupSchema = z.enum(GROUP_KEYS);
const Percent = z.number().gt(0).max(100);
const MinimumN = z.number().int().min(1);

export const DesignationSchema = z.enum(['csi', 'tsi', 'atsi', 'low_performing']);
export type Designation = z.infer<typeof DesignationSchema>;

export const ComparisonSchema = z.enum(['<', '<=', '>', '>=']);
export type Comparison = z.infer<typeof ComparisonSchema>;

/** ESSA §1111(c)(4)(D)(i)(I): the lowest-performing X% (at least 5%) of Title I schools. */
export const CsiLowestPercentRuleSchema = z.object({
  kind: z.literal('csi_lowest_percent'),
  measure: z.string().min(1),
  percent: Percent,
  /** ESSA counts Title I schools only; a district may widen it for its own list. */
  titleIOnly: z.boolean().default(true),
  minimumN: MinimumN.optional(),
});

/** ESSA §1111(c)(4)(D)(i)(II): high schools graduating two-thirds or fewer of their students. */
export const CsiLowGraduationRuleSchema = z.object({
  kind: z.literal('csi_low_graduation'),
  measure: z.string().min(1).default(MEASURE.gradRate4yr),
  threshold: z.number().min(0).max(100),
  comparison: z.enum(['<', '<=']),
  minimumN: MinimumN.optional(),
});

/** ESSA §1111(d)(2)(A)(ii): a "consistently underperforming" group, as the state defines it. */
export const TsiRuleSchema = z.object({
  kind: z.literal('tsi_consistently_underperforming'),
  measure: z.string().min(1),
  years: z.number().int().min(1).max(10),
  /** Default: every student group but all students. */
  groups: z.array(StudentGroupSchema).optional(),
  criterion: z.discriminatedUnion('kind', [
    // The group's result is in the bottom X% of that group's results across all schools.
    z.object({ kind: z.literal('bottom_percent'), percent: Percent }),
    z.object({ kind: z.literal('below'), threshold: z.number(), comparison: z.enum(['<', '<=']) }),
  ]),
  minimumN: MinimumN.optional(),
});

/** ESSA §1111(d)(2)(C): a group performing as low as the all-students result of the CSI schools. */
export const AtsiRuleSchema = z.object({
  kind: z.literal('atsi'),
  measure: z.string().min(1),
  percent: Percent,
  groups: z.array(StudentGroupSchema).optional(),
  minimumN: MinimumN.optional(),
});

/** G.S. 115C-105.37(a): grade D or F and growth Met or NotMet. */
export const NcLowPerformingRuleSchema = z.object({
  kind: z.literal('nc_low_performing'),
  gradeMeasure: z.string().min(1).default(MEASURE.spgGrade),
  growthMeasure: z.string().min(1).default(MEASURE.growthStatus),
});

export const TierConditionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('measure'),
    measure: z.string().min(1),
    group: StudentGroupSchema.optional(),
    comparison: ComparisonSchema,
    value: z.number(),
  }),
  z.object({
    kind: z.literal('text'),
    measure: z.string().min(1),
    group: StudentGroupSchema.optional(),
    oneOf: z.array(z.string().min(1)).min(1),
  }),
  z.object({ kind: z.literal('designation'), designation: DesignationSchema }),
]);
export type TierCondition = z.infer<typeof TierConditionSchema>;

/** District tiers (DOMAIN.md §3; Dallas ISD, seed 002): first tier whose conditions hold wins. */
export const ThresholdTierRuleSchema = z.object({
  kind: z.literal('threshold_tier'),
  tiers: z
    .array(
      z.object({
        tier: z.string().min(1),
        match: z.enum(['all', 'any']).default('all'),
        conditions: z.array(TierConditionSchema).min(1),
      }),
    )
    .min(1),
  otherwise: z.string().min(1),
  minimumN: MinimumN.optional(),
});

export const RuleSchema = z.discriminatedUnion('kind', [
  CsiLowestPercentRuleSchema,
  CsiLowGraduationRuleSchema,
  TsiRuleSchema,
  AtsiRuleSchema,
  NcLowPerformingRuleSchema,
  ThresholdTierRuleSchema,
]);
export type Rule = z.infer<typeof RuleSchema>;
export type RuleOf<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

export const RuleSetSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    presetOf: z.string().min(1).optional(),
    /** Accountability minimum n (DOMAIN.md §6); a rule may set its own. */
    minimumN: MinimumN,
    rules: z.array(RuleSchema).min(1),
  })
  .refine((set) => set.rules.filter((r) => r.kind === 'threshold_tier').length <= 1, {
    message: 'A rule set has at most one set of tiers.',
    path: ['rules'],
  });
export type RuleSet = z.infer<typeof RuleSetSchema>;
/** What a caller may write: defaults not yet filled in. */
export type RuleSetInput = z.input<typeof RuleSetSchema>;

export interface FederalEssaOptions {
  /** Lowest X% of Title I schools (ESSA: not less than 5%). */
  csiPercent?: number;
  /** The state's summative rating. */
  summativeMeasure?: string;
  /** Two-thirds: 66.7 with '<=' reads "graduating two-thirds or fewer"; some states use < 67. */
  gradThreshold?: number;
  gradComparison?: '<' | '<=';
  /** 'grad_rate_4yr', or a 5-year rate where the state uses it. */
  gradMeasure?: string;
  tsiYears?: number;
  /** Bottom X% of a group's results statewide (Arizona: 2%). */
  tsiPercent?: number;
  tsiMeasure?: string;
  atsiPercent?: number;
  minimumN?: number;
  /** Intensive for CSI, targeted for TSI or ATSI, universal otherwise. Default on. */
  withTiers?: boolean;
}

/** The federal frame (ESSA, 20 U.S.C. §6311(c)(4)(D), (d)) with its numbers as settings. */
export function federalEssaPreset(options: FederalEssaOptions = {}): RuleSet {
  const summative = options.summativeMeasure ?? MEASURE.spgScore;
  const csiPercent = options.csiPercent ?? 5;
  const rules: Rule[] = [
    { kind: 'csi_lowest_percent', measure: summative, percent: csiPercent, titleIOnly: true },
    {
      kind: 'csi_low_graduation',
      measure: options.gradMeasure ?? MEASURE.gradRate4yr,
      threshold: options.gradThreshold ?? 66.7,
      comparison: options.gradComparison ?? '<=',
    },
    {
      kind: 'tsi_consistently_underperforming',
      measure: options.tsiMeasure ?? summative,
      years: options.tsiYears ?? 3,
      criterion: { kind: 'bottom_percent', percent: options.tsiPercent ?? 5 },
    },
    { kind: 'atsi', measure: summative, percent: options.atsiPercent ?? csiPercent },
  ];
  if (options.withTiers !== false) {
    rules.push({
      kind: 'threshold_tier',
      tiers: [
        {
          tier: 'intensive',
          match: 'all',
          conditions: [{ kind: 'designation', designation: 'csi' }],
        },
        {
          tier: 'targeted',
          match: 'any',
          conditions: [
            { kind: 'designation', designation: 'tsi' },
            { kind: 'designation', designation: 'atsi' },
          ],
        },
      ],
      otherwise: 'universal',
    });
  }
  return {
    id: 'federal-essa',
    name: 'Federal ESSA frame (CSI, TSI, ATSI)',
    presetOf: 'federal',
    minimumN: options.minimumN ?? DEFAULT_MINIMUM_N,
    rules,
  };
}

/** North Carolina's low-performing-school rule (G.S. 115C-105.37; DOMAIN.md §3). */
export function northCarolinaPreset(): RuleSet {
  return {
    id: 'nc-low-performing',
    name: 'North Carolina low-performing schools (G.S. 115C-105.37)',
    presetOf: 'north-carolina',
    minimumN: DEFAULT_MINIMUM_N,
    rules: [
      {
        kind: 'nc_low_performing',
        gradeMeasure: MEASURE.spgGrade,
        growthMeasure: MEASURE.growthStatus,
      },
    ],
  };
}
