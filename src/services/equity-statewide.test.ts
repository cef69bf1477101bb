// Statewide quartiles on the real embedded database (issue #5): the NC DPI 2019 state files are
// loaded as reference data (statewide-import.ts) beside a district holding Wake County's own
// 2019 files (the demo extract), and the equity report's statewide comparison is checked against
// a plain computation over the same state files — read here with csv-parse, sorted, cut and summed
// without any of the domain or service code, the way nc-quartiles.test.ts does. Then: loading the
// same files again changes nothing, a changed file makes a new snapshot that rollback removes,
// a bad cell refuses the whole load naming file, row and column, and the staff-records report
// places a district's schools by the state's cut points.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import {
  hasNcSource,
  isSchoolCode,
  NC_SOURCE_DIR,
  numberOrNull,
  readNcTable,
} from '../domain/equity/nc-data.fixtures.ts';
import { getEquityReport, type EquityReportView } from './equity.ts';
import { seedEquityDistrict, TEACHERS } from './equity.fixtures.ts';
import { equityTable } from './equity-export.ts';
import { rollbackBatch } from './import-batches.ts';
import { importFile } from './imports.ts';
import { loadStatewideFiles } from './statewide-import.ts';

const STATE_FILES = [
  'rcd_location.csv',
  'rcd_acc_eds.csv',
  'ec_pupils.csv',
  'rcd_adm.csv',
  'rcd_eq.csv',
  'rcd_effectiveness3.csv',
];
const statePath = (file: string) => path.join(NC_SOURCE_DIR, '2019', file);
const wakePath = (file: string) =>
  path.resolve(import.meta.dirname, '../../data/demo/nc-wake/2019', file);

let handle: DbHandle;
let wakeId: string;
let tmp: string;
const analyst = (districtId: string): Actor => ({
  userId: '00000000-0000-4000-8000-000000000007',
  districtId,
  username: 'analyst',
  displayName: 'Analyst',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
});

async function countRows(districtId: string): Promise<number> {
  const row = await handle.db
    .selectFrom('statewide_school_figures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function countBatches(districtId: string): Promise<number> {
  const row = await handle.db
    .selectFrom('import_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---- The independent computation ----------------------------------------------------------

interface PlainSchool {
  code: string;
  share: number;
  /** measure → [count, n] */
  tallies: Record<string, [number, number]>;
}

/** The 2019 state files joined by school code: pct_eds (masked ones at their bound, 95 / 5). */
function plainSchools(): PlainSchool[] {
  const shares = new Map<string, number>();
  for (const r of readNcTable('2019/rcd_acc_eds.csv')) {
    const share = numberOrNull(r.pct_eds);
    if (share !== null && isSchoolCode(r.agency_code ?? '')) shares.set(r.agency_code ?? '', share);
  }
  const byCode = new Map<string, PlainSchool>();
  const school = (code: string) => {
    const share = shares.get(code);
    if (share === undefined) return null;
    let s = byCode.get(code);
    if (!s) byCode.set(code, (s = { code, share, tallies: {} }));
    return s;
  };
  for (const r of readNcTable('2019/rcd_eq.csv')) {
    const s = school(r.agency_code ?? '');
    const teachers = numberOrNull(r.number_of_teachers);
    const beginning = numberOrNull(r.pct_beg_teachers);
    const provisional = numberOrNull(r.pct_prov_teachers);
    if (!s || teachers === null || teachers <= 0) continue;
    if (beginning !== null) s.tallies.inexperienced = [beginning * teachers, teachers];
    if (provisional !== null) s.tallies.provisional = [provisional * teachers, teachers];
  }
  for (const r of readNcTable('2019/rcd_effectiveness3.csv')) {
    const s = school(r.agency_code ?? '');
    const [ni, eff, he, pct] = [r.ni, r.eff, r.he, r.ni_pct].map(numberOrNull);
    if (!s || ni == null || eff == null || he == null || pct == null) continue;
    const rated = ni + eff + he;
    if (rated > 0) s.tallies.ineffective = [pct * rated, rated];
  }
  // Every school with a share ranks, with or without staffing figures.
  for (const code of shares.keys()) school(code);
  return [...byCode.values()];
}

function plainCuts(universe: readonly { share: number }[]) {
  const sorted = universe.map((s) => s.share).sort((a, b) => a - b);
  const k = Math.ceil(sorted.length / 4);
  return { low: sorted[k - 1] ?? Number.NaN, high: sorted[sorted.length - k] ?? Number.NaN };
}

function plainRate(schools: readonly PlainSchool[], measure: string, keep: (s: number) => boolean) {
  let count = 0;
  let n = 0;
  for (const s of schools) {
    const tally = s.tallies[measure];
    if (!tally || !keep(s.share)) continue;
    count += tally[0];
    n += tally[1];
  }
  return { percent: (count / n) * 100, n };
}

const povertyOf = (report: EquityReportView) => {
  const found = report.statewide.comparisons.find((c) => c.dimension === 'poverty');
  if (!found) throw new Error('no statewide poverty comparison');
  return found;
};
const gapIn = (gaps: EquityReportView['dimensions'][number], measure: string) => {
  const gap = gaps.gaps.find((g) => g.measure === measure);
  if (!gap) throw new Error(`no ${measure}`);
  return gap;
};

// ---- The tests ----------------------------------------------------------------------------

beforeAll(async () => {
  handle = await createTestDb();
  tmp = mkdtempSync(path.join(tmpdir(), 'tandem-statewide-'));
  if (!hasNcSource) return;
  wakeId = (await makeDistrict(handle.db, { name: 'Wake (statewide test)' })).id;
  for (const file of [
    'rcd_location.csv',
    'rcd_acc_eds.csv',
    'ec_pupils.csv',
    'rcd_adm.csv',
    'rcd_eq.csv',
    'rcd_effectiveness3.csv',
  ]) {
    // As the demo loads them: schools not in Wake's 2019 directory (closed) are skipped.
    await importFile(handle.db, null, {
      districtId: wakeId,
      path: wakePath(file),
      unknownSchools: 'skip',
    });
  }
}, 600_000);
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await handle.close();
});

describe.skipIf(!hasNcSource)('statewide quartiles from the NC 2019 state files', () => {
  let firstBatch: string;

  it('without state figures, the report keeps to the district and says why', async () => {
    const report = await getEquityReport(handle.db, analyst(wakeId), { source: 'published' });
    expect(report.statewide.available).toBe(false);
    expect(report.statewide.note).toMatch(/tandem import --statewide/);
    expect(report.statewide.comparisons).toEqual([]);
  }, 120_000);

  it('loads the state files as one batch', async () => {
    const started = performance.now();
    const summary = await loadStatewideFiles(handle.db, null, {
      districtId: wakeId,
      paths: STATE_FILES.map(statePath),
    });
    const seconds = (performance.now() - started) / 1000;
    expect(summary.batchId).not.toBeNull();
    firstBatch = summary.batchId ?? '';
    expect(summary.years).toHaveLength(1);
    expect(summary.years[0]).toMatchObject({ year: 2019, status: 'loaded' });
    expect(summary.years[0]?.schools).toBeGreaterThan(2600);
    expect(summary.files.map((f) => f.mappingName)).toEqual([
      'nc-dpi-rcd-location',
      'nc-dpi-rcd-acc-eds',
      'nc-dpi-ec-pupils',
      'nc-dpi-rcd-adm',
      'nc-dpi-rcd-eq',
      'nc-dpi-rcd-effectiveness3',
    ]);
    expect(await countRows(wakeId)).toBe(summary.rowsWritten);
    console.log(
      `statewide load: ${summary.rowsWritten} state schools for 2019 from ${summary.files.length} ` +
        `files (${summary.files.reduce((n, f) => n + f.rowsRead, 0)} rows read) in ${seconds.toFixed(1)} s`,
    );
  }, 300_000);

  it('the state’s highest- and lowest-poverty quartile rates equal a plain computation', async () => {
    const report = await getEquityReport(handle.db, analyst(wakeId), {
      source: 'published',
      year: 2019,
    });
    expect(report.statewide.available).toBe(true);
    expect(report.statewide.note).toMatch(/rcd_eq\.csv/);
    const poverty = povertyOf(report);
    const plain = plainSchools();
    const cuts = plainCuts(plain);
    expect(poverty.cuts.rankedSchools).toBe(plain.length);
    expect(poverty.cuts.lowMax).toBe(cuts.low);
    expect(poverty.cuts.highMin).toBe(cuts.high);
    for (const measure of ['inexperienced', 'provisional', 'ineffective']) {
      const gap = gapIn(poverty.state, measure);
      const high = plainRate(plain, measure, (s) => s >= cuts.high);
      const low = plainRate(plain, measure, (s) => s <= cuts.low);
      expect(gap.high.teacherWeighted.n).toBeCloseTo(high.n, 6);
      expect(gap.low.teacherWeighted.n).toBeCloseTo(low.n, 6);
      expect(gap.high.teacherWeighted.percent).toBeCloseTo(high.percent, 9);
      expect(gap.low.teacherWeighted.percent).toBeCloseTo(low.percent, 9);
      console.log(
        `NC 2019 statewide ${measure}: highest-poverty quartile (EDS ≥ ${cuts.high}%) ` +
          `${high.percent.toFixed(2)}% of ${high.n.toFixed(0)} · lowest (EDS ≤ ${cuts.low}%) ` +
          `${low.percent.toFixed(2)}% of ${low.n.toFixed(0)} · ${plain.length} ranked state ` +
          `schools — service and plain agree`,
      );
    }
  }, 120_000);

  it('places Wake’s schools by the state’s cut points, beside the within-district quartiles', async () => {
    const report = await getEquityReport(handle.db, analyst(wakeId), {
      source: 'published',
      year: 2019,
    });
    const poverty = povertyOf(report);
    const plain = plainSchools();
    const cuts = plainCuts(plain);
    const district = new Set(report.schools.map((s) => s.id));
    const wake = plain.filter((s) => district.has(s.code));
    expect(wake.length).toBeGreaterThan(150);
    expect(poverty.placed.byDistrictShare).toBe(0);
    const gap = gapIn(poverty.district, 'inexperienced');
    const high = plainRate(wake, 'inexperienced', (s) => s >= cuts.high);
    const low = plainRate(wake, 'inexperienced', (s) => s <= cuts.low);
    expect(gap.high.teacherWeighted.percent).toBeCloseTo(high.percent, 9);
    expect(gap.low.teacherWeighted.percent).toBeCloseTo(low.percent, 9);
    const within = gapIn(
      report.dimensions.find((d) => d.dimension === 'poverty') ?? poverty.district,
      'inexperienced',
    );
    console.log(
      `Wake 2019 beginning teachers — statewide cuts: ${gap.high.teacherWeighted.text} of ` +
        `${gap.high.teacherWeighted.n} (${poverty.placed.high} schools) vs ${gap.low.teacherWeighted.text} of ` +
        `${gap.low.teacherWeighted.n} (${poverty.placed.low} schools); within Wake: ` +
        `${within.high.teacherWeighted.text} vs ${within.low.teacherWeighted.text}`,
    );
    // The export lists the statewide comparisons after the district's own.
    const table = await equityTable(handle.db, analyst(wakeId), {
      source: 'published',
      year: 2019,
    });
    const labels = new Set(table.rows.map((r) => String(r[0])));
    expect([...labels].some((l) => /statewide cut points.*district/.test(l))).toBe(true);
    expect([...labels].some((l) => /statewide cut points.*state/.test(l))).toBe(true);
  }, 120_000);

  it('loading the same files again writes nothing', async () => {
    const rows = await countRows(wakeId);
    const batches = await countBatches(wakeId);
    const again = await loadStatewideFiles(handle.db, null, {
      districtId: wakeId,
      paths: STATE_FILES.map(statePath),
    });
    expect(again.batchId).toBeNull();
    expect(again.years).toEqual([{ year: 2019, schools: rows, status: 'unchanged' }]);
    expect(await countRows(wakeId)).toBe(rows);
    expect(await countBatches(wakeId)).toBe(batches);
  }, 300_000);

  it('a changed file is a new snapshot; rolling batches back restores, then removes', async () => {
    // One school's beginning-teacher share changed in a copy of rcd_eq.
    const text = readFileSync(statePath('rcd_eq.csv'), 'utf8');
    const changed = text.replace(/^(2019,920302,[A-Z]+,[\d.]+,[\d.]+,)([\d.]+)/m, '$10.5');
    expect(changed).not.toBe(text);
    const file = path.join(tmp, 'rcd_eq.csv');
    writeFileSync(file, changed);
    const rows = await countRows(wakeId);
    const second = await loadStatewideFiles(handle.db, null, { districtId: wakeId, paths: [file] });
    expect(second.years[0]?.status).toBe('loaded');
    expect(await countRows(wakeId)).toBe(rows * 2);
    const stored = async () =>
      handle.db
        .selectFrom('statewide_school_figures')
        .select(['beginning_pct', 'ineffective_pct', 'poverty_pct'])
        .where('district_id', '=', wakeId)
        .where('school_code', '=', '920302')
        .where('batch_id', '=', second.batchId ?? '')
        .executeTakeFirst();
    // The new snapshot has the change and keeps what this load had no file for.
    expect(await stored()).toMatchObject({ beginning_pct: 50 });
    expect((await stored())?.poverty_pct).not.toBeNull();

    const undo = await rollbackBatch(handle.db, null, wakeId, second.batchId ?? '');
    expect(undo.deleted).toBe(rows);
    expect(await countRows(wakeId)).toBe(rows);
    const back = await getEquityReport(handle.db, analyst(wakeId), { source: 'published' });
    expect(back.statewide.available).toBe(true);

    await rollbackBatch(handle.db, null, wakeId, firstBatch);
    expect(await countRows(wakeId)).toBe(0);
    const gone = await getEquityReport(handle.db, analyst(wakeId), { source: 'published' });
    expect(gone.statewide.available).toBe(false);
  }, 300_000);

  it('a bad cell refuses the whole load, naming the file, row and column', async () => {
    const lines = readFileSync(statePath('rcd_acc_eds.csv'), 'utf8').split('\n');
    lines[41] = (lines[41] ?? '').replace(/^(2019,[^,]+,)[^,]*/, '$1abc');
    const file = path.join(tmp, 'rcd_acc_eds.csv');
    writeFileSync(file, lines.join('\n'));
    const attempt = loadStatewideFiles(handle.db, null, {
      districtId: wakeId,
      paths: [statePath('rcd_eq.csv'), file],
    });
    await expect(attempt).rejects.toThrow(/rcd_acc_eds\.csv: 1 problem; nothing was imported/);
    await expect(attempt).rejects.toThrow(/row 42, pct_eds "abc"/);
    expect(await countRows(wakeId)).toBe(0);
    // And a file no statewide mapping reads.
    await expect(
      loadStatewideFiles(handle.db, null, {
        districtId: wakeId,
        paths: [statePath('rcd_funds2.csv.gz')],
      }),
    ).rejects.toThrow(/not a state file a statewide load reads \(it fits nc-dpi-rcd-funds2\)/);
  }, 300_000);
});

describe.skipIf(!hasNcSource)('statewide cut points with person-level staff records', () => {
  it('places the district’s schools by their own shares when the state has no code for them', async () => {
    const districtId = await seedEquityDistrict(handle.db);
    await loadStatewideFiles(handle.db, null, {
      districtId,
      paths: ['rcd_acc_eds.csv', 'rcd_eq.csv'].map(statePath),
    });
    const report = await getEquityReport(handle.db, analyst(districtId), {
      year: 2019,
      preset: 'nc',
    });
    expect(report.source).toBe('staff');
    const poverty = povertyOf(report);
    // Schools S0…S7 (poverty 10…80) are not NC codes: all are placed by the district's share.
    expect(poverty.placed.byDistrictShare).toBe(8);
    const { low, high } = plainCuts(plainSchools());
    const share = (i: number) => 10 + 10 * i;
    const plain = (keep: (s: number) => boolean) => {
      const mine = TEACHERS.filter((t) => t.year === 2019 && keep(share(t.school)));
      return (mine.filter((t) => t.experience < 3).length / mine.length) * 100;
    };
    const gap = gapIn(poverty.district, 'inexperienced');
    expect(poverty.placed.high).toBe(
      [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => share(i) >= high).length,
    );
    expect(gap.high.teacherWeighted.percent).toBeCloseTo(
      plain((s) => s >= high),
      9,
    );
    expect(gap.low.teacherWeighted.percent).toBeCloseTo(
      plain((s) => s <= low),
      9,
    );
    expect(report.statewide.notes.join(' ')).toMatch(/staff records/);
  }, 300_000);
});
