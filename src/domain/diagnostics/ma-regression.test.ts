// Sanity check on real data (DOMAIN.md §4; ../shared/data/README.md): in Massachusetts 2017,
// the share of economically disadvantaged students (count / total enrollment — the file's own
// "% Economically Disadvantaged" column is corrupt) correlates about −0.74 with the grade-10
// ELA share scoring Proficient or Advanced. The regression must find the same relationship.
import { describe, expect, it } from 'vitest';
import { numberOrNull, readSharedCsv } from './public-data.fixtures.ts';
import { assessPerformanceAgainstPoverty, fitYear } from './regression.ts';
import { pearsonCorrelation } from './stats.ts';
import type { SchoolYearFigures } from './types.ts';

const OUTCOME_COLUMN = '% MCAS_10thGrade_English_P+A';
const TESTED_COLUMN = 'MCAS_10thGrade_English_Stud. Incl. #';

function readMa2017(): SchoolYearFigures[] {
  const rows: SchoolYearFigures[] = [];
  for (const r of readSharedCsv('ma-schools-2017/MA_Public_Schools_2017.csv.gz')) {
    const disadvantaged = numberOrNull(r['Economically Disadvantaged']);
    const enrollment = numberOrNull(r.TOTAL_Enrollment);
    const proficient = numberOrNull(r[OUTCOME_COLUMN]);
    if (disadvantaged === null || enrollment === null || enrollment <= 0 || proficient === null)
      continue;
    rows.push({
      schoolId: r['School Code'] ?? '',
      year: 2017,
      level: 'high',
      isTitleI: null,
      values: {
        pct_econ_disadv: {
          value: (100 * disadvantaged) / enrollment,
          text: null,
          status: 'reported',
          n: enrollment,
        },
        achievement_score: {
          value: proficient,
          text: null,
          status: 'reported',
          n: numberOrNull(r[TESTED_COLUMN]),
        },
      },
    });
  }
  return rows;
}

describe('MA 2017: grade-10 ELA proficiency against poverty', () => {
  const rows = readMa2017();
  const x = rows.map((r) => r.values.pct_econ_disadv?.value ?? NaN);
  const y = rows.map((r) => r.values.achievement_score?.value ?? NaN);
  const r = pearsonCorrelation(x, y);

  it('correlates about −0.74, as published', () => {
    console.log(
      `MA 2017: r = ${r.toFixed(3)} over ${rows.length} schools with grade-10 ELA results`,
    );
    expect(rows.length).toBeGreaterThan(300);
    expect(r).toBeGreaterThanOrEqual(-0.78);
    expect(r).toBeLessThanOrEqual(-0.7);
  });

  it('gives a regression whose R² is r² and whose slope is r·s_y/s_x', () => {
    const yf = fitYear(rows, { outcome: 'achievement_score', minimumN: 1 });
    expect(yf?.fit.n).toBe(rows.length);
    expect(yf?.fit.rSquared).toBeCloseTo(r * r, 10);
    const sd = (v: number[]) => {
      const m = v.reduce((s, a) => s + a, 0) / v.length;
      return Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1));
    };
    expect(yf?.fit.coefficients[1]).toBeCloseTo((r * sd(y)) / sd(x), 10);
    // Roughly 0.4 points of proficiency lost per point of poverty.
    expect(yf?.fit.coefficients[1]).toBeLessThan(-0.3);
  });

  it('finds some schools beating the odds and some below expectation', () => {
    const result = assessPerformanceAgainstPoverty(rows, {
      outcome: 'achievement_score',
      year: 2017,
    });
    const tally = new Map<string, number>();
    for (const s of result.schools)
      tally.set(s.classification, (tally.get(s.classification) ?? 0) + 1);
    console.log(`MA 2017 (CRPE, one year): ${JSON.stringify(Object.fromEntries(tally))}`);
    expect(tally.get('beating_the_odds') ?? 0).toBeGreaterThan(0);
    expect(tally.get('below_expectation') ?? 0).toBeGreaterThan(0);
    expect(tally.get('as_expected') ?? 0).toBeGreaterThan((tally.get('beating_the_odds') ?? 0) * 5);
  });
});
