import { describe, expect, it } from 'vitest';
import { fig, schoolYear, suppressed, wobble } from './diagnostics.fixtures.ts';
import { assessPerformanceAgainstPoverty, fitYear } from './regression.ts';
import { oneTailedP } from './student-t.ts';
import type { SchoolYearFigures } from './types.ts';

/** 40 schools per year on the line 85 − 0.45 × poverty with a ±2-point wobble, plus outliers. */
function state(years: number[], outliers: Record<string, number> = {}, n: number | null = 60) {
  const rows: SchoolYearFigures[] = [];
  for (const year of years) {
    for (let i = 0; i < 40; i++) {
      const id = `S${String(i).padStart(2, '0')}`;
      const poverty = 10 + 2 * i;
      const score = 85 - 0.45 * poverty + 2 * wobble(i * 7 + year) + (outliers[id] ?? 0);
      rows.push(
        schoolYear(id, year, {
          pct_econ_disadv: poverty,
          pct_el: 3 + (i % 7),
          pct_swd: 10 + (i % 5),
          spg_score: fig(score, n),
        }),
      );
    }
  }
  return rows;
}

describe('assessPerformanceAgainstPoverty, CRPE method', () => {
  const rows = state([2017, 2018, 2019], { S05: 12, S30: -12 });
  const result = assessPerformanceAgainstPoverty(rows, { outcome: 'spg_score', year: 2019 });
  const bySchool = new Map(result.schools.map((s) => [s.schoolId, s]));

  it('fits one regression per year averaged and rates every school of the judged year', () => {
    expect(result.fits.map((f) => f.year)).toEqual([2017, 2018, 2019]);
    expect(result.schools).toHaveLength(40);
    expect(result.method).toEqual({ kind: 'crpe', alpha: 0.05, years: 3 });
  });

  it('flags a school well above the line as beating the odds, one well below as below', () => {
    expect(bySchool.get('S05')?.classification).toBe('beating_the_odds');
    expect(bySchool.get('S30')?.classification).toBe('below_expectation');
    const ordinary = result.schools.filter((s) => s.schoolId !== 'S05' && s.schoolId !== 'S30');
    expect(ordinary.every((s) => s.classification === 'as_expected')).toBe(true);
  });

  it('averages the residuals over 3 years and tests them against the model variance', () => {
    const s05 = bySchool.get('S05');
    const expected = result.fits.map((yf) => {
      const i = yf.schoolIds.indexOf('S05');
      const sigma = yf.fit.residualStandardError;
      return { e: yf.fit.residuals[i] ?? 0, v: sigma ** 2 * (1 - (yf.fit.leverages[i] ?? 0)) };
    });
    const average = expected.reduce((s, o) => s + o.e, 0) / 3;
    const se = Math.sqrt(expected.reduce((s, o) => s + o.v, 0)) / 3;
    expect(s05?.yearsUsed).toEqual([2017, 2018, 2019]);
    expect(s05?.averageResidual).toBeCloseTo(average, 10);
    expect(s05?.tStatistic).toBeCloseTo(average / se, 10);
    expect(s05?.pValue).toBeCloseTo(oneTailedP(average / se, 38, 'upper'), 12);
    expect(s05?.residual).toBeCloseTo(expected[2]?.e ?? NaN, 10);
    expect((s05?.actual ?? 0) - (s05?.expected ?? 0)).toBeCloseTo(s05?.residual ?? NaN, 10);
  });

  it('explains itself in a sentence with the figures', () => {
    const reason = bySchool.get('S05')?.reason ?? '';
    expect(reason).toMatch(
      /^Beating the odds: Performance score \d+\.\d in 2019 against \d+\.\d expected for a school with 20\.0% economically disadvantaged students; 3-year average \+\d+\.\d points \(2017–2019\), one-tailed p [<=] 0\.\d+ < 0\.05 \(CRPE method\)\.$/,
    );
    expect(bySchool.get('S12')?.reason).toMatch(/^As expected: .*not below 0\.05/);
  });

  it('uses the years a school has when it is new', () => {
    const newcomer = schoolYear('NEW', 2019, { pct_econ_disadv: 50, spg_score: 62.5 });
    const r = assessPerformanceAgainstPoverty([...rows, newcomer], {
      outcome: 'spg_score',
      year: 2019,
    });
    const s = r.schools.find((x) => x.schoolId === 'NEW');
    expect(s?.yearsUsed).toEqual([2019]);
    expect(s?.reason).toMatch(/\(2019 only\)/);
  });
});

describe('assessPerformanceAgainstPoverty, refusals to rate', () => {
  it('does not rate a school whose outcome is suppressed, under the minimum n, or lacks poverty', () => {
    const rows = state([2019]);
    rows.push(schoolYear('SUP', 2019, { pct_econ_disadv: 40, spg_score: suppressed() }));
    rows.push(schoolYear('SMALL', 2019, { pct_econ_disadv: 40, spg_score: fig(70, 8) }));
    rows.push(schoolYear('NOPOV', 2019, { spg_score: 70 }));
    const r = assessPerformanceAgainstPoverty(rows, { outcome: 'spg_score', year: 2019 });
    const by = new Map(r.schools.map((s) => [s.schoolId, s]));
    expect(by.get('SUP')?.classification).toBe('not_rated');
    expect(by.get('SUP')?.reason).toBe('Not rated: Performance score is suppressed in 2019.');
    expect(by.get('SMALL')?.reason).toBe(
      'Not rated: Performance score is about fewer than 10 students (8).',
    );
    expect(by.get('NOPOV')?.reason).toBe(
      'Not rated: no % economically disadvantaged reported for 2019.',
    );
    // None of them entered the fit.
    expect(r.fits[0]?.fit.n).toBe(40);
  });
});

describe('assessPerformanceAgainstPoverty, Star Tribune band', () => {
  const rows = state([2019], { S05: 14, S06: 7, S30: -13 }, 30);
  rows.push(
    schoolYear('TINY', 2019, { pct_econ_disadv: 40, spg_score: fig(90, 20) }),
    schoolYear('UNK', 2019, { pct_econ_disadv: 40, spg_score: fig(90, null) }),
  );
  const r = assessPerformanceAgainstPoverty(rows, {
    outcome: 'spg_score',
    year: 2019,
    method: { kind: 'band' },
  });
  const by = new Map(r.schools.map((s) => [s.schoolId, s]));

  it('rates ±10 points as expected and needs 25 students tested', () => {
    expect(r.method).toEqual({ kind: 'band', band: 10, minimumTested: 25, years: 1 });
    expect(by.get('S05')?.classification).toBe('beating_the_odds');
    expect(by.get('S06')?.classification).toBe('as_expected');
    expect(by.get('S30')?.classification).toBe('below_expectation');
    expect(by.get('TINY')?.classification).toBe('not_rated');
    expect(by.get('TINY')?.reason).toBe(
      'Not rated: only 20 students were tested in 2019, and this method needs at least 25 (Star Tribune method).',
    );
    expect(by.get('UNK')?.reason).toMatch(/not published/);
    expect(by.get('S05')?.reason).toMatch(/beyond the ±10-point band; Star Tribune method\)\.$/);
  });

  it('can waive the tested-students rule when the state publishes no counts', () => {
    const waived = assessPerformanceAgainstPoverty(rows, {
      outcome: 'spg_score',
      year: 2019,
      method: { kind: 'band', minimumTested: 0 },
    });
    expect(waived.schools.find((s) => s.schoolId === 'UNK')?.classification).not.toBe('not_rated');
  });
});

describe('fitYear with several predictors and a student group', () => {
  it('fits on the group outcome with the school population as predictors', () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      schoolYear(
        `G${i}`,
        2019,
        { pct_econ_disadv: 20 + 2 * i, pct_el: 2 + (i % 6), pct_swd: 9 + (i % 4) },
        {
          groups: {
            econ_disadv: { achievement_score: fig(70 - 0.4 * (20 + 2 * i) + wobble(i), 40) },
          },
        },
      ),
    );
    const yf = fitYear(rows, {
      outcome: 'achievement_score',
      group: 'econ_disadv',
      predictors: ['pct_econ_disadv', 'pct_el', 'pct_swd'],
    });
    expect(yf?.fit.names).toEqual(['intercept', 'pct_econ_disadv', 'pct_el', 'pct_swd']);
    expect(yf?.fit.coefficients[1]).toBeCloseTo(-0.4, 1);
    expect(yf?.schoolIds).toHaveLength(30);
  });
});
