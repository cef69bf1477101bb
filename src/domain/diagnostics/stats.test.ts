import { describe, expect, it } from 'vitest';
import {
  kthSmallest,
  mean,
  median,
  medianInPlace,
  midRankPercentiles,
  pearsonCorrelation,
  standardDeviation,
} from './stats.ts';

describe('descriptive statistics', () => {
  it('computes mean, sample standard deviation and median', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Σ(x − 5)² = 32; 32 / 7
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    const buffer = Float64Array.from([9, 1, 5, 3]);
    expect(medianInPlace(buffer)).toBe(4);
    expect(Array.from(buffer)).toEqual([1, 3, 5, 9]);
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });

  it('computes Pearson correlation', () => {
    expect(pearsonCorrelation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    // x = 1..5, y = 2,1,4,3,5: Σdxdy = 8, Σdx² = 10, Σdy² = 10
    expect(pearsonCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('gives mid-rank percentiles with shared ties', () => {
    expect(Array.from(midRankPercentiles([30, 10, 20, 40]))).toEqual([62.5, 12.5, 37.5, 87.5]);
    expect(Array.from(midRankPercentiles([5, 5, 9]))).toEqual([100 / 3, 100 / 3, (100 * 2.5) / 3]);
    expect(Array.from(midRankPercentiles([7]))).toEqual([50]);
  });

  it('agrees with counting by hand on data with many ties', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i * 37) % 23);
    const pct = midRankPercentiles(values);
    values.forEach((v, i) => {
      const below = values.filter((w) => w < v).length;
      const equal = values.filter((w) => w === v).length;
      expect(pct[i]).toBeCloseTo((100 * (below + equal / 2)) / values.length, 12);
    });
  });

  it('selects the k-th smallest value', () => {
    expect(kthSmallest([9, 1, 5, 3], 0)).toBe(1);
    expect(kthSmallest([9, 1, 5, 3], 2)).toBe(5);
    expect(kthSmallest([9, 1, 5, 3], 10)).toBe(9);
  });
});
