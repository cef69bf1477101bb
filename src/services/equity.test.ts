// The equity report and retention services on a district built with the factories: eight schools
// whose staff are laid out so every rate can be worked by hand, checked against a plain
// recount of the inserted rows (sort, cut, sum — no domain code); presets and overrides; the
// published-figures path; suppression under the minimum n; and who may see what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor, Grant } from '../domain/access/access.ts';
import { getEquityReport, type EquityReportView } from './equity.ts';
import {
  minority,
  poverty,
  SCHOOLS,
  seedEquityDistrict,
  TEACHERS,
  type Teacher,
} from './equity.fixtures.ts';
import { getRetention } from './equity-retention.ts';

let handle: DbHandle;
let districtId: string;

beforeAll(async () => {
  handle = await createTestDb();
  districtId = await seedEquityDistrict(handle.db);
}, 240_000);
afterAll(() => handle.close());

const actor = (...grants: Grant[]): Actor => ({
  userId: '00000000-0000-4000-8000-000000000009',
  districtId,
  username: 'u',
  displayName: 'U',
  staffId: null,
  grants,
});
const analyst = () => actor({ role: 'analyst', schoolId: null });

/** The plain recount: quartiles of schools by share (k = ⌈N/4⌉), then Σ count / Σ n. */
function plainRate(
  year: number,
  share: (i: number) => number,
  end: 'high' | 'low',
  has: (t: Teacher) => boolean,
) {
  const shares = Array.from({ length: SCHOOLS }, (_, i) => share(i)).sort((a, b) => a - b);
  const k = Math.ceil(SCHOOLS / 4);
  const cut = end === 'high' ? shares[SCHOOLS - k] : shares[k - 1];
  const inGroup = (i: number) =>
    cut !== undefined && (end === 'high' ? share(i) >= cut : share(i) <= cut);
  const mine = TEACHERS.filter((t) => t.year === year && inGroup(t.school));
  return (mine.filter(has).length / mine.length) * 100;
}

function gap(report: EquityReportView, dimension: 'poverty' | 'minority', measure: string) {
  const found = report.dimensions
    .find((d) => d.dimension === dimension)
    ?.gaps.find((g) => g.measure === measure);
  if (!found) throw new Error(`no ${dimension} ${measure}`);
  return found;
}

describe('getEquityReport from person-level staff records', () => {
  let report: EquityReportView;
  beforeAll(async () => {
    report = await getEquityReport(handle.db, analyst(), { year: 2019, preset: 'nc' });
  });

  it('reports the latest year, both dimensions, every measure the records allow', () => {
    expect(report).toMatchObject({
      year: 2019,
      years: [2018, 2019],
      source: 'staff',
      scope: 'district',
    });
    expect(report.dimensions.map((d) => d.dimension)).toEqual(['poverty', 'minority']);
    expect(report.measures.map((m) => m.key)).toEqual([
      'inexperienced',
      'ineffective',
      'outOfField',
      'provisional',
      'turnover',
      'inexperiencedPrincipal',
    ]);
  });

  it('teacher-weighted rates equal a plain recount of the rows, by poverty and by minority', () => {
    const cases = [
      ['inexperienced', (t: Teacher) => t.experience < 3],
      ['ineffective', (t: Teacher) => t.rating === 'Needs Improvement'],
      ['outOfField', (t: Teacher) => !t.inField],
      ['provisional', (t: Teacher) => t.licence === 'provisional'],
    ] as const;
    for (const [dimension, share] of [
      ['poverty', poverty],
      ['minority', minority],
    ] as const) {
      for (const [measure, has] of cases) {
        const g = gap(report, dimension, measure);
        const high = plainRate(2019, share, 'high', has);
        const low = plainRate(2019, share, 'low', has);
        expect(g.high.teacherWeighted.percent).toBeCloseTo(high, 10);
        expect(g.low.teacherWeighted.percent).toBeCloseTo(low, 10);
        expect(g.gapPoints).toBeCloseTo(high - low, 10);
      }
    }
  });

  it('hand-worked: inexperienced 2019 by poverty — S6, S7 against S0, S1', () => {
    // 2019 newcomers carry the t < i experience: S6 has 6 of 12, S7 7 of 11 (t = 9 moved out);
    // S0 has 0 of 13 (S7's mover joined), S1 1 of 12.
    const g = gap(report, 'poverty', 'inexperienced');
    expect(g.high.teacherWeighted).toMatchObject({ count: 13, n: 23, text: '56.5%' });
    expect(g.low.teacherWeighted).toMatchObject({ count: 1, n: 25, text: '4.0%' });
    expect(g.drivers.map((d) => d.schoolId)).toEqual(['S7', 'S6']);
    // Rates by quartile: the extremes are the high and low groups; the middle two in between.
    expect(g.quartiles.map((q) => q.schools)).toEqual([2, 2, 2, 2]);
    expect(g.quartiles[3]?.rate).toEqual(g.high.teacherWeighted);
    expect(g.quartiles[0]?.rate).toEqual(g.low.teacherWeighted);
    // Quartile 2: S2 (2 of 12), S3 (3 of 5) → 5 of 17.
    expect(g.quartiles[1]?.rate).toMatchObject({ count: 5, n: 17 });
    // The drivers' contributions add up to the gap.
    const sum = g.drivers.reduce((s, d) => s + d.contributionPoints, 0);
    expect(sum).toBeCloseTo(g.gapPoints ?? 0, 10);
    // Student-weighted with enrolment 100(i + 1): (700·6/12 + 800·7/11) / 1500.
    expect(g.high.studentWeighted?.percent).toBeCloseTo(((700 * 6) / 12 + (800 * 7) / 11) / 15, 10);
  });

  it('turnover: last year’s teachers no longer at the school', () => {
    // S6: 6 of 12 left; S7: 7 left + 1 moved of 12 → 14 of 24. S0: 0 of 12; S1: 1 of 12.
    const g = gap(report, 'poverty', 'turnover');
    expect(g.high.teacherWeighted).toMatchObject({ count: 14, n: 24 });
    expect(g.low.teacherWeighted).toMatchObject({ count: 1, n: 24 });
  });

  it('principals: fewer than 10 per group, so suppressed with no count or n', () => {
    const g = gap(report, 'poverty', 'inexperiencedPrincipal');
    expect(g.high.teacherWeighted).toEqual({
      percent: null,
      text: 'n<10',
      count: null,
      n: null,
      status: 'suppressed',
    });
    expect(g.gapPoints).toBeNull();
  });

  it('school rows: quartiles and figures, S3 (5 teachers) suppressed', () => {
    const s3 = report.schools.find((s) => s.id === 'S3');
    expect(s3?.poverty).toEqual({ share: 40, quartile: 2 });
    expect(s3?.measures.inexperienced).toMatchObject({ status: 'suppressed', count: null });
    const s7 = report.schools.find((s) => s.id === 'S7');
    expect(s7?.poverty.quartile).toBe(4);
    expect(s7?.minority.quartile).toBe(1);
    expect(s7?.measures.inexperienced).toMatchObject({ count: 7, n: 11 });
  });

  it('the trend covers every loaded year; 2018 borrows the 2019 shares and says so', () => {
    const points = report.trend.filter(
      (p) => p.dimension === 'poverty' && p.measure === 'inexperienced',
    );
    expect(points.map((p) => p.year)).toEqual([2018, 2019]);
    expect(points[0]?.gapPoints).toBeCloseTo(
      plainRate(2018, poverty, 'high', (t) => t.experience < 3) -
        plainRate(2018, poverty, 'low', (t) => t.experience < 3),
      10,
    );
    expect(report.notes.join(' ')).not.toMatch(/from 2019/);
  });

  it('2018 on its own borrows the 2019 shares and names the year', async () => {
    const r2018 = await getEquityReport(handle.db, analyst(), { year: 2018 });
    expect(r2018.notes).toContain(
      '% economically disadvantaged for 8 schools are from 2019: 2018 has none published.',
    );
    expect(gap(r2018, 'poverty', 'turnover').gapPoints).toBeNull();
  });

  it('presets and overrides change the definitions and the figures', async () => {
    const ma = await getEquityReport(handle.db, analyst(), { year: 2019, preset: 'ma' });
    // MA: first-year teachers (experience 0) only.
    expect(gap(ma, 'poverty', 'inexperienced').high.teacherWeighted.percent).toBeCloseTo(
      plainRate(2019, poverty, 'high', (t) => t.experience < 1),
      10,
    );
    expect(ma.definitions.name).toBe('Massachusetts');
    const custom = await getEquityReport(handle.db, analyst(), {
      year: 2019,
      preset: 'nc',
      inexperiencedYears: 1,
      inexperiencedComparison: 'at_most',
      ineffectiveLevels: ['Needs Improvement', 'Effective'],
    });
    expect(custom.definitions).toMatchObject({
      name: 'North Carolina (customised)',
      overridden: ['inexperienced', 'ineffective'],
    });
    expect(gap(custom, 'poverty', 'inexperienced').high.teacherWeighted.percent).toBeCloseTo(
      plainRate(2019, poverty, 'high', (t) => t.experience <= 1),
      10,
    );
    expect(gap(custom, 'poverty', 'ineffective').low.teacherWeighted.percent).toBeCloseTo(
      plainRate(2019, poverty, 'low', (t) => t.rating !== 'Highly Effective'),
      10,
    );
  });

  it('refuses a minimum n below 10, accepts a higher one', async () => {
    await expect(getEquityReport(handle.db, analyst(), { minimumN: 5 })).rejects.toMatchObject({
      kind: 'bad_request',
    });
    const strict = await getEquityReport(handle.db, analyst(), { minimumN: 30 });
    expect(gap(strict, 'poverty', 'inexperienced').high.teacherWeighted.status).toBe('suppressed');
  });
});

describe('getEquityReport from published school figures', () => {
  it('uses rcd_eq-style shares × n, with the publisher’s definition', async () => {
    const report = await getEquityReport(handle.db, analyst(), { source: 'published' });
    expect(report).toMatchObject({ source: 'published', year: 2019, years: [2019] });
    const g = gap(report, 'poverty', 'inexperienced');
    // High S6, S7: (30% + 35%) × 20 / 40 = 32.5%; low S0, S1: (0 + 5%) × 20 / 40 = 2.5%.
    expect(g.high.teacherWeighted.percent).toBeCloseTo(32.5, 10);
    expect(g.low.teacherWeighted.percent).toBeCloseTo(2.5, 10);
    expect(report.definitions.measures.inexperienced).toMatch(/rcd_eq/);
  });
});

describe('who may see it', () => {
  it('a principal sees their own school only: no district gaps, no other school', async () => {
    const report = await getEquityReport(
      handle.db,
      actor({ role: 'principal', schoolId: 'S6' }),
      {},
    );
    expect(report.scope).toBe('school');
    expect(report.dimensions).toEqual([]);
    expect(report.trend).toEqual([]);
    expect(report.schools.map((s) => s.id)).toEqual(['S6']);
    expect(report.schools[0]?.measures.inexperienced).toMatchObject({ count: 6, n: 12 });
  });

  it('teachers and finance are refused', async () => {
    for (const role of ['teacher', 'finance'] as const) {
      await expect(
        getEquityReport(handle.db, actor({ role, schoolId: role === 'teacher' ? 'S1' : null })),
      ).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(
        getRetention(handle.db, actor({ role, schoolId: role === 'teacher' ? 'S1' : null })),
      ).rejects.toMatchObject({ kind: 'forbidden' });
    }
  });
});

describe('getRetention', () => {
  it('stay / move / leave by rating level, with the sentence', async () => {
    const r = await getRetention(handle.db, analyst(), {});
    expect(r).toMatchObject({
      from: 2018,
      to: 2019,
      levels: ['Highly Effective', 'Effective', 'Needs Improvement'],
    });
    expect(r.highLevels).toEqual(['Highly Effective']);
    expect(r.lowLevels).toEqual(['Needs Improvement']);
    // Plain recount: 2018 teachers t < i left; S7's t = 9 moved.
    const t2018 = TEACHERS.filter((t) => t.year === 2018);
    const count = (rating: string, outcome: 'left' | 'moved') =>
      t2018.filter(
        (t) =>
          t.rating === rating &&
          (outcome === 'left'
            ? Number(t.id.split('-')[2]) < t.school
            : t.school === 7 && t.id === 'T-7-9'),
      ).length;
    const ni = r.cells.find((c) => c.rating === 'Needs Improvement' && c.quartile === 'all');
    const niTotal = t2018.filter((t) => t.rating === 'Needs Improvement').length;
    expect(ni?.n).toBe(niTotal);
    expect(ni?.left.percent).toBeCloseTo((count('Needs Improvement', 'left') / niTotal) * 100, 10);
    const eff = r.cells.find((c) => c.rating === 'Effective' && c.quartile === 'all');
    expect(eff?.moved.count).toBe(1);
    const he = r.cells.find((c) => c.rating === 'Highly Effective' && c.quartile === 'all');
    expect(he?.kept.percent).toBe(100);
    expect(r.sentences[0]?.text).toBe(
      `From 2018 to 2019, we kept 100% of our high performers (Highly Effective; 14 teachers) and ` +
        `${Math.round(((niTotal - count('Needs Improvement', 'left')) / niTotal) * 100)}% of our low performers (Needs Improvement; ${niTotal} teachers).`,
    );
    // Quartile cells under 10 teachers are suppressed, their n withheld.
    const small = r.cells.find((c) => c.quartile === 4 && c.rating === 'Needs Improvement');
    expect(small).toMatchObject({ n: null, kept: { status: 'suppressed', count: null } });
  });

  it('a principal sees the teachers who started in their school', async () => {
    const r = await getRetention(handle.db, actor({ role: 'principal', schoolId: 'S7' }), {});
    const all = r.cells.filter((c) => c.quartile === 'all');
    // S7 in 2018: 12 teachers — 2 NI, 8 Effective, 2 HE; only the Effective row reaches 10? No:
    // 8 < 10, so every row is suppressed.
    expect(all.every((c) => c.n === null)).toBe(true);
    expect(r.scope).toBe('school');
    expect(r.sentences).toHaveLength(1);
  });
});
