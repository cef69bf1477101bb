import { describe, expect, it } from 'vitest';
import {
  californiaLcff,
  computeWeightedFunding,
  connecticutWeights,
  testComparability,
  type ComparabilitySchool,
  type FundingFormula,
} from './funding.ts';

describe('weighted student funding', () => {
  it('base × Σ(1 + weights) + fixed amounts, hand-worked', () => {
    const formula: FundingFormula = {
      key: 'district',
      name: 'District WSF',
      source: 'test',
      basePerPupil: 5_000,
      weights: [
        { key: 'poverty', label: 'Poverty', weight: 0.3 },
        { key: 'swd', label: 'Students with disabilities', weight: 0.9 },
      ],
      fixed: [
        { label: 'Principal and office', amount: 250_000 },
        { label: 'Small-school supplement', amount: 100_000, maxEnrollment: 300 },
      ],
    };
    const { schools, total } = computeWeightedFunding(formula, [
      { schoolId: 'a', name: 'Adams', enrollment: 400, counts: { poverty: 200, swd: 40 } },
      { schoolId: 'b', name: 'Baker', enrollment: 250, counts: { poverty: 50 } },
    ]);
    // Adams: 400 + 0.3 × 200 + 0.9 × 40 = 496 weighted students × $5,000 + $250,000.
    expect(schools[0]?.weightedEnrollment).toBeCloseTo(496, 9);
    expect(schools[0]?.allocation).toBeCloseTo(2_730_000, 6);
    // Baker: (250 + 15) × $5,000 + $250,000 + $100,000.
    expect(schools[1]?.allocation).toBeCloseTo(1_675_000, 6);
    expect(total).toBeCloseTo(4_405_000, 6);
    expect(schools[0]?.explanation).toBe(
      'Adams: 400 students count as 496.0 weighted students (Poverty +0.3 × 200; Students with disabilities +0.9 × 40; ' +
        'Principal and office $250,000) at $5,000 each: $2,730,000, $6,825 per pupil.',
    );
  });

  it('Connecticut: poverty +0.30, EL +0.15, concentrated poverty +0.05 beyond 75%', () => {
    const { schools } = computeWeightedFunding(connecticutWeights(10_000), [
      { schoolId: 'x', enrollment: 100, counts: { poverty: 80, el: 10 } },
      { schoolId: 'y', enrollment: 100, counts: { poverty: 70, el: 0 } },
    ]);
    // x: 100 + 0.30 × 80 + 0.15 × 10 + 0.05 × (80 − 75) = 125.75 → $1,257,500.
    expect(schools[0]?.weightedEnrollment).toBeCloseTo(125.75, 9);
    expect(schools[0]?.allocation).toBeCloseTo(1_257_500, 6);
    // y: below 75%, no concentration weight.
    expect(schools[1]?.lines.map((l) => l.label)).toEqual(['Base', 'Low-income']);
  });

  it('California LCFF: +20% per high-need pupil, +65% beyond 55%', () => {
    const { schools } = computeWeightedFunding(californiaLcff(10_000), [
      { schoolId: 'z', enrollment: 200, counts: { unduplicated: 150 } },
    ]);
    // 200 + 0.2 × 150 + 0.65 × (150 − 110) = 256.
    expect(schools[0]?.weightedEnrollment).toBeCloseTo(256, 9);
  });

  it('never counts more students in a category than are enrolled', () => {
    const { schools } = computeWeightedFunding(connecticutWeights(1), [
      { schoolId: 'bad', enrollment: 10, counts: { poverty: 50 } },
    ]);
    expect(schools[0]?.lines[1]?.students).toBe(10);
  });
});

describe('Title I comparability (110%)', () => {
  const s = (
    schoolId: string,
    gradeSpan: string,
    isTitleI: boolean,
    students: number,
    instructionalFte: number,
  ): ComparabilitySchool => ({
    schoolId,
    name: schoolId,
    gradeSpan,
    isTitleI,
    students,
    instructionalFte,
  });

  it('compares each Title I school with 110% of the non-Title I average in its span', () => {
    const { schools, allComparable } = testComparability([
      s('N1', 'K-5', false, 400, 25), // 16.0
      s('N2', 'K-5', false, 360, 20), // 18.0 → pooled 760 / 45 = 16.89; limit 18.58
      s('T1', 'K-5', true, 500, 28), // 17.86: comparable
      s('T2', 'K-5', true, 600, 30), // 20.0: not comparable
      s('M1', '6-8', true, 700, 30), // only Title I middle schools
      s('M2', '6-8', true, 650, 30),
    ]);
    const byId = Object.fromEntries(schools.map((r) => [r.schoolId, r]));
    expect(byId.T1?.status).toBe('comparable');
    expect(byId.T2?.status).toBe('not_comparable');
    expect(byId.T2?.limit).toBeCloseTo((760 / 45) * 1.1, 9);
    expect(byId.T2?.reason).toBe(
      'T2: 20.0 students per instructional FTE against a non-Title I K-5 average of 16.9; the limit (110%) is 18.6: ' +
        'not comparable — about 2.3 more FTE would meet it.',
    );
    expect(byId.N1?.status).toBe('comparison_school');
    expect(byId.M1?.status).toBe('not_tested');
    expect(byId.M1?.reason).toMatch(/No non-Title I 6-8 school/);
    expect(allComparable).toBe(false);
  });

  it('the average can be the mean of school ratios, and a lone school in a span is not tested', () => {
    const { schools } = testComparability(
      [
        s('N1', 'K-5', false, 400, 25),
        s('N2', 'K-5', false, 360, 20),
        s('T1', 'K-5', true, 560, 30),
        s('H', '9-12', true, 900, 50),
      ],
      { average: 'mean_of_schools' },
    );
    expect(schools[0]?.comparisonAverage).toBe(17);
    expect(schools.find((r) => r.schoolId === 'T1')?.status).toBe('comparable');
    expect(schools.find((r) => r.schoolId === 'H')?.reason).toBe(
      'H is the only 9-12 school: the test does not apply.',
    );
  });
});
