// One demo load for the whole file (it takes a few seconds). Every expected value below was read
// by hand from the CSV files in data/demo/nc-wake (grep), not computed by the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { countImportedRows } from '../db/queries/imports.ts';
import { createTestDb } from '../db/testing.ts';
import { loadDemoDistrict, type DemoSummary } from './demo.ts';

let handle: DbHandle;
let summary: DemoSummary;
const progress: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  summary = await loadDemoDistrict(handle.db, { onProgress: (p) => progress.push(p.step) });
  console.log(
    `demo load: ${summary.elapsedMs} ms, ${summary.schools} schools, ${summary.measureValues} values`,
  );
}, 120_000);
afterAll(() => handle.close());

async function value(schoolId: string, year: number, measure: string, group = 'all') {
  return handle.db
    .selectFrom('measure_values')
    .select(['value', 'value_text', 'n', 'status', 'source_marker'])
    .where('district_id', '=', 'nc-920')
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year)
    .where('measure_key', '=', measure)
    .where('student_group', '=', group)
    .executeTakeFirst();
}

const reported = (v: number, n: number | null = null) => ({
  value: v,
  value_text: null,
  n,
  status: 'reported',
  source_marker: null,
});
const text = (t: string) => ({
  value: null,
  value_text: t,
  n: null,
  status: 'reported',
  source_marker: null,
});

describe('loadDemoDistrict', () => {
  it('creates Wake County Schools through one batch per mapped file', async () => {
    const district = await handle.db
      .selectFrom('districts')
      .selectAll()
      .where('id', '=', 'nc-920')
      .executeTakeFirstOrThrow();
    expect(district).toMatchObject({
      name: 'Wake County Schools',
      state: 'NC',
      lea_code: '920',
      is_demo: true,
    });
    expect(summary.loaded).toBe(true);
    expect(summary.imports).toHaveLength(50); // 70 CSV files, 20 unmapped
    const kinds = await handle.db
      .selectFrom('import_batches')
      .select('source_kind')
      .distinct()
      .execute();
    expect(kinds).toEqual([{ source_kind: 'demo' }]);
    expect(progress.at(-1)).toMatch(/done/);
    expect(progress.at(-2)).toMatch(/statewide reference data/);
    // Codes in measure files that are not schools: 920124 (2019 rcd_eq) has no directory entry.
    const eq = summary.imports.find((i) => i.fileName === 'nc-wake/2019/rcd_eq.csv');
    expect(eq?.unknownSchoolIds).toEqual(['920124']);
    // rcd_courses2 (now mapped): 920348's FEM row "920348,627.0,FEM,51.2,169.0,64.5,198.0,…";
    // 920001 (all cells empty) is not a school.
    expect(await value('920348', 2019, 'ap_course_students')).toEqual(reported(627));
    expect(await value('920348', 2019, 'pct_of_ap_students', 'female')).toEqual(
      reported(51.2, 627),
    );
    const courses = summary.imports.find((i) => i.fileName === 'nc-wake/2019/rcd_courses2.csv');
    expect(courses?.unknownSchoolIds).toEqual(['920001']);
  });

  it('has every school of the directory files, and each year’s schools', async () => {
    expect(summary.schools).toBe(191);
    const perYear = await handle.db
      .selectFrom('measure_values')
      .select(['school_year', (eb) => eb.fn.countAll<number>().as('schools')])
      .where('district_id', '=', 'nc-920')
      .where('measure_key', '=', 'enrollment')
      .groupBy('school_year')
      .orderBy('school_year')
      .execute();
    // data/demo/nc-wake/README.md "Schools per year" (2018: rcd_adm's 183 school rows).
    expect(perYear.map((r) => [r.school_year, Number(r.schools)])).toEqual([
      [2014, 170],
      [2015, 171],
      [2016, 170],
      [2017, 176],
      [2018, 183],
      [2019, 187],
    ]);
    const school = await handle.db
      .selectFrom('schools')
      .selectAll()
      .where('district_id', '=', 'nc-920')
      .where('id', '=', '920302')
      .executeTakeFirstOrThrow();
    expect(school).toMatchObject({
      name: 'River Bend Elementary',
      level: 'elementary',
      grade_span: 'PK-5',
      is_title_i: true,
      city: 'Raleigh',
      state: 'NC',
      zip: '27616',
    });
  });

  it('2019 performance grades, overall and by group (rcd_acc_spg2)', async () => {
    expect(await value('920302', 2019, 'spg_score')).toEqual(reported(58));
    expect(await value('920302', 2019, 'spg_grade')).toEqual(text('C'));
    expect(await value('920302', 2019, 'achievement_score')).toEqual(reported(50.6));
    expect(await value('920302', 2019, 'growth_status')).toEqual(text('Exceeded'));
    expect(await value('920302', 2019, 'growth_score')).toEqual(reported(85.3));
    expect(await value('920302', 2019, 'spg_score', 'asian')).toEqual(reported(67));
    expect(await value('920302', 2019, 'growth_index', 'swd')).toEqual(reported(-0.05));
    expect(await value('920302', 2019, 'growth_index')).toEqual(reported(2.14));
  });

  it('2016 values from the 2014–17 layout, including a school missing from that year’s profile', async () => {
    expect(await value('920302', 2016, 'spg_score')).toEqual(reported(54));
    expect(await value('920302', 2016, 'spg_grade')).toEqual(text('D'));
    expect(await value('920302', 2016, 'growth_status')).toEqual(text('NotMet'));
    expect(await value('920302', 2016, 'growth_score')).toEqual(reported(63));
    expect(await value('920303', 2016, 'spg_grade')).toEqual(text('B'));
    expect(await value('920302', 2014, 'enrollment')).toEqual(reported(835));
    expect(await value('920302', 2015, 'pct_teachers_fully_licensed')).toEqual(reported(96.9, 64));
    expect(await value('920302', 2015, 'pct_teachers_nbpts')).toEqual(reported((5 / 64) * 100, 64));
    // lateral_teach_pct is blank in the file: missing, not zero.
    expect(await value('920302', 2015, 'pct_teachers_lateral_entry')).toEqual({
      value: null,
      value_text: null,
      n: 64,
      status: 'missing',
      source_marker: null,
    });
  });

  it('profile shares, suppressed values keep their marker', async () => {
    expect(await value('920302', 2019, 'pct_econ_disadv')).toEqual(reported(60.4));
    expect(await value('920302', 2019, 'enrollment')).toEqual(reported(713));
    expect(await value('920386', 2019, 'pct_econ_disadv')).toEqual({
      value: null,
      value_text: null,
      n: null,
      status: 'suppressed',
      source_marker: '<5%',
    });
    // ec_pupils 2019: Total 707, White Male 57, White Female 45.
    expect(await value('920302', 2019, 'pct_minority')).toEqual(
      reported(Number((((707 - 57 - 45) / 707) * 100).toPrecision(12)), 707),
    );
    // rcd_acc_cgr 2019, 920317 STD ALL: den 554, pct 95.0, masking 1 (">95%").
    expect(await value('920317', 2019, 'grad_rate_4yr')).toEqual({
      value: null,
      value_text: null,
      n: 554,
      status: 'suppressed',
      source_marker: '>95%',
    });
    expect(await value('920302', 2018, 'chronic_absence_rate')).toEqual(reported(10.08, 704));
  });

  it('staffing and spending aggregates with their n', async () => {
    expect(await value('920302', 2019, 'teachers_count')).toEqual(reported(60));
    expect(await value('920302', 2019, 'pct_teachers_beginning')).toEqual(reported(18.33, 60));
    expect(await value('920302', 2019, 'pct_teachers_needs_improvement')).toEqual(
      reported(15.38461596, 8 + 37 + 7),
    );
    expect(await value('920302', 2019, 'ppe_total')).toEqual(reported(9613.06, 727));
    expect(await value('920302', 2018, 'pct_teachers_0_3yrs')).toEqual(reported(30, 49));
    expect(await value('920302', 2018, 'pct_teachers_4_10yrs')).toEqual(reported(28, 49));
    expect(await value('920302', 2018, 'pct_teachers_11plus_yrs')).toEqual(reported(42, 49));
    expect(await value('920302', 2018, 'pct_teacher_turnover')).toEqual(reported(11.2, 49));
  });

  it('designations as published; 2018 TSI-CU is a watch list, not a designation', async () => {
    expect(await value('920302', 2018, 'tsi_designation')).toEqual(text('Y')); // tsi_at = Y
    expect(await value('920304', 2018, 'tsi_designation')).toEqual(text('N')); // only tsi_cu = Y
    expect(await value('920304', 2019, 'csi_designation')).toEqual(text('N'));
    const lowPerforming = await handle.db
      .selectFrom('measure_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', 'nc-920')
      .where('measure_key', '=', 'low_performing')
      .where('school_year', '=', 2019)
      .where('value_text', '=', 'Y')
      .executeTakeFirstOrThrow();
    expect(Number(lowPerforming.n)).toBe(30);
  });

  it('loads the state’s 2019 files (data/demo/nc-state) as statewide reference data', async () => {
    // One statewide batch of the system's, beside the district's 50: 2,703 state schools with a
    // figure (data/demo/nc-state/README.md: rcd_location's 2,700 schools and a few more codes
    // in the figure files).
    expect(summary.statewide).toMatchObject({
      dryRun: false,
      years: [{ year: 2019, schools: 2703, status: 'loaded' }],
      rowsWritten: 2703,
    });
    expect(summary.statewide?.files.map((f) => f.fileName)).toEqual([
      'nc-state/2019/ec_pupils.csv.gz',
      'nc-state/2019/rcd_acc_eds.csv.gz',
      'nc-state/2019/rcd_adm.csv.gz',
      'nc-state/2019/rcd_effectiveness3.csv.gz',
      'nc-state/2019/rcd_eq.csv.gz',
      'nc-state/2019/rcd_location.csv.gz',
    ]);
    const batch = await handle.db
      .selectFrom('import_batches')
      .select(['source_kind', 'created_by', 'file_name', 'mapping_name'])
      .where('id', '=', summary.statewide?.batchId ?? '')
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      source_kind: 'demo',
      created_by: null,
      mapping_name: 'nc-dpi-statewide',
    });
    expect(batch.file_name).toMatch(/^NC statewide reference 2019: ec_pupils\.csv\.gz, /);
    // River Bend Elementary as the state's files give it: rcd_acc_eds 60.4, rcd_eq 11 of 60.
    const riverBend = await handle.db
      .selectFrom('statewide_school_figures')
      .select(['name', 'poverty_pct', 'beginning_pct', 'beginning_n'])
      .where('district_id', '=', 'nc-920')
      .where('school_code', '=', '920302')
      .executeTakeFirstOrThrow();
    expect(riverBend).toEqual({
      name: 'River Bend Elementary',
      poverty_pct: 60.4,
      beginning_pct: 18.33,
      beginning_n: 60,
    });
  });

  it('is idempotent: a second call finds the district and does nothing', async () => {
    const before = await countImportedRows(handle.db, 'nc-920');
    const again = await loadDemoDistrict(handle.db);
    expect(again.loaded).toBe(false);
    expect(await countImportedRows(handle.db, 'nc-920')).toEqual(before);
  });
});
