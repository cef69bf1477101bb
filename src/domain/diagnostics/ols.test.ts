import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import { fitOls } from './ols.ts';

/** Gauss–Jordan elimination with partial pivoting, written independently of ols.ts. */
function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const pv = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= pv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((r) => r.slice(n));
}

describe('fitOls, one predictor', () => {
  // Poverty share and an outcome for eight schools.
  const x = [12, 25, 33, 41, 58, 64, 77, 90];
  const y = [82, 80, 71, 70, 61, 63, 49, 47];
  const fit = fitOls([x], y, ['pct_econ_disadv']);

  it('matches the closed form: slope = cov(x, y) / var(x), intercept = ȳ − b·x̄', () => {
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
      syy += (y[i]! - my) ** 2;
    }
    const slope = sxy / sxx;
    const intercept = my - slope * mx;
    expect(fit.coefficients[1]).toBeCloseTo(slope, 12);
    expect(fit.coefficients[0]).toBeCloseTo(intercept, 11);
    expect(fit.rSquared).toBeCloseTo((sxy * sxy) / (sxx * syy), 12);

    let rss = 0;
    for (let i = 0; i < n; i++) rss += (y[i]! - intercept - slope * x[i]!) ** 2;
    const sigma = Math.sqrt(rss / (n - 2));
    expect(fit.residualStandardError).toBeCloseTo(sigma, 11);
    expect(fit.degreesOfFreedom).toBe(6);
    expect(fit.standardErrors[1]).toBeCloseTo(sigma / Math.sqrt(sxx), 12);
    expect(fit.standardErrors[0]).toBeCloseTo(sigma * Math.sqrt(1 / n + (mx * mx) / sxx), 11);
    for (let i = 0; i < n; i++) {
      expect(fit.residuals[i]).toBeCloseTo(y[i]! - intercept - slope * x[i]!, 10);
      expect(fit.leverages[i]).toBeCloseTo(1 / n + (x[i]! - mx) ** 2 / sxx, 12);
    }
    expect(fit.names).toEqual(['intercept', 'pct_econ_disadv']);
  });
});

describe('fitOls, three predictors', () => {
  // Twelve schools: % econ. disadvantaged, % EL, % SWD and a proficiency rate.
  const pov = [15, 22, 35, 41, 48, 55, 63, 70, 76, 84, 90, 30];
  const el = [2, 5, 12, 3, 20, 8, 15, 25, 6, 18, 30, 1];
  const swd = [10, 12, 14, 9, 16, 13, 11, 18, 15, 12, 20, 8];
  const y = [81, 77, 66, 70, 55, 60, 54, 43, 52, 44, 35, 74];
  const fit = fitOls([pov, el, swd], y, ['pov', 'el', 'swd']);

  it('agrees with the normal equations solved by Gauss–Jordan elimination', () => {
    const rows = y.map((_, i) => [1, pov[i]!, el[i]!, swd[i]!]);
    const xtx = [0, 1, 2, 3].map((a) =>
      [0, 1, 2, 3].map((b) => rows.reduce((s, r) => s + r[a]! * r[b]!, 0)),
    );
    const xty = [0, 1, 2, 3].map((a) => rows.reduce((s, r, i) => s + r[a]! * y[i]!, 0));
    const inv = invert(xtx);
    const beta = inv.map((r) => r.reduce((s, v, k) => s + v * xty[k]!, 0));
    for (let k = 0; k < 4; k++) expect(fit.coefficients[k]).toBeCloseTo(beta[k]!, 9);

    const rss = rows.reduce(
      (s, r, i) => s + (y[i]! - r.reduce((t, v, k) => t + v * beta[k]!, 0)) ** 2,
      0,
    );
    const sigma2 = rss / (12 - 4);
    expect(fit.residualStandardError).toBeCloseTo(Math.sqrt(sigma2), 10);
    for (let k = 0; k < 4; k++)
      expect(fit.standardErrors[k]).toBeCloseTo(Math.sqrt(sigma2 * inv[k]![k]!), 9);
    const my = y.reduce((s, v) => s + v, 0) / y.length;
    const tss = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(fit.rSquared).toBeCloseTo(1 - rss / tss, 12);
    expect(fit.adjustedRSquared).toBeCloseTo(1 - ((rss / tss) * 11) / 8, 12);
    // Leverages sum to the number of parameters.
    expect(fit.leverages.reduce((s, v) => s + v, 0)).toBeCloseTo(4, 10);
    // Residuals are orthogonal to every predictor.
    for (const col of [pov, el, swd]) {
      expect(col.reduce((s, v, i) => s + v * fit.residuals[i]!, 0)).toBeCloseTo(0, 8);
    }
  });

  it('recovers exact coefficients from noiseless data', () => {
    const exact = pov.map((p, i) => 90 - 0.45 * p - 0.2 * el[i]! + 0.3 * swd[i]!);
    const f = fitOls([pov, el, swd], exact);
    expect(f.coefficients[0]).toBeCloseTo(90, 9);
    expect(f.coefficients[1]).toBeCloseTo(-0.45, 10);
    expect(f.coefficients[2]).toBeCloseTo(-0.2, 10);
    expect(f.coefficients[3]).toBeCloseTo(0.3, 10);
    expect(f.residualStandardError).toBeLessThan(1e-9);
  });
});

describe('fitOls, refusals', () => {
  it('refuses too few schools and collinear predictors with a bad-request error', () => {
    const tooFew = (() => {
      try {
        fitOls([[1, 2]], [3, 4]);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isAppError(tooFew) && tooFew.kind === 'bad_request').toBe(true);
    const a = [1, 2, 3, 4, 5, 6];
    expect(() => fitOls([a, a.map((v) => 2 * v + 1)], [3, 1, 4, 1, 5, 9])).toThrow(/collinear/);
  });
});
