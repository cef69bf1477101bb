// Correctness against published data (issue 4): North Carolina's low-performing rule
// (G.S. 115C-105.37), run through the NC preset on DPI's own School Report Card files,
// reproduces DPI's published designation (rcd_acc_lowperf.lp_school) for every school.
import { describe, expect, it } from 'vitest';
import { runRuleSet } from './identification.ts';
import { readSharedCsv } from './public-data.fixtures.ts';
import { northCarolinaPreset } from './rule-set.ts';
import type { Figure, SchoolYearFigures } from './types.ts';

const text = (cell: string | undefined): Figure =>
  cell === undefined || cell.trim() === ''
    ? { value: null, text: null, status: 'missing', n: null }
    : { value: null, text: cell.trim(), status: 'reported', n: null };

function compare(year: number) {
  // One row per school for all students; K-2 feeder and alternative-model schools included.
  const spg = new Map(
    readSharedCsv(`nc-dpi-src/${year}/rcd_acc_spg2.csv.gz`)
      .filter((r) => r.subgroup === 'ALL')
      .map((r) => [r.agency_code ?? '', r]),
  );
  // The published designation; LEA and state rows carry no lp_school and are not schools.
  const published = readSharedCsv(`nc-dpi-src/${year}/rcd_acc_lowperf.csv`).filter(
    (r) => r.lp_school === 'Y' || r.lp_school === 'N',
  );
  const rows: SchoolYearFigures[] = published.map((p) => {
    const s = spg.get(p.agency_code ?? '');
    return {
      schoolId: p.agency_code ?? '',
      year,
      level: 'other',
      isTitleI: null,
      values: { spg_grade: text(s?.spg_grade), growth_status: text(s?.eg_status) },
    };
  });
  const results = runRuleSet(northCarolinaPreset(), rows, year);
  const expected = new Map(published.map((p) => [p.agency_code ?? '', p.lp_school === 'Y']));
  const disagreements = results.filter((r) => r.identified !== expected.get(r.schoolId));
  const agree = results.length - disagreements.length;
  const count = (n: number) => n.toLocaleString('en-US');
  const withGrade = rows.filter((r) => r.values.spg_grade?.status === 'reported').length;
  const withoutSpgRow = published.filter((p) => !spg.has(p.agency_code ?? '')).length;
  // The two exclusions of G.S. 115C-105.37, which a "grade D or F" rule alone would get wrong.
  const dfExceeded = results.filter((r) => r.reasons[0]?.includes('growth Exceeded')).length;
  const dfNoGrowth = results.filter((r) => r.reasons[0]?.includes('but no growth status')).length;
  console.log(
    `${year}: ${count(agree)} of ${count(results.length)} schools agree ` +
      `(${count(results.filter((r) => r.identified).length)} low-performing; ${count(withGrade)} with a grade; ` +
      `${dfExceeded} graded D/F that Exceeded growth and ${dfNoGrowth} graded D/F with no growth status, ` +
      `correctly not low-performing; ${withoutSpgRow} published schools with no SPG row, correctly not low-performing)`,
  );
  return {
    results,
    disagreements,
    dfExceeded,
    dfNoGrowth,
    unmatched: [...spg.keys()].filter((k) => !expected.has(k)),
  };
}

describe('NC low-performing schools, against DPI’s published designation', () => {
  it('2019: agrees for every school', () => {
    const { results, disagreements, unmatched, dfExceeded, dfNoGrowth } = compare(2019);
    expect(results.length).toBeGreaterThan(2_600);
    expect(disagreements).toEqual([]);
    expect([dfExceeded, dfNoGrowth]).toEqual([49, 17]);
    expect(results.filter((r) => r.identified).length).toBe(488);
    // Every all-students SPG row has a published designation.
    expect(unmatched).toEqual([]);
  });

  it('2018: agrees for every school', () => {
    const { results, disagreements, unmatched, dfExceeded, dfNoGrowth } = compare(2018);
    expect(results.length).toBeGreaterThan(2_600);
    expect(disagreements).toEqual([]);
    expect([dfExceeded, dfNoGrowth]).toEqual([69, 15]);
    expect(results.filter((r) => r.identified).length).toBe(479);
    // The one all-students SPG row without a designation is the state itself.
    expect(unmatched).toEqual(['NC-SEA']);
  });
});
