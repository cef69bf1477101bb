import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { createUser, loadActor } from './auth.ts';
import {
  listBatches,
  loadActorByUsername,
  rejectedRowsCsv,
  rollbackBatch,
} from './import-batches.ts';
import { importFile } from './imports.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-batches-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function write(content: string, name = `f${++fileNo}.csv`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

// A directory file that also carries a score: one batch writes schools and values.
const schoolsAndScores: MappingInput = {
  kind: 'schools',
  name: 'test-schools-scores',
  title: 'Test schools with scores',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  fields: { name: { column: 'name' }, city: { column: 'city' } },
  measures: [{ measure: 'spg_score', type: 'number', column: 'spg' }],
};
const scores: MappingInput = {
  kind: 'measures',
  name: 'test-scores',
  title: 'Test scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [{ measure: 'spg_score', type: 'number', column: 'spg' }],
};

const A = 'code,name,city,year,spg\n100001,Alder,Cary,2019,50\n100002,Birch,Apex,2019,60\n';
// B changes Alder's score, renames Birch (its score unchanged) and adds Cedar with a score.
const B =
  'code,name,city,year,spg\n100001,Alder,Cary,2019,51\n' +
  '100002,Birch Magnet,,2019,60\n100003,Cedar,Cary,2019,70\n';

describe('import batches', () => {
  let handle: DbHandle;
  let districtId: string;
  const run = (file: string, mapping: MappingInput, actor: Actor | null = null) =>
    importFile(handle.db, actor, { districtId, path: file, mapping });
  const dump = async () => ({
    schools: await handle.db
      .selectFrom('schools')
      .selectAll()
      .where('district_id', '=', districtId)
      .orderBy('id')
      .execute(),
    values: await handle.db
      .selectFrom('measure_values')
      .selectAll()
      .where('district_id', '=', districtId)
      .orderBy('school_id')
      .orderBy('school_year')
      .orderBy('measure_key')
      .orderBy('student_group')
      .execute(),
  });
  const conflictOf = (error: unknown) => {
    if (!(error instanceof AppError) || error.kind !== 'conflict') throw error;
    return error;
  };

  beforeEach(async () => {
    handle = await createTestDb();
    districtId = (await makeDistrict(handle.db)).id;
    return () => handle.close();
  });

  it('rolls back exactly what a batch replaced, newest first, and refuses out of order', async () => {
    const empty = await dump();
    const a = await run(write(A), schoolsAndScores);
    const afterA = await dump();
    const b = await run(write(B), schoolsAndScores);
    expect(b.rowsWritten).toBe(4); // Alder's score, Birch, Cedar and its score
    const afterB = await dump();
    expect(afterB.schools.find((s) => s.id === '100002')).toMatchObject({
      name: 'Birch Magnet',
      city: 'Apex', // a blank cell does not erase what the directory holds
      batch_id: b.batchId,
    });

    const refused = conflictOf(
      await rollbackBatch(handle.db, null, districtId, a.batchId!).catch((e: unknown) => e),
    );
    expect(refused.message).toContain(b.batchId);
    expect(refused.problems.map((p) => p.field)).toEqual([b.batchId]);
    expect(await dump()).toEqual(afterB);

    expect(await rollbackBatch(handle.db, null, districtId, b.batchId!)).toMatchObject({
      restored: 2, // Alder's score, Birch
      deleted: 2, // Cedar and its score
    });
    expect(await dump()).toEqual(afterA);
    await rollbackBatch(handle.db, null, districtId, a.batchId!);
    expect(await dump()).toEqual(empty);
    const images = await handle.db.selectFrom('import_before_images').selectAll().execute();
    expect(images).toEqual([]);

    const again = await rollbackBatch(handle.db, null, districtId, a.batchId!).catch(
      (e: unknown) => e,
    );
    expect(conflictOf(again).message).toMatch(/already rolled back/);
    await expect(
      rollbackBatch(handle.db, null, districtId, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toThrow(/was not found/);
  });

  it('lists every batch that builds on one, through others and through its schools', async () => {
    const a = await run(write(A), schoolsAndScores);
    const b = await run(write(B), schoolsAndScores);
    // C changes only B's rows; D only adds a value for a school A added, changing nothing of A.
    const c = await run(write('code,year,spg\n100003,2019,71\n'), scores);
    const d = await run(write('code,year,spg\n100002,2017,40\n'), scores);
    const refused = conflictOf(
      await rollbackBatch(handle.db, null, districtId, a.batchId!).catch((e: unknown) => e),
    );
    expect(refused.problems.map((p) => p.field).sort()).toEqual(
      [b.batchId, c.batchId, d.batchId].sort(),
    );
    expect(refused.problems[0]?.field).toBe(d.batchId); // newest first
    for (const batch of [d, c, b, a])
      await rollbackBatch(handle.db, null, districtId, batch.batchId!);
    expect((await dump()).schools).toEqual([]);
  });

  it('refuses to delete a school that something outside imports refers to', async () => {
    const a = await run(write(A), schoolsAndScores);
    await createUser(handle.db, {
      districtId,
      username: 'pat.principal',
      displayName: 'Pat',
      role: 'principal',
      schoolIds: ['100001'],
    });
    const error = conflictOf(
      await rollbackBatch(handle.db, null, districtId, a.batchId!).catch((e: unknown) => e),
    );
    expect(error.message).toMatch(/added schools that role_grants still refer to/);
    expect((await dump()).schools).toHaveLength(2);
  });

  it('checks who may import, records who did, and lists batches with their counts', async () => {
    const leader = await createUser(handle.db, {
      districtId,
      username: 'ana.lyst',
      displayName: 'Ana Lyst',
      role: 'analyst',
    });
    const analyst = await loadActor(handle.db, leader.userId);
    expect((await loadActorByUsername(handle.db, 'Ana.Lyst')).userId).toBe(leader.userId);
    const teacher: Actor = { ...analyst, grants: [{ role: 'teacher', schoolId: '100001' }] };
    const elsewhere: Actor = { ...analyst, districtId: 'another' };
    const file = write(A);
    for (const who of [teacher, elsewhere]) {
      await expect(run(file, schoolsAndScores, who)).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(listBatches(handle.db, who, districtId)).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    const a = await run(file, schoolsAndScores, analyst);
    await expect(rollbackBatch(handle.db, teacher, districtId, a.batchId!)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const again = await run(file, schoolsAndScores, null);
    await rollbackBatch(handle.db, analyst, districtId, again.batchId!);

    const listed = await listBatches(handle.db, analyst, districtId);
    expect(listed.map((b) => b.id)).toEqual([again.batchId, a.batchId]);
    expect(listed[1]).toMatchObject({
      status: 'committed',
      sourceKind: 'csv',
      fileName: file,
      fileSha256: a.fileSha256,
      mappingName: 'test-schools-scores',
      rowsRead: 2,
      rowsWritten: 4,
      rowsSkipped: 0,
      rowsRejected: 0,
      createdBy: { userId: leader.userId, username: 'ana.lyst', displayName: 'Ana Lyst' },
      rolledBackAt: null,
    });
    expect(listed[0]).toMatchObject({ status: 'rolled_back', createdBy: null, rowsWritten: 0 });
    expect(listed[0]?.rolledBackAt).toBeInstanceOf(Date);
    expect(listed[1]?.createdAt).toBeInstanceOf(Date);
  });

  it('with skip-rows, writes the valid rows and keeps the rejected ones for download', async () => {
    const file = write(
      'code,name,city,year,spg\n100001,Alder,Cary,2019,50\n100002,Birch,Apex,2019,7x3\n' +
        '"=HYPERLINK(""http://x.test"")",Evil,Cary,2019,1\n100004,"Dogwood, East",Cary\n' +
        '100005,Elm,-Cary,2019,55\n',
    );
    const summary = await importFile(handle.db, null, {
      districtId,
      path: file,
      mapping: schoolsAndScores,
      onProblems: 'skip-rows',
    });
    expect(summary).toMatchObject({ rowsRead: 5, rowsRejected: 3, rowsWritten: 4 });
    expect(summary.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect((await dump()).schools.map((s) => s.id)).toEqual(['100001', '100005']);

    const csv = await rejectedRowsCsv(handle.db, null, districtId, summary.batchId!);
    expect(summary.rejectedCsv).toBe(csv);
    expect(csv.startsWith('\uFEFFreason,code,name,city,year,spg\r\n')).toBe(true);
    const records: string[][] = parse(csv, { bom: true, relax_column_count: true });
    expect(records.slice(1)).toEqual([
      ['spg: "7x3" is not a number', '100002', 'Birch', 'Apex', '2019', '7x3'],
      [
        'code: "=HYPERLINK("http://x.test")" is not a school id of the form ^[0-9]{6}$',
        `'=HYPERLINK("http://x.test")`,
        'Evil',
        'Cary',
        '2019',
        '1',
      ],
      ['the row has 3 cells where the header has 5', '100004', 'Dogwood, East', 'Cary'],
    ]);
  });

  it('a dry run with skip-rows returns the rejected rows and writes nothing', async () => {
    const summary = await importFile(handle.db, null, {
      districtId,
      path: write('code,name,city,year,spg\n100001,Alder,Cary,2019,50\n100002,,Apex,2019,60\n'),
      mapping: schoolsAndScores,
      onProblems: 'skip-rows',
      dryRun: true,
    });
    expect(summary).toMatchObject({ dryRun: true, batchId: null, rowsRejected: 1 });
    expect(summary.rejectedCsv).toContain('name: the school name is blank');
    expect(await dump()).toEqual({ schools: [], values: [] });
  });

  it('refuses a key given twice however far apart, with skip-rows too', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `${200000 + i},School ${i},,2019,`);
    const file = write(`code,name,city,year,spg\n${lines.join('\n')}\n200000,Again,,2019,\n`);
    for (const onProblems of ['abort', 'skip-rows'] as const) {
      const error = await importFile(handle.db, null, {
        districtId,
        path: file,
        mapping: schoolsAndScores,
        onProblems,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'bad_request' });
      expect((error as AppError).problems).toEqual([
        { field: `${file}:6002:`, message: 'repeats school 200000, already given on row 2' },
        {
          field: `${file}:6002:`,
          message: 'repeats spg_score for 200000, 2019, group all, already given on row 2',
        },
      ]);
    }
    expect(await dump()).toEqual({ schools: [], values: [] });
  });
});
