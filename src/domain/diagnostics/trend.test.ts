import { describe, expect, it } from 'vitest';
import { fig, schoolYear, suppressed } from './diagnostics.fixtures.ts';
import { fitOls } from './ols.ts';
import {
  computeTrends,
  consecutiveYearsEndingAt,
  countRunFromEnd,
  fitLinearTrend,
  longestRun,
} from './trend.ts';

describe('fitLinearTrend', () => {
  it('agrees with the general regression solver', () => {
    const points = [
      { year: 2014, value: 51 },
      { year: 2015, value: 54.5 },
      { year: 2016, value: 53 },
      { year: 2018, value: 60.2 },
      { year: 2019, value: 61 },
    ];
    const ols = fitOls(
      [points.map((p) => p.year)],
      points.map((p) => p.value),
    );
    const t = fitLinearTrend(points);
    expect(t.slope).toBeCloseTo(ols.coefficients[1] ?? NaN, 9);
    expect(t.intercept).toBeCloseTo(ols.coefficients[0] ?? NaN, 5);
  });

  it('has no slope with one year', () => {
    expect(fitLinearTrend([{ year: 2019, value: 3 }]).slope).toBeNull();
  });
});

describe('computeTrends', () => {
  it('follows each school over every year, skipping suppressed years rather than reading zero', () => {
    const rows = [
      schoolYear('A', 2017, { spg_score: 50 }),
      schoolYear('A', 2019, { spg_score: 58 }),
      schoolYear('A', 2018, { spg_score: suppressed() }),
      schoolYear('B', 2019, { spg_score: fig(70, 5) }),
      schoolYear('B', 2018, { spg_score: 66 }),
    ];
    const [a, b] = computeTrends(rows, { measure: 'spg_score' });
    expect(a?.points).toEqual([
      { year: 2017, value: 50 },
      { year: 2019, value: 58 },
    ]);
    expect(a?.change).toBe(8);
    expect(a?.slopePerYear).toBeCloseTo(4, 12);
    expect(a?.firstYear).toBe(2017);
    // B's 2019 figure is about 5 students: below the minimum n, so only 2018 remains.
    expect(b?.points).toEqual([{ year: 2018, value: 66 }]);
    expect(b?.change).toBeNull();
    expect(b?.slopePerYear).toBeNull();
  });

  it('reads a student group', () => {
    const rows = [2018, 2019].map((y, i) =>
      schoolYear('A', y, {}, { groups: { el: { achievement_score: fig(30 + 5 * i, 40) } } }),
    );
    expect(computeTrends(rows, { measure: 'achievement_score', group: 'el' })[0]?.change).toBe(5);
  });
});

describe('consecutive years', () => {
  it('counts back from the end year', () => {
    expect(consecutiveYearsEndingAt([2015, 2017, 2018, 2019], 2019)).toBe(3);
    expect(consecutiveYearsEndingAt([2017, 2018], 2019)).toBe(0);
    expect(consecutiveYearsEndingAt(new Set([2019]), 2019)).toBe(1);
  });

  it('counts a run back from the end, asking no further than the first break', () => {
    const asked: number[] = [];
    const low = [true, false, true, true];
    expect(countRunFromEnd(4, (i) => (asked.push(i), low[i] === true))).toBe(2);
    expect(asked).toEqual([3, 2, 1]);
    expect(countRunFromEnd(0, () => true)).toBe(0);
  });

  it('finds the longest run, latest on a tie', () => {
    expect(longestRun([2014, 2015, 2017, 2018])).toEqual({ length: 2, from: 2017, to: 2018 });
    expect(longestRun([2019, 2012, 2013, 2014])).toEqual({ length: 3, from: 2012, to: 2014 });
    expect(longestRun([])).toBeNull();
  });
});
