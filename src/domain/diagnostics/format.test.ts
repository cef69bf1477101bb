import { describe, expect, it } from 'vitest';
import {
  describeFigure,
  formatNumber,
  formatSigned,
  formatYears,
  isHigherBetter,
  measureLabel,
  ordinal,
  plural,
} from './format.ts';

describe('format', () => {
  it('formats numbers as en-US with fixed decimals', () => {
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(1234567, 0)).toBe('1,234,567');
    expect(formatNumber(-12.34)).toBe('-12.3');
    expect(formatNumber(-0.04)).toBe('0.0');
    expect(formatNumber(999.96)).toBe('1,000.0');
    expect(formatNumber(5, 2)).toBe('5.00');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    for (const v of [0, 1, 12.25, 999, 1000, 65_432.1, -7_000_000.5]) {
      expect(formatNumber(v, 1)).toBe(
        v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      );
    }
    expect(formatSigned(3.25)).toBe('+3.3');
    expect(formatSigned(-3.25)).toBe('−3.3');
  });

  it('words figures with their catalogue labels', () => {
    expect(describeFigure('grad_rate_4yr', 64.2)).toBe('Graduation rate (4-year) 64.2%');
    expect(describeFigure('spg_score', 54)).toBe('Performance score 54.0');
    expect(measureLabel('district_own_measure')).toBe('district_own_measure');
    expect(isHigherBetter('chronic_absence_rate')).toBe(false);
    expect(isHigherBetter('spg_score')).toBe(true);
  });

  it('words years, ordinals and plurals', () => {
    expect(formatYears([2019, 2017, 2018])).toBe('2017–2019');
    expect(formatYears([2019])).toBe('2019');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
    expect(plural(1, 'school')).toBe('1 school');
    expect(plural(2_600, 'school')).toBe('2,600 schools');
  });
});
