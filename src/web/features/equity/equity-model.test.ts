import { describe, expect, it } from 'vitest';
import type { EquityReportView, RetentionView } from '../../api/types.ts';
import {
  apiQuery,
  describeQuartileBars,
  describeRetentionBars,
  driverRows,
  gapText,
  headlineCards,
  quartileBars,
  rateText,
  retentionBars,
  trendRows,
} from './equity-model.ts';

const rate = (percent: number | null, count: number | null, n: number | null) => ({
  percent,
  text: percent === null ? 'n<10' : `${percent.toFixed(1)}%`,
  count,
  n,
  status: percent === null ? ('suppressed' as const) : ('reported' as const),
});
const group = (r: ReturnType<typeof rate>) => ({
  schools: 2,
  teacherWeighted: r,
  studentWeighted: null,
  schoolAverage: r,
});

const gap = {
  measure: 'inexperienced' as const,
  label: 'inexperienced teachers',
  quartiles: [
    { quartile: 1 as const, schools: 2, rate: rate(4, 1, 25) },
    { quartile: 2 as const, schools: 2, rate: rate(29.4, 5, 17) },
    { quartile: 3 as const, schools: 2, rate: rate(null, null, null) },
    { quartile: 4 as const, schools: 2, rate: rate(56.5, 13, 23) },
  ],
  high: group(rate(56.5, 13, 23)),
  low: group(rate(4, 1, 25)),
  gapPoints: 52.5,
  studentWeightedGapPoints: null,
  schoolAverageGapPoints: null,
  explanation: '',
  drivers: [
    {
      schoolId: 'S7',
      name: 'School 7',
      rate: rate(63.6, 7, 11),
      contributionPoints: 28.5,
      explanation: '',
    },
    {
      schoolId: 'S9',
      name: 'School 9',
      rate: rate(2, 1, 50),
      contributionPoints: -1,
      explanation: '',
    },
  ],
  driversHidden: 0,
};

const report = {
  measures: [{ key: 'inexperienced', label: 'inexperienced teachers', of: 'teachers' }],
  dimensions: [{ dimension: 'poverty', label: 'x', grouping: [], gaps: [gap] }],
  trend: [
    {
      year: 2018,
      dimension: 'poverty',
      measure: 'inexperienced',
      high: rate(50, 10, 20),
      low: rate(5, 1, 20),
      gapPoints: 45,
    },
    {
      year: 2019,
      dimension: 'poverty',
      measure: 'inexperienced',
      high: rate(56.5, 13, 23),
      low: rate(4, 1, 25),
      gapPoints: null,
    },
  ],
} as unknown as EquityReportView;

describe('equity page model', () => {
  it('passes only the known query keys through', () => {
    expect(apiQuery(new URLSearchParams('year=2019&preset=ma&junk=1&source='))).toBe(
      '?year=2019&preset=ma',
    );
  });

  it('words gaps and rates with n', () => {
    expect(gapText(52.46)).toBe('52.5 points higher');
    expect(gapText(-3)).toBe('3.0 points lower');
    expect(gapText(0.01)).toBe('no gap');
    expect(gapText(null)).toBe('not shown');
    expect(rateText(rate(56.5, 13, 23))).toBe('56.5% (13 of 23)');
    expect(rateText(rate(null, null, null))).toBe('n<10');
  });

  it('headline cards per measure', () => {
    expect(headlineCards(report, 'poverty')).toEqual([
      {
        measure: 'inexperienced',
        label: 'Inexperienced teachers',
        gap: '52.5 points higher',
        high: '56.5% (13 of 23)',
        low: '4.0% (1 of 25)',
        isAgainstHigh: true,
      },
    ]);
    expect(headlineCards(report, 'minority')).toEqual([]);
  });

  it('bars by quartile with a text alternative; a suppressed quartile says so', () => {
    const bars = quartileBars(gap, 'poverty');
    expect(bars.map((b) => b.quartile)).toEqual([
      'Q1 lowest poverty',
      'Q2',
      'Q3',
      'Q4 highest poverty',
    ]);
    expect(describeQuartileBars(gap.label, bars)).toBe(
      'Share of inexperienced teachers by quartile. Q1 lowest poverty: 4.0% of 25; Q2: 29.4% of 17; Q3: n<10; Q4 highest poverty: 56.5% of 23.',
    );
  });

  it('trend rows keep a year without a gap as null (a hole, not zero)', () => {
    expect(trendRows(report, 'poverty').map((r) => r.gap)).toEqual([45, null]);
  });

  it('only schools that add to a gap are listed as drivers', () => {
    expect(driverRows(report, 'poverty').map((d) => d.schoolId)).toEqual(['S7']);
  });

  it('retention bars leave suppressed levels out and describe them', () => {
    const share = (p: number | null) => rate(p, null, null);
    const retention = {
      minimumN: 10,
      cells: [
        {
          rating: 'Highly Effective',
          quartile: 'all',
          n: 100,
          stayed: share(80),
          moved: share(9),
          left: share(11),
          kept: share(89),
        },
        {
          rating: 'Needs Improvement',
          quartile: 'all',
          n: null,
          stayed: share(null),
          moved: share(null),
          left: share(null),
          kept: share(null),
        },
      ],
    } as unknown as RetentionView;
    expect(retentionBars(retention)).toHaveLength(3);
    expect(describeRetentionBars(retention)).toBe(
      'Highly Effective (100 teachers): stayed 80.0%, moved 9.0%, left 11.0%. Needs Improvement: not shown (fewer than 10 teachers).',
    );
  });
});
