import { describe, expect, it } from 'vitest';
import { aggregateOutcomes } from './aggregates.ts';
import { fitOls } from './ols.ts';

describe('aggregateOutcomes', () => {
  const poverty = [10, 20, 30, 40, 50, 60, 70, 80];
  const outcome = [90, 84, 75, 70, 66, 52, 50, 41];
  const cols = {
    year: Int32Array.from([2019, 2019, 2019, 2019, 2019, 2019, 2019, 2019]),
    level: Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 2]),
    titleI: Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 1]),
    outcome: Float64Array.from(outcome),
    poverty: Float64Array.from(poverty),
  };

  it('gives the same line as the QR least-squares fit', () => {
    const [agg] = aggregateOutcomes(cols);
    const fit = fitOls([poverty], outcome, ['poverty']);
    expect(agg?.intercept).toBeCloseTo(fit.coefficients[0] ?? 0, 9);
    expect(agg?.slope).toBeCloseTo(fit.coefficients[1] ?? 0, 9);
    expect(agg?.rSquared).toBeCloseTo(fit.rSquared, 9);
  });

  it('takes the 5% cut among Title I schools as quantile_disc does, and level means', () => {
    const [agg] = aggregateOutcomes(cols);
    // Title I outcomes 41, 50, 52, 66, 70: ⌈0.05 × 5⌉ = 1st smallest.
    expect(agg?.titleICut).toBe(41);
    expect(aggregateOutcomes(cols, 0.5)[0]?.titleICut).toBe(52);
    expect(agg?.levelMeans.get(0)).toEqual({ n: 3, mean: 83 });
    expect(agg?.n).toBe(8);
  });
});
