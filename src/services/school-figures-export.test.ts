// Every figure of a school with its source file and row (school-figures-export.ts): the rows of a
// real import name the line each value came from, a rate about fewer than the minimum n is
// suppressed as on the school page (its n kept), a rejected row writes nothing, and a user who
// may not see the school page gets no CSV either.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { importFile } from './imports.ts';
import { schoolFiguresCsv } from './school-figures-export.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-figures-'));
let handle: DbHandle;
let actor: Actor;

const directory: MappingInput = {
  kind: 'schools',
  name: 'figures-directory',
  title: 'Directory',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code' },
  fields: { name: { column: 'name' } },
};

const scores: MappingInput = {
  kind: 'measures',
  name: 'figures-scores',
  title: 'Scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code' },
  year: { column: 'year' },
  measures: [
    { measure: 'spg_score', type: 'number', column: 'spg' },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds', n: { column: 'n' } },
  ],
};

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  handle = await createTestDb();
  const { id: districtId } = await makeDistrict(handle.db, { name: 'Test County' });
  actor = {
    userId: 'u',
    districtId,
    username: 'u',
    displayName: 'U',
    staffId: null,
    grants: [{ role: 'analyst', schoolId: null }],
  };
  const dirFile = write('directory.csv', 'code,name\nA1,Alpha Elementary\nB2,Beta High\n');
  await importFile(handle.db, null, { districtId, path: dirFile, mapping: directory });
  // Line 3: 8 students, under the minimum n of 10; line 5 the publisher's '*'.
  const file = write(
    'scores.csv',
    [
      'code,year,spg,eds,n',
      'A1,2019,71.5,40.2%,300',
      'A1,2018,70,45%,8',
      'B2,2019,60.5,30%,200',
      'A1,2017,=1+2,*,250',
    ].join('\n'),
  );
  await importFile(handle.db, null, {
    districtId,
    path: file,
    fileName: 'scores.csv',
    mapping: scores,
    onProblems: 'skip-rows',
  });
}, 120_000);

afterAll(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('schoolFiguresCsv', () => {
  it('gives every figure with its file and line, suppressing small groups as the page does', async () => {
    const { csv, fileName } = await schoolFiguresCsv(handle.db, actor, 'A1');
    expect(fileName).toBe('alpha-elementary-figures-with-sources.csv');
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const pick = (r: Record<string, string>) => [
      r.measure_key,
      r.student_group,
      r.school_year,
      r.value,
      r.n,
      r.status,
      r.source_marker,
      r.source_file,
      r.source_row,
    ];
    // Line 5's score is a formula, not a number: that row was rejected, its values not written.
    // In the catalogue's order (profile before outcomes), then by year.
    expect(rows.map(pick)).toEqual([
      [
        'pct_econ_disadv',
        'All students',
        '2018',
        'Suppressed (n<10)',
        '8',
        'suppressed',
        'n<10',
        'scores.csv',
        '3',
      ],
      ['pct_econ_disadv', 'All students', '2019', '40.2', '300', 'reported', '', 'scores.csv', '2'],
      ['spg_score', 'All students', '2018', '70', '', 'reported', '', 'scores.csv', '3'],
      ['spg_score', 'All students', '2019', '71.5', '', 'reported', '', 'scores.csv', '2'],
    ]);
    expect(rows[0]?.imported_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'measure_key',
      'measure',
      'unit',
      'student_group',
      'school_year',
      'value',
      'n',
      'status',
      'source_marker',
      'source_file',
      'source_row',
      'imported_at',
      'batch_id',
    ]);
  });

  it('refuses a user with no role in the district, and an unknown school', async () => {
    await expect(schoolFiguresCsv(handle.db, { ...actor, grants: [] }, 'A1')).rejects.toMatchObject(
      { kind: 'forbidden' },
    );
    await expect(schoolFiguresCsv(handle.db, actor, 'NOPE')).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
