// Statewide and district poverty-quartile gaps from the shared NC files (issue 5), each checked
// against a second computation written plainly here — sort, cut, sum — sharing no code with the
// domain functions. Both follow the method documented in quartiles.ts: quartiles of schools by
// % economically disadvantaged, k = ⌈N/4⌉, ties at a cut kept together.
//
// 2019 rcd_effectiveness3 (ni / eff / he: EVAAS status counts) joined to 2019 rcd_acc_eds.pct_eds.
// 2018 rcd_experience (share of teachers with 0–3 years, one-year turnover, teacher count in
// avg_class_teach) joined to 2018 rcd_acc_eds. rcd_experience publishes shares only, so counts are
// share × teachers; rcd_acc_eds masks extremes as ">95" / "<5" (value 95 / 5), which still rank
// those schools at the right end, and blanks the rest (left out).
import { describe, expect, it } from 'vitest';
import { computeEquityReport, type EquityComparison, type MeasureGap } from './equity-report.ts';
import { hasNcSource, isSchoolCode, numberOrNull, readNcTable } from './nc-data.fixtures.ts';
import { assignQuartiles, computeQuartileCuts } from './quartiles.ts';
import { staffingFromAggregates, type EquityMeasure } from './staffing.ts';

const WAKE = '920';

interface Joined {
  id: string;
  share: number;
  /** measure → [count, n] */
  tallies: Partial<Record<EquityMeasure, [number, number]>>;
}

/** The independent computation: plain arrays, sort, cut, sum. */
function plainGap(universe: readonly Joined[], report: readonly Joined[], measure: EquityMeasure) {
  const shares = universe.map((s) => s.share).sort((a, b) => a - b);
  const k = Math.ceil(shares.length / 4);
  const lowCut = shares[k - 1] ?? Number.NaN;
  const highCut = shares[shares.length - k] ?? Number.NaN;
  const rate = (keep: (share: number) => boolean) => {
    let count = 0;
    let n = 0;
    for (const school of report) {
      const tally = school.tallies[measure];
      if (!tally || !keep(school.share)) continue;
      count += tally[0];
      n += tally[1];
    }
    return { count, n, percent: (count / n) * 100 };
  };
  const high = rate((share) => share >= highCut);
  const low = rate((share) => share <= lowCut);
  return { lowCut, highCut, high, low, gap: high.percent - low.percent };
}

function domainGap(
  universe: readonly Joined[],
  reportOn: readonly Joined[],
  measure: EquityMeasure,
) {
  const inReport = new Set(reportOn.map((s) => s.id));
  const groups = assignQuartiles(
    universe.map((s) => ({ schoolId: s.id, share: s.share })),
    { shareLabel: '% economically disadvantaged' },
  );
  const comparison: EquityComparison = { dimension: 'poverty', label: 'pct_eds quartiles', groups };
  const report = computeEquityReport({
    year: 0,
    schools: universe.map((s) => ({
      schoolId: s.id,
      enrollment: null,
      inDistrict: inReport.has(s.id),
    })),
    staffing: staffingFromAggregates(
      universe.map((s) => ({
        schoolId: s.id,
        teachers: 0,
        figures: Object.fromEntries(
          Object.entries(s.tallies).map(([m, [count, n]]) => [m, { count, n }]),
        ),
      })),
    ),
    comparisons: [comparison],
    reportOn: reportOn === universe ? 'all' : 'district',
    measures: [measure],
    minimumN: 0,
  });
  const gap: MeasureGap | undefined = report.dimensions[0]?.gaps[0];
  if (!gap) throw new Error('no gap');
  return { gap, cuts: groups.cuts };
}

function expectAgreement(
  universe: Joined[],
  reportOn: Joined[],
  measure: EquityMeasure,
  title: string,
) {
  const plain = plainGap(universe, reportOn, measure);
  const { gap, cuts } = domainGap(universe, reportOn, measure);
  expect(cuts?.lowMax).toBe(plain.lowCut);
  expect(cuts?.highMin).toBe(plain.highCut);
  expect(gap.high.teacherWeighted.count).toBe(plain.high.count);
  expect(gap.high.teacherWeighted.n).toBe(plain.high.n);
  expect(gap.low.teacherWeighted.count).toBe(plain.low.count);
  expect(gap.low.teacherWeighted.n).toBe(plain.low.n);
  expect(gap.high.teacherWeighted.value).toBe(plain.high.percent);
  expect(gap.low.teacherWeighted.value).toBe(plain.low.percent);
  expect(gap.gapPoints).toBe(plain.gap);
  console.log(
    `${title}: highest-poverty quartile (EDS ≥ ${plain.highCut}%) ${plain.high.percent.toFixed(2)}% ` +
      `of ${plain.high.n.toFixed(0)} · lowest (EDS ≤ ${plain.lowCut}%) ${plain.low.percent.toFixed(2)}% ` +
      `of ${plain.low.n.toFixed(0)} · gap ${plain.gap.toFixed(2)} points — domain and plain agree exactly`,
  );
  return plain;
}

function readShares(year: number): Map<string, number> {
  const shares = new Map<string, number>();
  for (const r of readNcTable(`${year}/rcd_acc_eds.csv`)) {
    const share = numberOrNull(r.pct_eds);
    if (share !== null && isSchoolCode(r.agency_code ?? '')) shares.set(r.agency_code ?? '', share);
  }
  return shares;
}

describe.skipIf(!hasNcSource)('NC 2019 rcd_effectiveness3 × rcd_acc_eds: Needs Improvement', () => {
  const shares = hasNcSource ? readShares(2019) : new Map<string, number>();
  const schools: Joined[] = [];
  for (const r of hasNcSource ? readNcTable('2019/rcd_effectiveness3.csv') : []) {
    const id = r.agency_code ?? '';
    const share = shares.get(id);
    const [ni, eff, he] = [numberOrNull(r.ni), numberOrNull(r.eff), numberOrNull(r.he)];
    // Two rows carry a 2-digit code (LEA fragments, not schools) and are left out.
    if (!isSchoolCode(id) || share === undefined || ni === null || eff === null || he === null) {
      continue;
    }
    if (ni + eff + he > 0)
      schools.push({ id, share, tallies: { ineffective: [ni, ni + eff + he] } });
  }
  const wake = schools.filter((s) => s.id.startsWith(WAKE));

  it('joins most rated schools to a poverty share', () => {
    expect(schools.length).toBeGreaterThan(2500);
    expect(wake.length).toBeGreaterThan(150);
  });

  it('statewide quartiles: domain and plain computation agree exactly', () => {
    const plain = expectAgreement(schools, schools, 'ineffective', '2019 NI statewide');
    expect(plain.gap).toBeGreaterThan(0);
  });

  it('Wake County within the district, and under statewide cut points', () => {
    expectAgreement(wake, wake, 'ineffective', '2019 NI Wake, district quartiles');
    // Statewide cuts applied to Wake's schools: the plain version filters Wake by the state cuts.
    const state = plainGap(schools, wake, 'ineffective');
    const { gap } = domainGap(schools, wake, 'ineffective');
    expect(gap.high.teacherWeighted.n).toBe(state.high.n);
    expect(gap.high.teacherWeighted.value).toBe(state.high.percent);
    expect(gap.low.teacherWeighted.value).toBe(state.low.percent);
    console.log(
      `2019 NI Wake under statewide cuts: ${state.high.percent.toFixed(2)}% of ${state.high.n} vs ` +
        `${state.low.percent.toFixed(2)}% of ${state.low.n} — agree exactly`,
    );
  });

  it('keeps ties together at the cuts (many schools are masked at 5 and 95)', () => {
    const cuts = computeQuartileCuts(schools.map((s) => ({ schoolId: s.id, share: s.share })));
    const high = schools.filter((s) => s.share >= cuts.highMin).length;
    const k = Math.ceil(schools.length / 4);
    expect(high).toBeGreaterThanOrEqual(k);
  });
});

describe.skipIf(!hasNcSource)(
  'NC 2018 rcd_experience × rcd_acc_eds: 0–3 years and turnover',
  () => {
    const shares = hasNcSource ? readShares(2018) : new Map<string, number>();
    const schools: Joined[] = [];
    for (const r of hasNcSource ? readNcTable('2018/rcd_experience.csv') : []) {
      const id = r.agency_code ?? '';
      const share = shares.get(id);
      const teachers = numberOrNull(r.avg_class_teach);
      const young = numberOrNull(r.pct_experience_0);
      const turnover = numberOrNull(r.pct_turnover);
      // School rows only (the file also has LEA "xxxLEA" and state "NC-SEA" rows per level).
      if (r.staff !== 'Teacher' || !isSchoolCode(id) || share === undefined) continue;
      if (teachers === null || teachers <= 0 || young === null) continue;
      const tallies: Joined['tallies'] = { inexperienced: [young * teachers, teachers] };
      if (turnover !== null) tallies.turnover = [turnover * teachers, teachers];
      schools.push({ id, share, tallies });
    }

    it('is usable: school rows with a share and a teacher count', () => {
      expect(schools.length).toBeGreaterThan(2300);
    });

    it('statewide quartiles of 0–3-year teachers and turnover: domain and plain agree exactly', () => {
      expect(
        expectAgreement(schools, schools, 'inexperienced', '2018 0–3 yrs statewide').gap,
      ).toBeGreaterThan(0);
      expect(
        expectAgreement(schools, schools, 'turnover', '2018 turnover statewide').gap,
      ).toBeGreaterThan(0);
    });

    it('Wake County within the district', () => {
      const wake = schools.filter((s) => s.id.startsWith(WAKE));
      expectAgreement(wake, wake, 'inexperienced', '2018 0–3 yrs Wake');
    });
  },
);
