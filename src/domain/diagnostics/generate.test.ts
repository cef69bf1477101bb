import { describe, expect, it } from 'vitest';
import { generateSyntheticState } from './generate.ts';
import { pearsonCorrelation } from './stats.ts';
import { figureOf, reportedValue } from './types.ts';

describe('generateSyntheticState', () => {
  const rows = generateSyntheticState({ schools: 1_500, years: 3, firstYear: 2017, seed: 7 });

  it('makes N schools × Y years, the same for the same seed', () => {
    expect(rows).toHaveLength(4_500);
    expect(new Set(rows.map((r) => r.schoolId)).size).toBe(1_500);
    expect(rows[0]?.schoolId).toBe('S0001');
    expect(generateSyntheticState({ schools: 20, years: 2, seed: 7, firstYear: 2017 })).toEqual(
      generateSyntheticState({ schools: 20, years: 2, seed: 7, firstYear: 2017 }),
    );
    expect(generateSyntheticState({ schools: 20, years: 2, seed: 8 })).not.toEqual(
      generateSyntheticState({ schools: 20, years: 2, seed: 7 }),
    );
  });

  it('has proficiency and poverty correlated as in real states (about −0.74)', () => {
    const year = rows.filter((r) => r.year === 2019);
    const x = year.map((r) => reportedValue(figureOf(r, 'pct_econ_disadv')) ?? NaN);
    const y = year.map((r) => reportedValue(figureOf(r, 'achievement_score')) ?? NaN);
    const r = pearsonCorrelation(x, y);
    expect(r).toBeGreaterThan(-0.8);
    expect(r).toBeLessThan(-0.65);
  });

  it('gives every level, Title I schools, graduation rates for high schools and suppressed groups', () => {
    const levels = new Set(rows.map((r) => r.level));
    expect([...levels].sort()).toEqual(['combined', 'elementary', 'high', 'middle']);
    const share = rows.filter((r) => r.isTitleI).length / rows.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.8);
    expect(
      rows
        .filter((r) => r.level === 'high')
        .every((r) => r.values.grad_rate_4yr?.status === 'reported'),
    ).toBe(true);
    expect(rows.some((r) => r.groups?.el?.achievement_score?.status === 'suppressed')).toBe(true);
    const grades = new Set(rows.map((r) => r.values.spg_grade?.text));
    expect([...grades].sort()).toEqual(['A', 'B', 'C', 'D', 'F']);
  });
});
