import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { countImportedRows } from '../db/queries/imports.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import type { MappingInput } from '../importers/mapping.ts';
import type { Actor } from '../domain/access/access.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import { rollbackBatch } from './import-batches.ts';
import { listMeasureOptions } from './saved-mappings.ts';
import { importFile, listMappings, pickMapping } from './imports.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const directory: MappingInput = {
  kind: 'schools',
  name: 'test-directory',
  title: 'Test directory',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  fields: { name: { column: 'name' }, level: { column: 'level', map: { E: 'elementary' } } },
};

const scores: MappingInput = {
  kind: 'measures',
  name: 'test-scores',
  title: 'Test scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [
    { measure: 'spg_score', type: 'number', column: 'spg' },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds', n: { column: 'n' } },
  ],
};

const DIRECTORY_CSV = 'code,name,level\n920302,River Bend Elementary,E\n020303,Abbotts Creek,E\n';
const SCORES_CSV = 'code,year,spg,eds,n\n920302,2019,58.0,60.4,713\n20303,2019,73,<5%,830\n';

async function snapshot(handle: DbHandle, districtId: string) {
  const values = await handle.db
    .selectFrom('measure_values')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy(['school_id', 'school_year', 'measure_key', 'student_group'])
    .execute();
  const schools = await handle.db
    .selectFrom('schools')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('id')
    .execute();
  return { counts: await countImportedRows(handle.db, districtId), values, schools };
}

function problemsOf(error: unknown) {
  if (!(error instanceof AppError)) throw error;
  return error.problems;
}

describe('importFile', () => {
  let handle: DbHandle;
  let districtId: string;
  beforeEach(async () => {
    handle = await createTestDb();
    districtId = (await makeDistrict(handle.db)).id;
    return () => handle.close();
  });

  it('loads a directory and a measures file, registering the measures it needs', async () => {
    const dirSummary = await importFile(handle.db, null, {
      districtId,
      path: write('dir.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    expect(dirSummary).toMatchObject({ rowsRead: 2, rowsWritten: 2, rowsSkipped: 0, problems: [] });
    const progress: number[] = [];
    const summary = await importFile(handle.db, null, {
      districtId,
      path: write('scores.csv', SCORES_CSV),
      mapping: scores,
      onProgress: (p) => progress.push(p.rowsRead),
    });
    expect(summary).toMatchObject({ rowsRead: 2, rowsWritten: 4, mappingName: 'test-scores' });
    expect(progress.at(-1)).toBe(2);
    const { values, counts } = await snapshot(handle, districtId);
    expect(counts).toEqual({ schools: 2, measureValues: 4, batches: 2, measures: 2 });
    const eds = values.find((v) => v.school_id === '020303' && v.measure_key === 'pct_econ_disadv');
    expect(eds).toMatchObject({ status: 'suppressed', value: null, source_marker: '<5%', n: 830 });
    const batch = await handle.db
      .selectFrom('import_batches')
      .selectAll()
      .where('id', '=', summary.batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ source_kind: 'csv', rows_read: 2, rows_written: 4 });
    expect(batch.file_sha256).toBe(summary.fileSha256);
    expect(batch.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refreshes the planner's statistics of the tables a batch wrote, and only those", async () => {
    const reltuples = async () => {
      // By regclass: this schema's tables (the PostgreSQL suite runs each test file in one).
      const { rows } = await sql<{ relname: string; reltuples: number }>`
        select relname, reltuples::float8 as reltuples from pg_class
        where oid in ('schools'::regclass, 'measure_values'::regclass, 'staff'::regclass)`.execute(
        handle.db,
      );
      return Object.fromEntries(rows.map((r) => [r.relname, r.reltuples]));
    };
    // A staff row the statistics do not know of yet: an import of schools and values leaves
    // the staff table's statistics alone.
    await handle.db
      .insertInto('staff')
      .values({
        district_id: districtId,
        id: 'T1',
        first_name: 'Ada',
        last_name: 'Byron',
        is_synthetic: false,
      })
      .execute();
    const before = await reltuples();
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    // ANALYZE reads every row of a table this small: the counts are exact.
    expect(await reltuples()).toEqual({ ...before, schools: 2, measure_values: 0 });
    await importFile(handle.db, null, {
      districtId,
      path: write('s.csv', SCORES_CSV),
      mapping: scores,
    });
    expect(await reltuples()).toEqual({ ...before, schools: 2, measure_values: 4 });
  });

  it('a file with problems writes nothing and names file, row and column of each', async () => {
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    const before = await snapshot(handle, districtId);
    const bad = write(
      'bad.csv',
      'code,year,spg,eds,n\n920302,2019,58.0,60.4,713\n020303,2019,7x3,1,2\n9203AB,2019,1,2,3\n920302,2019\n',
    );
    const error = await importFile(handle.db, null, {
      districtId,
      path: bad,
      mapping: scores,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('bad_request');
    expect((error as AppError).message).toMatch(/3 problems; nothing was imported/);
    expect(problemsOf(error)).toEqual([
      { field: `${bad}:3:spg`, message: '"7x3" is not a number' },
      { field: `${bad}:4:code`, message: '"9203AB" is not a school id of the form ^[0-9]{6}$' },
      { field: `${bad}:5:`, message: 'the row has 2 cells where the header has 5' },
    ]);
    expect(await snapshot(handle, districtId)).toEqual(before);
  });

  it('importing the same file again changes nothing but adds a batch', async () => {
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    const file = write('s.csv', SCORES_CSV);
    const first = await importFile(handle.db, null, { districtId, path: file, mapping: scores });
    const before = await snapshot(handle, districtId);
    const again = await importFile(handle.db, null, { districtId, path: file, mapping: scores });
    const after = await snapshot(handle, districtId);
    expect(again).toMatchObject({ rowsRead: 2, rowsWritten: 0, fileSha256: first.fileSha256 });
    expect(after.values).toEqual(before.values); // batch_id included: still the first batch
    expect(after.schools).toEqual(before.schools);
    expect(after.counts).toEqual({ ...before.counts, batches: before.counts.batches + 1 });
  });

  it('a changed value moves to the new batch; unchanged ones stay with theirs', async () => {
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    const first = await importFile(handle.db, null, {
      districtId,
      path: write('s1.csv', SCORES_CSV),
      mapping: scores,
    });
    const changed = SCORES_CSV.replace('58.0', '59.0');
    const second = await importFile(handle.db, null, {
      districtId,
      path: write('s2.csv', changed),
      mapping: scores,
    });
    expect(second.rowsWritten).toBe(1);
    const { values } = await snapshot(handle, districtId);
    const spg = values.find((v) => v.school_id === '920302' && v.measure_key === 'spg_score');
    expect(spg).toMatchObject({ value: 59, batch_id: second.batchId });
    expect(values.filter((v) => v.batch_id === first.batchId)).toHaveLength(3);
  });

  it('a dry run reports what an import would do and writes nothing', async () => {
    const before = await snapshot(handle, districtId);
    const summary = await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
      dryRun: true,
    });
    expect(summary).toMatchObject({ dryRun: true, batchId: null, rowsRead: 2, rowsWritten: 2 });
    expect(await snapshot(handle, districtId)).toEqual(before);
  });

  it('measure rows for a school not in the directory: a problem, or skipped and counted', async () => {
    const file = write('s.csv', SCORES_CSV);
    const error = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: scores,
    }).catch((e: unknown) => e);
    expect(problemsOf(error)[0]).toEqual({
      field: `${file}:2:code`,
      message: '"920302" is not a school of this district (import the school directory first)',
    });
    const skipped = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: scores,
      unknownSchools: 'skip',
    });
    expect(skipped).toMatchObject({ rowsSkipped: 2, rowsWritten: 0 });
    expect(skipped.unknownSchoolIds).toEqual(['020303', '920302']);
  });

  it('refuses a file that gives the same value twice', async () => {
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    const file = write('dup.csv', 'code,year,spg,eds,n\n920302,2019,58,1,2\n920302,2019,59,1,2\n');
    const error = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: scores,
    }).catch((e: unknown) => e);
    expect(problemsOf(error)[0]).toEqual({
      field: `${file}:3:`,
      message: 'repeats spg_score for 920302, 2019, group all, already given on row 2',
    });
  });

  it('refuses unknown mappings, bad mappings and unknown measures before reading rows', async () => {
    const file = write('s.csv', SCORES_CSV);
    await expect(
      importFile(handle.db, null, { districtId, path: file, mapping: 'no-such-mapping' }),
    ).rejects.toThrow(/no mapping named "no-such-mapping"/);
    const badMapping = { ...scores, year: { column: '' } };
    await expect(
      importFile(handle.db, null, { districtId, path: file, mapping: badMapping }),
    ).rejects.toThrow(/Mapping "test-scores" is not valid: year.column/);
    const unknownMeasure = {
      ...scores,
      measures: [{ measure: 'happiness', type: 'number', column: 'spg' }],
    } satisfies MappingInput;
    const error = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: unknownMeasure,
    }).catch((e: unknown) => e);
    expect(problemsOf(error)).toEqual([
      {
        field: 'measures.0.measure',
        message:
          'unknown measure "happiness": not in the catalogue, nor defined under defineMeasures',
      },
    ]);
    // A performance score (a number) read as text.
    const asText = {
      ...scores,
      measures: [{ measure: 'spg_score', type: 'text', column: 'spg' }],
    } satisfies MappingInput;
    const mistyped = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: asText,
    }).catch((e: unknown) => e);
    expect(problemsOf(mistyped)).toEqual([
      {
        field: 'measures.0.type',
        message: 'must be "number" for "spg_score", a measure in score',
      },
    ]);
    await expect(
      importFile(handle.db, null, { districtId: 'nowhere', path: file, mapping: scores }),
    ).rejects.toThrow(/District nowhere was not found/);
    expect((await countImportedRows(handle.db, districtId)).batches).toBe(0);
  });

  it('a measure the catalogue lacks, defined by the mapping, joins the district catalogue', async () => {
    await importFile(handle.db, null, {
      districtId,
      path: write('dir.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    // A district survey's score, which no state file has.
    const survey = {
      ...scores,
      name: 'climate-survey',
      match: { requiredColumns: ['code', 'year', 'climate'] },
      defineMeasures: [
        {
          measure: 'climate_index',
          label: 'School climate index',
          unit: 'index',
          category: 'outcome',
          higherIsBetter: true,
          description: 'The district climate survey, 0 to 5.',
        },
      ],
      measures: [
        { measure: 'climate_index', type: 'number', column: 'climate', n: { column: 'n' } },
      ],
    } satisfies MappingInput;
    const file = write('climate.csv', 'code,year,climate,n\n920302,2024,3.8,212\n20303,2024,*,6\n');
    const summary = await importFile(handle.db, null, { districtId, path: file, mapping: survey });
    expect(summary).toMatchObject({ rowsRead: 2, rowsWritten: 2 });
    const measure = await handle.db
      .selectFrom('measures')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('key', '=', 'climate_index')
      .executeTakeFirstOrThrow();
    expect(measure).toMatchObject({
      label: 'School climate index',
      unit: 'index',
      category: 'outcome',
      higher_is_better: true,
      description: 'The district climate survey, 0 to 5.',
      source: 'Defined by mapping climate-survey',
    });
    const { values } = await snapshot(handle, districtId);
    expect(
      values
        .filter((v) => v.measure_key === 'climate_index')
        .map((v) => [v.school_id, v.value, v.status, v.n]),
    ).toEqual([
      ['020303', null, 'suppressed', 6],
      ['920302', 3.8, 'reported', 212],
    ]);

    // The page's form offers it after the standard measures, to analysts.
    const analystActor: Actor = {
      userId: 'u1',
      districtId,
      username: 'ana.lyst',
      displayName: 'Ana Lyst',
      staffId: null,
      grants: [{ role: 'analyst', schoolId: null }],
    };
    const options = await listMeasureOptions(handle.db, analystActor);
    expect(options.at(-1)).toEqual({
      key: 'climate_index',
      label: 'School climate index',
      unit: 'index',
    });
    expect(options).toHaveLength(STANDARD_MEASURES.length + 1);

    // Rolled back, the values go; the measure stays in the catalogue, with nothing to show.
    await rollbackBatch(handle.db, null, districtId, summary.batchId!);
    const after = await snapshot(handle, districtId);
    expect(after.values.filter((v) => v.measure_key === 'climate_index')).toEqual([]);
    await expect(
      handle.db
        .selectFrom('measures')
        .select('label')
        .where('district_id', '=', districtId)
        .where('key', '=', 'climate_index')
        .execute(),
    ).resolves.toEqual([{ label: 'School climate index' }]);

    // Another mapping may not give it another unit: its values would change meaning.
    const asPercent = {
      ...survey,
      name: 'climate-percent',
      defineMeasures: [{ ...survey.defineMeasures[0]!, unit: 'percent' }],
    } satisfies MappingInput;
    const error = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: asPercent,
    }).catch((e: unknown) => e);
    expect(problemsOf(error)).toEqual([
      {
        field: 'defineMeasures.0.unit',
        message:
          'is percent, but the district\'s catalogue has "climate_index" in index; a mapping cannot change it',
      },
    ]);
  });

  it('picks a built-in mapping from the header when none is named', async () => {
    const file = write(
      'rcd_adm.csv',
      'year,agency_code,category_code,avg_student_num\n2019,920LEA,,160000\n2019,920302,,713\n',
    );
    await importFile(handle.db, null, {
      districtId,
      path: write('d.csv', DIRECTORY_CSV),
      mapping: directory,
    });
    const summary = await importFile(handle.db, null, { districtId, path: file });
    expect(summary).toMatchObject({ mappingName: 'nc-dpi-rcd-adm', rowsRead: 2, rowsWritten: 1 });
    expect(summary.skipped.filtered).toBe(1);
  });
});

describe('mapping registry', () => {
  it('lists the built-in mappings and picks by header and file name', () => {
    expect(listMappings().map((m) => m.name)).toContain('nc-dpi-rcd-acc-spg2');
    expect(
      pickMapping(['year', 'agency_code', 'pct_eds', 'pct_eds_masking'], 'rcd_acc_eds.csv')?.name,
    ).toBe('nc-dpi-rcd-acc-eds');
    // rcd_acc_elp has every column the chronic-absence mapping reads, but is another file.
    const elp = ['year', 'agency_code', 'subgroup', 'den', 'pct', 'masking'];
    expect(pickMapping(elp, '2019/rcd_acc_elp.csv')).toBeNull();
    expect(pickMapping(['x', 'y'], 'anything.csv')).toBeNull();
  });
});
