// Correctness against published data (issue 5): NC DPI's rcd_eq 2019 classifies each school
// HIGH / LOW / NEITHER poverty and gives its teachers, beginning teachers (< 3 years) and
// provisional teachers. DOMAIN.md §5 and the data README quote DPI: high-poverty schools average
// 19.9% beginning teachers against 11.6% in low-poverty schools.
//
// What the file shows: it holds school rows only (no state or LEA aggregate rows), and 19.9% and
// 11.6% are the *school averages* (the mean of the schools' percentages) — the teacher-weighted
// rates ESSA asks for are 20.4% and 11.5%. This test reproduces both, asserts each against an
// independent sum over the file, and prints them side by side.
import { describe, expect, it } from 'vitest';
import { computeEquityReport, type MeasureGap } from './equity-report.ts';
import { hasNcSource, isSchoolCode, numberOrNull, readNcTable } from './nc-data.fixtures.ts';
import { groupsFromClassification } from './quartiles.ts';
import { staffingFromAggregates, type PublishedStaffing } from './staffing.ts';

const PUBLISHED = { HIGH: '19.9', LOW: '11.6' } as const;

describe.skipIf(!hasNcSource)('NC DPI rcd_eq 2019: high- vs low-poverty staffing', () => {
  const rows = hasNcSource ? readNcTable('2019/rcd_eq.csv') : [];
  const num = (cell: string | undefined) => {
    const value = numberOrNull(cell);
    if (value === null) throw new Error(`expected a number, got "${cell}"`);
    return value;
  };

  it('holds school rows only: no state, LEA or other aggregate rows to compare with', () => {
    expect(rows.length).toBe(2659);
    const codes = rows.map((r) => r.agency_code ?? '');
    expect(codes.filter((code) => !isSchoolCode(code))).toEqual([]);
    expect(codes.some((code) => code === 'NC-SEA' || code.endsWith('LEA'))).toBe(false);
    expect(new Set(codes).size).toBe(rows.length);
    // Principal columns are blank for every school in 2019: nothing to reproduce there.
    expect(rows.every((r) => (r.num_prin ?? '') === '' && (r.inexp_count_prin ?? '') === '')).toBe(
      true,
    );
  });

  it("DPI's percentages are the counts over teachers (to DPI's 4 decimals)", () => {
    // Within half a unit of the 4th decimal (DPI rounds 1/32 = 0.03125 to 0.0313).
    const roundsTo = (published: number, exact: number) =>
      Math.abs(published - exact) <= 0.00005 + 1e-12;
    for (const r of rows) {
      const teachers = num(r.number_of_teachers);
      expect(roundsTo(num(r.pct_beg_teachers), num(r.beg_teacher) / teachers)).toBe(true);
      expect(roundsTo(num(r.pct_prov_teachers), num(r.prov_teachers) / teachers)).toBe(true);
    }
  });

  const staffing = staffingFromAggregates(
    rows.map((r): PublishedStaffing => ({
      schoolId: r.agency_code ?? '',
      teachers: num(r.number_of_teachers),
      figures: {
        inexperienced: { count: num(r.beg_teacher) },
        provisional: { count: num(r.prov_teachers) },
      },
    })),
  );
  const groups = groupsFromClassification(
    rows.map((r) => ({ schoolId: r.agency_code ?? '', label: r.poverty ?? null })),
    { high: ['HIGH'], low: ['LOW'], source: 'NC DPI rcd_eq 2019' },
  );
  const report = computeEquityReport({
    year: 2019,
    schools: rows.map((r) => ({ schoolId: r.agency_code ?? '', enrollment: null })),
    staffing,
    comparisons: [{ dimension: 'poverty', label: 'NC DPI high/low poverty', groups }],
    measures: ['inexperienced', 'provisional'],
  });
  const gapOf = (measure: string): MeasureGap => {
    const gap = report.dimensions[0]?.gaps.find((g) => g.measure === measure);
    if (!gap) throw new Error(`no ${measure} gap`);
    return gap;
  };

  /** Plain sums over the file, written without any of the domain code. */
  function fileTotals(poverty: 'HIGH' | 'LOW') {
    const mine = rows.filter((r) => r.poverty === poverty);
    const sum = (column: string) => mine.reduce((total, r) => total + num(r[column]), 0);
    const mean = (column: string) => sum(column) / mine.length;
    return {
      schools: mine.length,
      teachers: sum('number_of_teachers'),
      beginning: sum('beg_teacher'),
      provisional: sum('prov_teachers'),
      meanPctBeginning: mean('pct_beg_teachers') * 100,
      meanPctProvisional: mean('pct_prov_teachers') * 100,
    };
  }

  it('groups 603 HIGH and 674 LOW schools, leaving out the 13 unclassified', () => {
    expect(groups.unranked).toHaveLength(13);
    expect(gapOf('inexperienced').high.schools).toBe(603);
    expect(gapOf('inexperienced').low.schools).toBe(674);
  });

  it('teacher-weighted beginning- and provisional-teacher rates equal Σ count / Σ teachers', () => {
    for (const poverty of ['HIGH', 'LOW'] as const) {
      const file = fileTotals(poverty);
      const side = poverty === 'HIGH' ? 'high' : 'low';
      const beginning = gapOf('inexperienced')[side].teacherWeighted;
      const provisional = gapOf('provisional')[side].teacherWeighted;
      expect(beginning.count).toBe(file.beginning);
      expect(beginning.n).toBe(file.teachers);
      expect(beginning.value).toBe((file.beginning / file.teachers) * 100);
      expect(provisional.value).toBe((file.provisional / file.teachers) * 100);
    }
    expect(gapOf('inexperienced').high.teacherWeighted.text).toBe('20.4%');
    expect(gapOf('inexperienced').low.teacherWeighted.text).toBe('11.5%');
    expect(gapOf('provisional').high.teacherWeighted.value?.toFixed(2)).toBe('0.75');
    expect(gapOf('provisional').low.teacherWeighted.value?.toFixed(2)).toBe('0.16');
    expect(gapOf('inexperienced').gapPoints?.toFixed(1)).toBe('8.9');
  });

  it("reproduces DPI's published 19.9% and 11.6%: they are school averages, not teacher-weighted", () => {
    const gap = gapOf('inexperienced');
    for (const poverty of ['HIGH', 'LOW'] as const) {
      const side = poverty === 'HIGH' ? 'high' : 'low';
      const ours = gap[side];
      const file = fileTotals(poverty);
      // The school average is the mean of DPI's own per-school percentages (rounded to 4 d.p. by
      // DPI, hence closeTo) and, at the published precision, DPI's figure.
      expect(ours.schoolAverage.value).toBeCloseTo(file.meanPctBeginning, 3);
      expect(ours.schoolAverage.value?.toFixed(1)).toBe(PUBLISHED[poverty]);
      // The teacher-weighted rate is not the published figure: that is the finding.
      expect(ours.teacherWeighted.value?.toFixed(1)).not.toBe(PUBLISHED[poverty]);
      console.log(
        `${poverty}: ours ${ours.teacherWeighted.text} teacher-weighted · ` +
          `${ours.schoolAverage.text} school average · DPI ${PUBLISHED[poverty]}% ` +
          `(${file.schools} schools, ${file.beginning} of ${file.teachers} teachers beginning)`,
      );
    }
    const provisional = gapOf('provisional');
    expect(provisional.high.schoolAverage.value).toBeCloseTo(
      fileTotals('HIGH').meanPctProvisional,
      3,
    );
    expect(provisional.low.schoolAverage.value).toBeCloseTo(
      fileTotals('LOW').meanPctProvisional,
      3,
    );
    console.log(
      `Provisional: HIGH ${provisional.high.teacherWeighted.value?.toFixed(2)}% teacher-weighted ` +
        `(${provisional.high.schoolAverage.value?.toFixed(2)}% school average) · ` +
        `LOW ${provisional.low.teacherWeighted.value?.toFixed(2)}% ` +
        `(${provisional.low.schoolAverage.value?.toFixed(2)}%); DPI publishes no provisional aggregate here.`,
    );
    // The two methods disagree most where school size and the rate are related: small
    // low-poverty schools (many charters) have more beginning teachers than large ones.
    expect(gap.gapPoints?.toFixed(1)).toBe('8.9');
    expect(gap.schoolAverageGapPoints?.toFixed(1)).toBe('8.3');
  });

  it('names the high-poverty schools that drive the gap, and their contributions add up', () => {
    const gap = gapOf('inexperienced');
    expect(gap.drivers).toHaveLength(5);
    const [top] = gap.drivers;
    expect(top?.contributionPoints).toBeGreaterThan(0);
    expect(gap.explanation).toMatch(/20\.4% \(4345 of 21310 teachers\).*11\.5% .*8\.9 points/);
    const all = computeEquityReport({
      year: 2019,
      schools: [],
      staffing,
      comparisons: [{ dimension: 'poverty', label: 'all drivers', groups }],
      measures: ['inexperienced'],
      minimumN: 0,
      topDrivers: Number.POSITIVE_INFINITY,
    }).dimensions[0]?.gaps[0];
    const total = all?.drivers.reduce((sum, d) => sum + d.contributionPoints, 0) ?? 0;
    expect(total).toBeCloseTo(gap.gapPoints ?? Number.NaN, 9);
  });
});
