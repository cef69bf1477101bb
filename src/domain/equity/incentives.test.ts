import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import {
  DALLAS_HIGH_NEED_STIPENDS,
  DCPS_IMPACT_PLUS,
  annualCost,
  categoryOf,
  compareAwardeeRetention,
  eligibleStaff,
  hardToStaffAllowance,
  projectEquityGap,
  type IncentiveProgram,
  type IncentiveSchool,
  type IncentiveStaff,
} from './incentives.ts';
import type { RetentionSubject } from './incentive-effects.ts';

const schools: IncentiveSchool[] = [
  {
    schoolId: 'T40',
    name: 'Target School',
    povertyQuartile: 4,
    tier: 'high-need',
    identification: 'target-40',
  },
  {
    schoolId: 'HP',
    name: 'High-Poverty School',
    povertyQuartile: 4,
    tier: 'high-need',
    identification: null,
  },
  {
    schoolId: 'LP',
    name: 'Low-Poverty School',
    povertyQuartile: 1,
    tier: null,
    identification: null,
    hardToStaff: true,
  },
];
const person = (
  staffId: string,
  schoolId: string,
  rating: string | null,
  role: IncentiveStaff['role'] = 'teacher',
): IncentiveStaff => ({
  staffId,
  schoolId,
  rating,
  role,
});

describe('IMPACTplus-style bonus (DOMAIN.md §5)', () => {
  const staff = [
    person('a', 'T40', 'Highly Effective'),
    person('b', 'HP', 'highly effective'),
    person('c', 'LP', 'Highly Effective'),
    person('d', 'T40', 'Effective'),
    person('e', 'T40', 'Highly Effective', 'principal'),
  ];
  const result = eligibleStaff(DCPS_IMPACT_PLUS, staff, schools);

  it('pays most to the highest-rated in the 40 lowest-performing schools: 10× the low-poverty bonus', () => {
    const amounts = Object.fromEntries(result.eligible.map((a) => [a.staffId, a.amount]));
    expect(amounts).toEqual({ a: 20_000, b: 10_000, c: 2_000 });
    expect((amounts.a ?? 0) / (amounts.c ?? 1)).toBe(10);
  });

  it('says why each person is or is not eligible', () => {
    expect(result.eligible.find((a) => a.staffId === 'a')?.reasons).toEqual([
      'Highly Effective at Target School (the 40 lowest-performing schools): $20,000.',
    ]);
    expect(result.ineligible).toEqual([
      {
        staffId: 'd',
        reason: 'No award for a rating of Effective in the 40 lowest-performing schools.',
      },
      { staffId: 'e', reason: 'The program is not open to the principal role.' },
    ]);
  });

  it('costs the sum of awards and prorates over a budget cap', () => {
    expect(annualCost(DCPS_IMPACT_PLUS, result.eligible).firstYear).toBe(32_000);
    const capped = annualCost({ ...DCPS_IMPACT_PLUS, budgetCap: 16_000 }, result.eligible);
    expect(capped.budget).toEqual({ cap: 16_000, withinBudget: false, prorateFactor: 0.5 });
    expect(capped.firstYear).toBe(16_000);
    expect(capped.explanation.at(-1)).toBe(
      'That is over the $16,000 budget, so every award is scaled to 50.0%.',
    );
    const reported = annualCost(
      { ...DCPS_IMPACT_PLUS, budgetCap: 16_000, budgetRule: 'report' },
      result.eligible,
    );
    expect(reported.firstYear).toBe(32_000);
    expect(reported.explanation.at(-1)).toBe('That is over the $16,000 budget by $16,000.');
  });
});

describe('Dallas-style stipends and hard-to-staff allowances', () => {
  it('pays effective teachers and principals in high-need schools $5,000–$15,000', () => {
    const staff = [
      person('t1', 'HP', 'Effective'),
      person('t2', 'HP', 'Distinguished'),
      person('p1', 'T40', 'Highly Effective', 'principal'),
      person('t3', 'LP', 'Distinguished'),
    ];
    const { eligible, ineligible } = eligibleStaff(DALLAS_HIGH_NEED_STIPENDS, staff, schools);
    expect(eligible.map((a) => [a.staffId, a.amount])).toEqual([
      ['t1', 5_000],
      ['t2', 15_000],
      ['p1', 15_000],
    ]);
    expect(ineligible[0]?.reason).toBe(
      "Low-Poverty School is in none of the program's school categories.",
    );
    for (const cell of DALLAS_HIGH_NEED_STIPENDS.awards) {
      expect(cell.amount).toBeGreaterThanOrEqual(5_000);
      expect(cell.amount).toBeLessThanOrEqual(15_000);
    }
  });

  it('gives a flat allowance to everyone in the listed schools, whatever their rating', () => {
    const program = hardToStaffAllowance(3_000, ['LP']);
    const { eligible } = eligibleStaff(
      program,
      [person('x', 'LP', null), person('y', 'HP', 'Effective')],
      schools,
    );
    expect(eligible.map((a) => [a.staffId, a.amount])).toEqual([['x', 3_000]]);
  });
});

describe('caps and multi-year conditions', () => {
  const program: IncentiveProgram = {
    key: 'retain',
    name: 'Stay-and-grow bonus',
    source: 'test',
    roles: ['teacher'],
    categories: [{ category: 'q4', label: 'a highest-poverty school', povertyQuartiles: [4] }],
    awards: [{ rating: '*', category: 'q4', amount: 9_000 }],
    capPerPerson: 12_000,
    multiYear: { mustStayYears: 3, installments: [0.2, 0.3, 0.5] },
  };

  it('caps a person with two assignments at the per-person cap', () => {
    const { eligible } = eligibleStaff(
      program,
      [person('a', 'T40', null), person('a', 'HP', null)],
      schools,
    );
    expect(eligible).toHaveLength(1);
    expect(eligible[0]?.amount).toBe(12_000);
    expect(eligible[0]?.reasons.at(-1)).toBe('Capped at $12,000 per person.');
  });

  it('pays installments to those who stay: expected = award × share × retention^year', () => {
    const { eligible } = eligibleStaff(
      program,
      [person('a', 'T40', null), person('b', 'HP', null)],
      schools,
    );
    const cost = annualCost(program, eligible, { retentionOfEligible: 0.8 });
    expect(cost.committed).toBe(18_000);
    expect(cost.schedule.map((s) => Number(s.expected.toFixed(6)))).toEqual([
      18_000 * 0.2 * 0.8,
      Number((18_000 * 0.3 * 0.64).toFixed(6)),
      Number((18_000 * 0.5 * 0.512).toFixed(6)),
    ]);
    expect(cost.schedule.map((s) => s.maximum)).toEqual([3_600, 5_400, 9_000]);
  });

  it('refuses installments that do not add up to the award', () => {
    try {
      annualCost({ ...program, multiYear: { mustStayYears: 2, installments: [0.5, 0.4] } }, []);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.message).toMatch(/add up/);
    }
  });
});

describe('projectEquityGap', () => {
  const baseline = {
    measureLabel: 'inexperienced teachers',
    high: { teachers: 100, count: 20 },
    low: { teachers: 100, count: 10 },
    eligibleInHigh: 40,
    retentionWithoutProgram: 0.8,
    retentionOfOthers: 0.8,
  };

  it('works the arithmetic through and explains it', () => {
    const projection = projectEquityGap(DCPS_IMPACT_PLUS, baseline, {
      retentionOfEligible: 0.9,
      movesIn: 2,
      replacementRate: 0.5,
    });
    // Without: openings 40×0.2 + 60×0.2 = 20, all new hires: 20×0.8 + 20×0.5 = 26 → 26%.
    expect(projection.withoutProgram.ratePercent).toBeCloseTo(26, 12);
    // With: openings 40×0.1 + 60×0.2 = 16; 2 movers; 14 hires: 16 + 7 = 23 → 23%.
    expect(projection.withProgram.ratePercent).toBeCloseTo(23, 12);
    expect(projection.withProgram.gapPoints).toBeCloseTo(13, 12);
    expect(projection.changePoints).toBeCloseTo(3, 12);
    expect(projection.withProgram.steps[0]).toBe(
      'Year 1: 4.0 eligible and 12.0 other teachers leave (16.0 openings); 2.0 filled by eligible teachers moving in, ' +
        '14.0 by new hires of whom 50.0% are inexperienced teachers; inexperienced teachers: 20.0 × 80.0% staying + ' +
        '14.0 × 50.0% = 23.0 of 100.',
    );
    expect(projection.explanation[1]).toBe(
      'Without IMPACTplus-style bonus, next year: 26.0% (gap 16.0 points). With it: 23.0% (gap 13.0 points).',
    );
  });

  it('places no more movers than there are openings, and says so', () => {
    const projection = projectEquityGap(DCPS_IMPACT_PLUS, baseline, {
      retentionOfEligible: 1,
      movesIn: 50,
    });
    expect(projection.withProgram.steps[1]).toMatch(
      /Only 12\.0 openings: 38\.0 would-be movers find no place/,
    );
  });

  it('rejects impossible baselines', () => {
    expect(() =>
      projectEquityGap(
        DCPS_IMPACT_PLUS,
        { ...baseline, eligibleInHigh: 90 },
        { retentionOfEligible: 0.9, movesIn: 0 },
      ),
    ).toThrow(/cannot together exceed/);
    expect(() =>
      projectEquityGap(DCPS_IMPACT_PLUS, baseline, { retentionOfEligible: 1.2, movesIn: 0 }),
    ).toThrow(/between 0 and 1/);
  });
});

describe('compareAwardeeRetention', () => {
  const subject = (
    id: string,
    rating: string,
    years: number,
    outcome: RetentionSubject['outcome'],
  ): RetentionSubject => ({
    staffId: id,
    rating,
    yearsExperience: years,
    schoolQuartile: 4,
    outcome,
  });
  const many = (prefix: string, rating: string, years: number, stayed: number, left: number) => [
    ...Array.from({ length: stayed }, (_, i) => subject(`${prefix}s${i}`, rating, years, 'stayed')),
    ...Array.from({ length: left }, (_, i) => subject(`${prefix}l${i}`, rating, years, 'left')),
  ];

  it('compares within strata and reweights the comparison to the awardees’ mix', () => {
    // Awardees: 20 HE novices (18 stay), 10 HE veterans (10 stay).
    // Non-awardees: HE novices 50% stay, HE veterans 90% stay; an unmatched Effective stratum.
    const awardees = [
      ...many('a', 'Highly Effective', 1, 18, 2),
      ...many('b', 'Highly Effective', 12, 10, 0),
      ...many('u', 'Effective', 4, 3, 0),
    ];
    const others = [
      ...many('c', 'Highly Effective', 1, 10, 10),
      ...many('d', 'Highly Effective', 12, 9, 1),
    ];
    const comparison = compareAwardeeRetention(awardees, others);
    expect(comparison.awardees.percent).toBeCloseTo((28 / 30) * 100, 12);
    // Reweighted: (20 × 50% + 10 × 90%) / 30 = 63.3%.
    expect(comparison.comparison.percent).toBeCloseTo((19 / 30) * 100, 12);
    expect(comparison.differencePoints).toBeCloseTo(30, 12);
    expect(comparison.unmatchedAwardees).toBe(3);
    expect(comparison.explanation).toBe(
      '93% of awardees stayed in the same school against 63% of similar teachers without an award ' +
        '(same rating, experience band and school poverty quartile; 30 awardees, 30 comparisons): 30 points higher. ' +
        '3 awardees had no similar non-awardee and are left out. A comparison, not proof the award caused the difference.',
    );
  });

  it('declines to compare tiny groups', () => {
    const comparison = compareAwardeeRetention(many('a', 'HE', 1, 3, 1), many('b', 'HE', 1, 3, 1));
    expect(comparison.differencePoints).toBeNull();
    expect(comparison.explanation).toMatch(/Too few/);
  });
});

describe('schools holding several designations', () => {
  it('a category naming any one of them matches', () => {
    const program = {
      ...hardToStaffAllowance(1_000, ['-']),
      categories: [{ category: 'atsi', label: 'an ATSI school', identifications: ['atsi'] }],
      awards: [{ rating: '*', category: 'atsi', amount: 1_000 }],
    };
    const school = {
      schoolId: 'x',
      povertyQuartile: 4 as const,
      tier: null,
      identification: 'csi',
      identifications: ['csi', 'atsi'],
    };
    expect(categoryOf(program, school)?.category).toBe('atsi');
    expect(categoryOf(program, { ...school, identifications: ['csi'] })).toBeNull();
  });
});
