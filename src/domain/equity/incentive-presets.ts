// Incentive program presets (DOMAIN.md §5): the seed examples a real program must be able to
// express. Where a source gives only a range or a ratio, the remaining amounts are marked
// illustrative: a district sets its own.
import type { IncentiveProgram } from './incentives.ts';

/**
 * DCPS IMPACTplus: the largest bonuses to the highest-rated teachers in the lowest-income
 * schools — up to $20,000 in the 40 lowest-performing schools, ten times the low-poverty bonus
 * (so $2,000). The $10,000 for other high-poverty schools is illustrative: set your own.
 * Mark the 40 schools with identification 'target-40'.
 */
export const DCPS_IMPACT_PLUS = {
  key: 'dcps_impact_plus',
  name: 'IMPACTplus-style bonus',
  source: 'DCPS IMPACTplus (DOMAIN.md §5); the high-poverty amount is illustrative.',
  roles: ['teacher'],
  categories: [
    {
      category: 'target_40',
      label: 'the 40 lowest-performing schools',
      identifications: ['target-40'],
    },
    { category: 'high_poverty', label: 'a highest-poverty-quartile school', povertyQuartiles: [4] },
    { category: 'other', label: 'any other school' },
  ],
  awards: [
    { rating: 'Highly Effective', category: 'target_40', amount: 20_000 },
    { rating: 'Highly Effective', category: 'high_poverty', amount: 10_000 },
    { rating: 'Highly Effective', category: 'other', amount: 2_000 },
  ],
} as const satisfies IncentiveProgram;

/**
 * Dallas ISD: stipends of $5,000–$15,000 for effective teachers and principals in high-need
 * schools. The split of the range by rating is illustrative; mark the schools with tier 'high-need'.
 */
export const DALLAS_HIGH_NEED_STIPENDS = {
  key: 'dallas_high_need',
  name: 'High-need school stipends (Dallas-style)',
  source: 'Dallas ISD stipends of $5,000–$15,000 (DOMAIN.md §5); amounts by rating illustrative.',
  roles: ['teacher', 'principal'],
  categories: [{ category: 'high_need', label: 'a high-need school', tiers: ['high-need'] }],
  awards: [
    { rating: 'Effective', category: 'high_need', amount: 5_000, roles: ['teacher'] },
    { rating: 'Highly Effective', category: 'high_need', amount: 10_000, roles: ['teacher'] },
    { rating: 'Distinguished', category: 'high_need', amount: 15_000, roles: ['teacher'] },
    { rating: 'Effective', category: 'high_need', amount: 10_000, roles: ['principal'] },
    { rating: 'Highly Effective', category: 'high_need', amount: 15_000, roles: ['principal'] },
  ],
} as const satisfies IncentiveProgram;

/** A flat allowance for everyone teaching in the listed hard-to-staff schools (Finland-style). */
export function hardToStaffAllowance(
  amount: number,
  schoolIds: readonly string[],
  name = 'Hard-to-staff allowance',
): IncentiveProgram {
  return {
    key: 'hard_to_staff',
    name,
    source: 'Allowances for hard-to-staff schools (DOMAIN.md §5: Finland’s rural allowances).',
    roles: ['teacher'],
    categories: [{ category: 'hard_to_staff', label: 'a hard-to-staff school', schoolIds }],
    awards: [{ rating: '*', category: 'hard_to_staff', amount }],
  };
}
