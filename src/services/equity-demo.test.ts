// The equity report and retention on the demo district (Wake County, NC DPI files, with the
// synthetic staff generated from DPI's published staffing figures, as `tandem serve` seeds them).
// The person-level report and the published-figures report are two routes to the same 2019
// beginning-teacher and provisional-licence gaps: the synthetic staff are calibrated to rcd_eq
// school by school, so the two must agree closely. The test prints both. The demo also loads the
// state's 2019 files as statewide reference data, so the report has its statewide comparison.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import { getEquityReport, type EquityReportView } from './equity.ts';
import { getRetention } from './equity-retention.ts';
import { seedSyntheticStaff } from './synthetic-staff.ts';

let handle: DbHandle;
const analyst: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  districtId: DEMO_DISTRICT.id,
  username: 'analyst',
  displayName: 'Analyst',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
};

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
  await seedSyntheticStaff(handle.db, DEMO_DISTRICT.id, { batchId: randomUUID() });
}, 1_200_000);
afterAll(() => handle.close());

const gapOf = (r: EquityReportView, measure: string) => {
  const g = r.dimensions
    .find((d) => d.dimension === 'poverty')
    ?.gaps.find((x) => x.measure === measure);
  if (!g) throw new Error(`no ${measure}`);
  return g;
};

describe('equity on the demo district', () => {
  it('2019: person-level and published rcd_eq gaps agree (beginning and provisional teachers)', async () => {
    const started = performance.now();
    const staff = await getEquityReport(handle.db, analyst, { year: 2019, preset: 'nc' });
    const ms = performance.now() - started;
    const published = await getEquityReport(handle.db, analyst, {
      year: 2019,
      source: 'published',
    });
    expect(staff.schools.length).toBeGreaterThan(150);
    expect(staff.years.length).toBeGreaterThanOrEqual(5);
    for (const measure of ['inexperienced', 'provisional'] as const) {
      const a = gapOf(staff, measure);
      const b = gapOf(published, measure);
      console.log(
        `${measure}: staff records high ${a.high.teacherWeighted.text} (n ${a.high.teacherWeighted.n}) ` +
          `low ${a.low.teacherWeighted.text} (n ${a.low.teacherWeighted.n}); published rcd_eq high ` +
          `${b.high.teacherWeighted.text} (n ${b.high.teacherWeighted.n}) low ${b.low.teacherWeighted.text} ` +
          `(n ${b.low.teacherWeighted.n}); report in ${ms.toFixed(0)} ms`,
      );
      expect(a.high.teacherWeighted.percent).toBeCloseTo(b.high.teacherWeighted.percent ?? -1, 0);
      expect(a.low.teacherWeighted.percent).toBeCloseTo(b.low.teacherWeighted.percent ?? -1, 0);
    }
    // Wake's high-poverty schools have more beginning teachers (DOMAIN.md §5 for the state).
    expect(gapOf(staff, 'inexperienced').gapPoints ?? 0).toBeGreaterThan(0);
    // Every loaded year is in the trend.
    const years = new Set(staff.trend.map((p) => p.year));
    expect([...years]).toEqual(staff.years);
  }, 120_000);

  it('2019: the statewide comparison from the demo’s statewide reference data (data/demo/nc-state)', async () => {
    const report = await getEquityReport(handle.db, analyst, { year: 2019, source: 'published' });
    const sw = report.statewide;
    expect(sw.available).toBe(true);
    expect(sw).toMatchObject({ state: 'NC', year: 2019, years: [2019], stateSchools: 2703 });
    expect(sw.sourceFiles).toEqual([
      'ec_pupils.csv.gz',
      'rcd_acc_eds.csv.gz',
      'rcd_adm.csv.gz',
      'rcd_effectiveness3.csv.gz',
      'rcd_eq.csv.gz',
      'rcd_location.csv.gz',
    ]);
    expect(sw.note).toMatch(/NC's cut points from its 2,703 schools in 2019/);
    const poverty = sw.comparisons.find((c) => c.dimension === 'poverty');
    if (!poverty) throw new Error('no poverty comparison');
    // The state's cut points and rates as equity-statewide.test.ts computes them by hand from
    // the same files (docs/decisions/007-equity-methods.md).
    expect(poverty.cuts.rankedSchools).toBe(2645);
    expect(poverty.cuts.highMin).toBeCloseTo(65.3, 1);
    expect(poverty.cuts.lowMax).toBeCloseTo(37.6, 1);
    const stateGap = poverty.state.gaps.find((g) => g.measure === 'inexperienced');
    expect(stateGap?.high.teacherWeighted).toMatchObject({ text: '18.7%', n: 23944 });
    // 11.95% of 32,703, shown as 11.9%.
    expect(stateGap?.low.teacherWeighted).toMatchObject({ text: '11.9%', n: 32703 });
    expect(stateGap?.low.teacherWeighted.percent).toBeCloseTo(11.9499, 3);
    const districtGap = poverty.district.gaps.find((g) => g.measure === 'inexperienced');
    const placed = poverty.placed;
    console.log(
      `statewide: Wake's schools under NC's cut points: ${placed.high} high, ${placed.middle} ` +
        `middle, ${placed.low} low, ${placed.unplaced} unplaced; beginning teachers high ` +
        `${districtGap?.high.teacherWeighted.text} (n ${districtGap?.high.teacherWeighted.n}) low ` +
        `${districtGap?.low.teacherWeighted.text} (n ${districtGap?.low.teacherWeighted.n})`,
    );
    expect(placed.high + placed.middle + placed.low).toBeGreaterThan(150);
    expect(placed.high).toBeGreaterThan(0);
    expect(placed.low).toBeGreaterThan(0);
  }, 120_000);

  it('retention by effectiveness: the demo has ratings for its last year only, and says so', async () => {
    // DPI published effectiveness by school for 2019 only (rcd_effectiveness3), so the synthetic
    // staff carry ratings for 2019 alone and no later year exists to follow them into.
    await expect(getRetention(handle.db, analyst, {})).rejects.toThrow(
      /ratings are loaded for 2019 only/,
    );
  }, 120_000);
});
