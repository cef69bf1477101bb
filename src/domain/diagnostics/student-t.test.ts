import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, oneTailedP, studentTCdf } from './student-t.ts';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    // ln Γ(101) = ln 100!
    let lnFactorial = 0;
    for (let k = 2; k <= 100; k++) lnFactorial += Math.log(k);
    expect(logGamma(101)).toBeCloseTo(lnFactorial, 9);
  });

  it('rejects non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('incompleteBeta', () => {
  it('matches closed forms', () => {
    // I_x(a, 1) = x^a ; I_x(1, b) = 1 − (1 − x)^b
    expect(incompleteBeta(3, 1, 0.4)).toBeCloseTo(0.4 ** 3, 13);
    expect(incompleteBeta(1, 4, 0.3)).toBeCloseTo(1 - 0.7 ** 4, 13);
    // I_x(1/2, 1/2) = (2/π) asin √x
    expect(incompleteBeta(0.5, 0.5, 0.2)).toBeCloseTo(
      (2 / Math.PI) * Math.asin(Math.sqrt(0.2)),
      12,
    );
    // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(incompleteBeta(2.5, 7, 0.35) + incompleteBeta(7, 2.5, 0.65)).toBeCloseTo(1, 13);
    expect(incompleteBeta(2, 3, 0)).toBe(0);
    expect(incompleteBeta(2, 3, 1)).toBe(1);
  });
});

describe('studentTCdf', () => {
  it('matches the Cauchy closed form for ν = 1', () => {
    for (const t of [-5, -1, -0.3, 0, 0.7, 2, 12]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    }
  });

  it('matches the closed form for ν = 2', () => {
    for (const t of [-3, -0.5, 0, 1, 4.2]) {
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  it('matches printed critical values', () => {
    // One-tailed 5% critical values from any t table.
    expect(oneTailedP(1.812461, 10, 'upper')).toBeCloseTo(0.05, 6);
    expect(oneTailedP(2.919986, 2, 'upper')).toBeCloseTo(0.05, 6);
    expect(oneTailedP(-1.644854, 1e6, 'lower')).toBeCloseTo(0.05, 5);
    // Two-tailed 5%: t = 2.228139 with 10 df.
    expect(2 * (1 - studentTCdf(2.228139, 10))).toBeCloseTo(0.05, 6);
  });

  it('approaches the normal distribution for many degrees of freedom', () => {
    // Φ(1.96) = 0.9750021
    expect(studentTCdf(1.96, 9_000)).toBeCloseTo(0.975, 3);
    expect(studentTCdf(1.96, 100_000)).toBeCloseTo(0.9750021, 4);
  });

  it('handles infinities and rejects bad degrees of freedom', () => {
    expect(studentTCdf(Infinity, 5)).toBe(1);
    expect(studentTCdf(-Infinity, 5)).toBe(0);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});
