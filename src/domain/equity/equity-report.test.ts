import { describe, expect, it } from 'vitest';
import { NORTH_CAROLINA } from './definitions.ts';
import { computeEquityReport, type EquitySchool, type MeasureGap } from './equity-report.ts';
import { assignQuartiles, computeQuartileCuts } from './quartiles.ts';
import { staffingFromAggregates, staffingFromRecords, type StaffRecord } from './staffing.ts';

// Eight schools: k = 2, so A and B are the highest-poverty quartile, G and H the lowest.
const PROFILE = [
  { id: 'A', poverty: 90, minority: 80, enrollment: 400, teachers: 20, inexperienced: 8 },
  { id: 'B', poverty: 85, minority: 30, enrollment: 300, teachers: 30, inexperienced: 6 },
  { id: 'C', poverty: 50, minority: 60, enrollment: 500, teachers: 30, inexperienced: 3 },
  { id: 'D', poverty: 45, minority: 50, enrollment: 500, teachers: 30, inexperienced: 3 },
  { id: 'E', poverty: 40, minority: 40, enrollment: 500, teachers: 30, inexperienced: 3 },
  { id: 'F', poverty: 30, minority: 20, enrollment: 500, teachers: 30, inexperienced: 3 },
  { id: 'G', poverty: 10, minority: 70, enrollment: 500, teachers: 25, inexperienced: 2 },
  { id: 'H', poverty: 5, minority: 10, enrollment: 300, teachers: 15, inexperienced: 3 },
] as const;

const schools: EquitySchool[] = PROFILE.map((p) => ({
  schoolId: p.id,
  name: `School ${p.id}`,
  enrollment: p.enrollment,
}));
const staffing = staffingFromAggregates(
  PROFILE.map((p) => ({
    schoolId: p.id,
    teachers: p.teachers,
    figures: { inexperienced: { count: p.inexperienced } },
  })),
);
const poverty = assignQuartiles(
  PROFILE.map((p) => ({ schoolId: p.id, share: p.poverty })),
  { shareLabel: '% low-income' },
);
const minority = assignQuartiles(
  PROFILE.map((p) => ({ schoolId: p.id, share: p.minority })),
  { shareLabel: '% minority' },
);

function gapOf(
  report: ReturnType<typeof computeEquityReport>,
  dimension = 0,
  measure = 'inexperienced',
): MeasureGap {
  const gap = report.dimensions[dimension]?.gaps.find((g) => g.measure === measure);
  if (!gap) throw new Error('missing gap');
  return gap;
}

describe('computeEquityReport — hand-worked', () => {
  const report = computeEquityReport({
    year: 2024,
    schools,
    staffing,
    comparisons: [
      { dimension: 'poverty', label: 'within district', groups: poverty },
      { dimension: 'minority', label: 'within district', groups: minority },
    ],
    measures: ['inexperienced'],
  });
  const gap = gapOf(report);

  it('teacher-weighted: Σ count / Σ teachers', () => {
    // High: (8 + 6) / (20 + 30) = 28%; low: (2 + 3) / (25 + 15) = 12.5%.
    expect(gap.high.teacherWeighted).toMatchObject({ count: 14, n: 50, text: '28.0%' });
    expect(gap.high.teacherWeighted.value).toBeCloseTo(28, 12);
    expect(gap.low.teacherWeighted).toMatchObject({ count: 5, n: 40, value: 12.5 });
    expect(gap.gapPoints).toBeCloseTo(15.5, 12);
  });

  it('student-weighted: Σ enrolment × rate / Σ enrolment', () => {
    // High: (400 × 40% + 300 × 20%) / 700 = 31.43%; low: (500 × 8% + 300 × 20%) / 800 = 12.5%.
    expect(gap.high.studentWeighted?.value).toBeCloseTo((220 / 700) * 100, 12);
    expect(gap.high.studentWeighted?.students).toBe(700);
    expect(gap.low.studentWeighted?.value).toBeCloseTo(12.5, 12);
    expect(gap.studentWeightedGapPoints).toBeCloseTo((220 / 700) * 100 - 12.5, 12);
  });

  it('school average, shown beside: each school counts once', () => {
    expect(gap.high.schoolAverage.value).toBeCloseTo(30, 12);
    expect(gap.low.schoolAverage.value).toBeCloseTo(14, 12);
  });

  it('drivers: each high school’s excess over the low group, adding up to the gap', () => {
    // A: (40% − 12.5%) × 20 / 50 = 11 points; B: (20% − 12.5%) × 30 / 50 = 4.5 points.
    expect(gap.drivers.map((d) => [d.schoolId, Number(d.contributionPoints.toFixed(9))])).toEqual([
      ['A', 11],
      ['B', 4.5],
    ]);
    expect(gap.drivers[0]?.explanation).toBe(
      'School A: 40.0% inexperienced teachers (8 of 20) against 12.5% in the lowest-poverty schools; adds 11.0 points to the gap.',
    );
  });

  it('explains the gap in a sentence', () => {
    expect(gap.explanation).toBe(
      'Share of inexperienced teachers: 28.0% (14 of 50 teachers) in the highest-poverty schools against ' +
        '12.5% (5 of 40 teachers) in the lowest-poverty schools: a gap of 15.5 points against the highest-poverty schools.',
    );
  });

  it('by minority: A and G are the highest-minority schools, H and F the lowest', () => {
    const m = gapOf(report, 1);
    // High: A 8/20 + G 2/25 = 10/45; low: H 3/15 + F 3/30 = 6/45.
    expect(m.high.teacherWeighted.value).toBeCloseTo((10 / 45) * 100, 12);
    expect(m.low.teacherWeighted.value).toBeCloseTo((6 / 45) * 100, 12);
    expect(m.explanation).toMatch(/highest-minority/);
  });
});

describe('suppression (DOMAIN.md §6)', () => {
  it('hides a rate under the minimum n, and every gap built on it', () => {
    const report = computeEquityReport({
      year: 2024,
      schools,
      staffing,
      comparisons: [{ dimension: 'poverty', label: 'x', groups: poverty }],
      measures: ['inexperienced'],
      minimumN: 45,
    });
    const gap = gapOf(report);
    expect(gap.high.teacherWeighted).toMatchObject({ status: 'reported', n: 50 });
    expect(gap.low.teacherWeighted).toMatchObject({
      status: 'suppressed',
      value: null,
      marker: 'n<45',
    });
    expect(gap.gapPoints).toBeNull();
    expect(gap.drivers).toEqual([]);
    expect(gap.explanation).toMatch(/not shown \(fewer than 45 teachers\).*no gap can be shown/);
  });

  it('leaves small schools out of the driver list and counts them', () => {
    const report = computeEquityReport({
      year: 2024,
      schools,
      staffing,
      comparisons: [{ dimension: 'poverty', label: 'x', groups: poverty }],
      measures: ['inexperienced'],
      minimumN: 21,
    });
    const gap = gapOf(report);
    expect(gap.drivers.map((d) => d.schoolId)).toEqual(['B']);
    expect(gap.driversHidden).toBe(1);
  });

  it('a measure with no data is missing, not zero', () => {
    const report = computeEquityReport({
      year: 2024,
      schools,
      staffing,
      comparisons: [{ dimension: 'poverty', label: 'x', groups: poverty }],
      measures: ['ineffective'],
    });
    expect(gapOf(report, 0, 'ineffective').high.teacherWeighted.status).toBe('missing');
  });
});

describe('within the district against statewide quartiles', () => {
  it('reports the district’s schools under the state’s cut points', () => {
    // The state adds 8 schools; the district is A, C, G.
    const extra = Array.from({ length: 8 }, (_, i) => ({ schoolId: `S${i}`, share: 60 + i * 5 }));
    const universe = [...PROFILE.map((p) => ({ schoolId: p.id, share: p.poverty })), ...extra];
    const cuts = computeQuartileCuts(universe);
    const groups = assignQuartiles(universe, { cuts });
    const district = new Set(['A', 'C', 'G']);
    const report = computeEquityReport({
      year: 2024,
      schools: [...schools, ...extra.map((s) => ({ schoolId: s.schoolId, enrollment: null }))].map(
        (s) => ({
          ...s,
          inDistrict: district.has(s.schoolId),
        }),
      ),
      staffing: [
        ...staffing,
        ...staffingFromAggregates(
          extra.map((s) => ({
            schoolId: s.schoolId,
            teachers: 10,
            figures: { inexperienced: { count: 5 } },
          })),
        ),
      ],
      comparisons: [{ dimension: 'poverty', label: 'statewide quartiles', groups }],
      reportOn: 'district',
      measures: ['inexperienced'],
      minimumN: 1,
    });
    const gap = gapOf(report);
    // State cut points (16 schools, k = 4): high ≥ 85, low ≤ 40. District: A high, G low, C middle.
    expect(cuts.highMin).toBe(85);
    expect(cuts.lowMax).toBe(40);
    expect(gap.high.schools).toBe(1);
    expect(gap.high.teacherWeighted.value).toBe(40);
    expect(gap.low.teacherWeighted.value).toBe(8);
    expect(report.dimensions[0]?.grouping.at(-1)).toMatch(/district’s own schools/);
  });
});

describe('from person-level records', () => {
  const r = (
    staffId: string,
    schoolId: string,
    year: number,
    extra: Partial<StaffRecord> = {},
  ): StaffRecord => ({
    staffId,
    schoolId,
    year,
    role: 'teacher',
    yearsExperience: 10,
    rating: 'Effective',
    licenceStatus: 'full',
    inField: true,
    ...extra,
  });
  const records: StaffRecord[] = [
    r('t1', 'A', 2024, { yearsExperience: 0, rating: 'Needs Improvement' }),
    r('t2', 'A', 2024, { yearsExperience: 2, licenceStatus: 'emergency', inField: false }),
    r('t3', 'A', 2024, { yearsExperience: null, rating: null, licenceStatus: null, inField: null }),
    r('t4', 'A', 2024, { fte: 0.5 }),
    r('p1', 'A', 2024, { role: 'principal', yearsExperience: 1 }),
    // Last year: t1, t2 and t9 at A; t9 has left A (now at B), t8 has left entirely.
    r('t1', 'A', 2023),
    r('t2', 'A', 2023),
    r('t9', 'A', 2023),
    r('t8', 'A', 2023),
    r('t9', 'B', 2024),
  ];

  it('counts each measure over the teachers it is known for', () => {
    const [a] = staffingFromRecords(records, NORTH_CAROLINA, 2024).filter(
      (s) => s.schoolId === 'A',
    );
    expect(a?.measures.inexperienced).toEqual({ count: 2, n: 3 });
    expect(a?.measures.ineffective).toEqual({ count: 1, n: 3 });
    expect(a?.measures.outOfField).toEqual({ count: 1, n: 3 });
    expect(a?.measures.provisional).toEqual({ count: 1, n: 3 });
    expect(a?.measures.inexperiencedPrincipal).toEqual({ count: 1, n: 1 });
    // Of last year's 4 teachers at A, t9 and t8 are not at A this year.
    expect(a?.measures.turnover).toEqual({ count: 2, n: 4 });
  });

  it('can count by FTE instead of heads', () => {
    const [a] = staffingFromRecords(records, NORTH_CAROLINA, 2024, { countBy: 'fte' }).filter(
      (s) => s.schoolId === 'A',
    );
    expect(a?.measures.inexperienced).toEqual({ count: 2, n: 2.5 });
  });

  it('computes no turnover without last year’s records', () => {
    const [a] = staffingFromRecords(
      records.filter((x) => x.year === 2024),
      NORTH_CAROLINA,
      2024,
    );
    expect(a?.measures.turnover).toBeUndefined();
  });

  it('reads published rates as rate × n and skips suppressed figures', () => {
    const [s] = staffingFromAggregates([
      {
        schoolId: 'X',
        teachers: 40,
        figures: {
          inexperienced: { rate: 0.25 },
          ineffective: { rate: 0.1, n: 30 },
          turnover: null,
        },
      },
    ]);
    expect(s?.measures).toEqual({
      inexperienced: { count: 10, n: 40 },
      ineffective: { count: 3, n: 30 },
    });
  });
});

describe('principals', () => {
  it('reports inexperienced principals by quartile, counted in principals', () => {
    const principals = staffingFromAggregates(
      PROFILE.map((p, i) => ({
        schoolId: p.id,
        teachers: p.teachers,
        figures: { inexperiencedPrincipal: { count: i < 2 ? 1 : 0, n: 1 } },
      })),
    );
    const report = computeEquityReport({
      year: 2024,
      schools,
      staffing: principals,
      comparisons: [{ dimension: 'poverty', label: 'x', groups: poverty }],
      measures: ['inexperiencedPrincipal'],
      minimumN: 1,
    });
    const gap = gapOf(report, 0, 'inexperiencedPrincipal');
    expect(gap.high.teacherWeighted).toMatchObject({ count: 2, n: 2, value: 100 });
    expect(gap.low.teacherWeighted).toMatchObject({ count: 0, n: 2, value: 0 });
    expect(gap.explanation).toMatch(
      /^Share of inexperienced principals: 100\.0% \(2 of 2 principals\)/,
    );
  });
});
