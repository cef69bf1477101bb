// The shared public files through the import *service* with no mapping named: each is picked
// from the built-in list by its header, read, checked and written. Known values were read by
// hand from the files in ../shared/data. Then an .xlsx against the CSV of the same data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { importFile, listMappings } from './imports.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const MA_2017 = path.join(DATA, 'ma-schools-2017/MA_Public_Schools_2017.csv.gz');
const RETENTION = path.join(DATA, 'ma-dese-profiles-multiyear/1A_3_staffing_retention.csv.gz');
const NYC = path.join(DATA, 'nyc-passnyc-2016/2016 School Explorer.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-import-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let handle: DbHandle;
let districtId: string;
beforeEach(async () => {
  handle = await createTestDb();
  districtId = (await makeDistrict(handle.db)).id;
  return () => handle.close();
});

async function valueOf(school: string, year: number, measure: string, group = 'all') {
  return handle.db
    .selectFrom('measure_values')
    .select(['value', 'value_text', 'n', 'status'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', school)
    .where('school_year', '=', year)
    .where('measure_key', '=', measure)
    .where('student_group', '=', group)
    .executeTakeFirst();
}

describe('built-in mappings through importFile', () => {
  it('lists the NC DPI, MA DESE (2017 and profiles) and NYC DOE mappings', () => {
    const names = listMappings().map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ma-dese-schools-2017',
        'ma-dese-staffing-retention',
        'ma-dese-teacher-data',
        'nyc-doe-school-explorer-2016',
      ]),
    );
    expect(names.some((n) => n.startsWith('nc-'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('imports MA DESE 2017, then a profile table for the schools it knows', async () => {
    const directory = await importFile(handle.db, null, { districtId, path: MA_2017 });
    expect(directory).toMatchObject({
      mappingName: 'ma-dese-schools-2017',
      rowsRead: 1861,
      rowsRejected: 0,
      problemCount: 0,
    });
    const schools = await handle.db
      .selectFrom('schools')
      .select(['id', 'name', 'zip'])
      .where('district_id', '=', districtId)
      .execute();
    expect(schools).toHaveLength(1861);
    expect(schools.find((s) => s.id === '00010505')).toMatchObject({
      name: 'Abington High',
      zip: '02351',
    });
    expect(await valueOf('00010505', 2017, 'enrollment')).toMatchObject({ value: 452, n: null });
    expect(await valueOf('00010505', 2017, 'grad_rate_4yr')).toMatchObject({ value: 94.7, n: 114 });

    // 18,238 data rows (zcat | wc -l, less the header); schools DESE opened after 2017 are
    // skipped and counted, as are the two "Failed to meet reporting requirements" rows.
    const retention = await importFile(handle.db, null, {
      districtId,
      path: RETENTION,
      unknownSchools: 'skip',
    });
    expect(retention).toMatchObject({
      mappingName: 'ma-dese-staffing-retention',
      rowsRead: 18238,
      problemCount: 0,
    });
    expect(retention.skipped.filtered).toBe(2);
    expect(retention.skipped.unknown_school).toBeGreaterThan(0);
    // Abington High 2025-26: principal 1 of 1, teachers 43 of 51 (84.3%) retained.
    expect(await valueOf('00010505', 2026, 'pct_teachers_retained')).toMatchObject({
      value: 84.3,
      n: 51,
    });
    expect(await valueOf('00010505', 2025, 'pct_teachers_retained')).toMatchObject({
      value: 88.5,
      n: 52,
    });
    expect(await valueOf('04450105', 2026, 'pct_principals_retained')).toMatchObject({
      value: 66.7,
      n: 3,
    });
  });

  it('imports the NYC School Explorer 2016 file picked by its header', async () => {
    const summary = await importFile(handle.db, null, {
      districtId,
      path: NYC,
      fileName: '2016 School Explorer.csv',
    });
    expect(summary).toMatchObject({
      mappingName: 'nyc-doe-school-explorer-2016',
      rowsRead: 1272,
      problemCount: 0,
    });
    expect(await valueOf('01M015', 2016, 'economic_need_index')).toMatchObject({ value: 91.9 });
    expect(await valueOf('02M006', 2016, 'ela_top_level_count')).toMatchObject({
      value: 150,
      n: 351,
    });
  });
});

const mapping: MappingInput = {
  kind: 'schools',
  name: 'test-sheet',
  title: 'Sheet test',
  description: '',
  sheet: 'data',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  fields: { name: { column: 'name' } },
  measures: [
    { measure: 'enrollment', type: 'number', column: 'enrolled' },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds' },
  ],
};

const ROWS: Array<[string, string, string, number, string]> = [
  ['920302', 'River Bend Elementary', '2019', 713, '60.4'],
  ['020303', 'Abbotts Creek', '2019', 830, '<5%'],
  ['030401', 'Cedar Fork', '2019', 512, '*'],
];

async function snapshot(id: string) {
  const schools = await handle.db
    .selectFrom('schools')
    .select(['id', 'name'])
    .where('district_id', '=', id)
    .orderBy('id')
    .execute();
  const values = await handle.db
    .selectFrom('measure_values')
    .select(['school_id', 'school_year', 'measure_key', 'value', 'status', 'source_marker'])
    .where('district_id', '=', id)
    .orderBy('school_id')
    .orderBy('measure_key')
    .execute();
  return { schools, values };
}

describe('an .xlsx through the same service', () => {
  it('imports identically to the same data as CSV, reading the sheet the mapping names', async () => {
    const csv = path.join(tmp, 'schools.csv');
    fs.writeFileSync(
      csv,
      ['code,name,year,enrolled,eds', ...ROWS.map((r) => r.join(','))].join('\n') + '\n',
    );
    const workbook = new ExcelJS.Workbook();
    // A first sheet that is not the data: without the mapping's `sheet` it would be read.
    workbook.addWorksheet('Read me').addRow(['Export notes']);
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['code', 'name', 'year', 'enrolled', 'eds']);
    // As a spreadsheet keeps them: ids and years as numbers (leading zero lost), counts as
    // numbers, markers as text.
    for (const [code, name, year, enrolled, eds] of ROWS) {
      sheet.addRow([
        Number(code),
        name,
        Number(year),
        enrolled,
        /^[0-9.]+$/.test(eds) ? Number(eds) : eds,
      ]);
    }
    const xlsx = path.join(tmp, 'schools.xlsx');
    await workbook.xlsx.writeFile(xlsx);

    const fromCsv = await importFile(handle.db, null, { districtId, path: csv, mapping });
    const other = (await makeDistrict(handle.db)).id;
    const fromXlsx = await importFile(handle.db, null, { districtId: other, path: xlsx, mapping });
    const strip = (s: typeof fromCsv) => ({
      rowsRead: s.rowsRead,
      rowsWritten: s.rowsWritten,
      problemCount: s.problemCount,
    });
    expect(strip(fromXlsx)).toEqual(strip(fromCsv));
    expect(fromCsv).toMatchObject({ rowsRead: 3, rowsWritten: 9, problemCount: 0 });
    expect(await snapshot(other)).toEqual(await snapshot(districtId));
    const batch = await handle.db
      .selectFrom('import_batches')
      .select('source_kind')
      .where('id', '=', fromXlsx.batchId)
      .executeTakeFirstOrThrow();
    expect(batch.source_kind).toBe('xlsx');

    const wrongSheet = importFile(handle.db, null, {
      districtId: other,
      path: xlsx,
      mapping: { ...mapping, sheet: 'Scores' },
    });
    await expect(wrongSheet).rejects.toThrow(AppError);
    await expect(wrongSheet).rejects.toThrow(/no sheet "Scores".*"Read me", "Data"/);

    // The sheet chosen for the import (the web page's or `--sheet`) wins over the mapping's;
    // a workbook of several sheets names the one read.
    const chosen = await importFile(handle.db, null, {
      districtId: other,
      path: xlsx,
      fileName: 'schools.xlsx',
      mapping: { ...mapping, sheet: 'Scores' },
      sheet: 'data',
      dryRun: true,
    });
    expect(chosen).toMatchObject({ fileName: 'schools.xlsx (sheet "Data")', rowsRead: 3 });
    const firstSheet = importFile(handle.db, null, {
      districtId: other,
      path: xlsx,
      fileName: 'schools.xlsx',
      mapping,
      sheet: 'Read me',
    });
    await expect(firstSheet).rejects.toThrow(/^schools\.xlsx \(sheet "Read me"\): /);
  });
});
