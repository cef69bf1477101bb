// Reading in a worker thread (import-rows.ts): the same file imported with its rows read in the
// importing thread and in a worker gives the same batch and the same database, problems and
// refusals included. Files span several chunks (WRITE_CHUNK keys each), so the worker's chunks
// and the writes they wait for are exercised.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { countImportedRows, insertBatch } from '../db/queries/imports.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import { WRITE_CHUNK } from '../importers/chunk-columns.ts';
import { bindMapping } from '../importers/apply.ts';
import { parseMapping, type MappingInput } from '../importers/mapping.ts';
import {
  prestartReadWorker,
  stopReadWorkers,
  waitingReadWorker,
} from '../importers/read-in-worker.ts';
import { openTable } from '../importers/xlsx/open-table.ts';
import { rejectedRowsCsv } from './import-batches.ts';
import { readRows, readsInWorker, WORKER_MIN_BYTES } from './import-rows.ts';
import { importFile, ImportRefusedError, type ImportSummary } from './imports.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-import-worker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const directory: MappingInput = {
  kind: 'schools',
  name: 'worker-directory',
  title: 'Directory',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  fields: { name: { column: 'name' } },
};

const scores: MappingInput = {
  kind: 'measures',
  name: 'worker-scores',
  title: 'Scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [
    { measure: 'spg_score', type: 'number', column: 'spg' },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds', n: { column: 'n' } },
  ],
};

const SCHOOLS = 300;
const YEARS = 20;

/** 300 schools × 20 years, two values a row: 12,000 values, three chunks. */
function scoresCsv(edit: (line: string, row: number) => string = (l) => l): string {
  const lines = ['code,year,spg,eds,n'];
  for (let s = 0; s < SCHOOLS; s++) {
    for (let y = 0; y < YEARS; y++) {
      const row = lines.length + 1;
      const line = `${100000 + s},${2000 + y},${(s * 7 + y) % 100}.5,${(s + y) % 90}%,${300 + s}`;
      lines.push(edit(line, row));
    }
  }
  return `${lines.join('\n')}\n`;
}

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function snapshot(handle: DbHandle, districtId: string) {
  const values = await handle.db
    .selectFrom('measure_values')
    .select(['school_id', 'school_year', 'measure_key', 'value', 'n', 'status', 'source_marker'])
    .where('district_id', '=', districtId)
    .orderBy(['school_id', 'school_year', 'measure_key'])
    .execute();
  return { counts: await countImportedRows(handle.db, districtId), values };
}

/** The summary without what differs between two batches of the same file. */
const comparable = (s: ImportSummary) => ({ ...s, batchId: null });

describe('reading in a worker thread', () => {
  let handle: DbHandle;
  let districtA: string;
  let districtB: string;
  beforeEach(async () => {
    handle = await createTestDb();
    districtA = (await makeDistrict(handle.db)).id;
    districtB = (await makeDistrict(handle.db)).id;
    const codes = Array.from({ length: SCHOOLS }, (_, s) => `${100000 + s},School ${s}`);
    const dirFile = write('directory.csv', `code,name\n${codes.join('\n')}\n`);
    for (const districtId of [districtA, districtB]) {
      await importFile(handle.db, null, { districtId, path: dirFile, mapping: directory });
    }
    return () => handle.close();
  }, 600_000);

  it('writes exactly what reading in the importing thread writes', async () => {
    const file = write('scores.csv', scoresCsv());
    const options = { path: file, fileName: 'scores.csv', mapping: scores };
    const inThread = await importFile(handle.db, null, {
      ...options,
      districtId: districtA,
      readIn: 'thread',
    });
    const inWorker = await importFile(handle.db, null, {
      ...options,
      districtId: districtB,
      readIn: 'worker',
    });
    expect(inWorker.rowsRead).toBe(SCHOOLS * YEARS);
    expect(inWorker.rowsWritten).toBe(2 * SCHOOLS * YEARS);
    expect(inWorker.rowsWritten).toBeGreaterThan(2 * WRITE_CHUNK);
    expect(comparable(inWorker)).toEqual(comparable(inThread));
    expect(await snapshot(handle, districtB)).toEqual(await snapshot(handle, districtA));
    // A value read by hand from the generator: school 100123, 2010: spg (123·7 + 10) mod 100.
    const one = await handle.db
      .selectFrom('measure_values')
      .select(['value', 'n'])
      .where('district_id', '=', districtB)
      .where('school_id', '=', '100123')
      .where('school_year', '=', 2010)
      .where('measure_key', '=', 'spg_score')
      .executeTakeFirstOrThrow();
    expect(one.value).toBe(71.5);

    // Again, read in the worker: nothing changes.
    const again = await importFile(handle.db, null, {
      ...options,
      districtId: districtB,
      readIn: 'worker',
    });
    expect(again.rowsWritten).toBe(0);
  });

  it('refuses a file with problems, naming the same rows, and writes nothing', async () => {
    // A school id that is not one on row 200 and a bad number on row 5,001 (the third chunk).
    const spoil = (line: string, column: number, text: string) =>
      line
        .split(',')
        .map((cell, i) => (i === column ? text : cell))
        .join(',');
    const file = write(
      'bad.csv',
      scoresCsv((line, row) =>
        row === 5001 ? spoil(line, 2, 'n/a-ish') : row === 200 ? spoil(line, 0, 'X1') : line,
      ),
    );
    const attempt = (districtId: string, readIn: 'thread' | 'worker') =>
      importFile(handle.db, null, { districtId, path: file, mapping: scores, readIn }).then(
        () => null,
        (error: unknown) => error,
      );
    const before = await snapshot(handle, districtB);
    const inThread = await attempt(districtA, 'thread');
    const inWorker = await attempt(districtB, 'worker');
    expect(inWorker).toBeInstanceOf(ImportRefusedError);
    expect(inThread).toBeInstanceOf(ImportRefusedError);
    const refused = inWorker as ImportRefusedError;
    expect(refused.importProblems.map((p) => [p.row, p.column])).toEqual([
      [200, 'code'],
      [5001, 'spg'],
    ]);
    expect(refused.importProblems).toEqual((inThread as ImportRefusedError).importProblems);
    expect(await snapshot(handle, districtB)).toEqual(before);
  });

  it('with skip-rows, loads the valid rows and keeps the rejected ones for download', async () => {
    const file = write(
      'some-bad.csv',
      scoresCsv((line, row) => (row % 1000 === 0 ? line.replace(/%,/, '%,-') : line)),
    );
    const summary = await importFile(handle.db, null, {
      districtId: districtB,
      path: file,
      mapping: scores,
      onProblems: 'skip-rows',
      readIn: 'worker',
    });
    expect(summary.rowsRejected).toBe(6);
    expect(summary.rowsWritten).toBe(2 * (SCHOOLS * YEARS - 6));
    const csv = await rejectedRowsCsv(handle.db, null, districtB, summary.batchId ?? '');
    // The reason first, then the cells as read, a leading minus quoted against formulas.
    expect(csv.split(/\r?\n/)[1]).toMatch(/^"n: ""-\d+"" is not a count \(.*\)",\d{6},.*,'-\d+$/);
  });

  it('refuses a key given twice in different chunks', async () => {
    const file = write(
      'repeat.csv',
      scoresCsv((line, row) => (row === 5500 ? line.replace(/^\d+,\d+/, '100000,2000') : line)),
    );
    const error = await importFile(handle.db, null, {
      districtId: districtB,
      path: file,
      mapping: scores,
      readIn: 'worker',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as ImportRefusedError).importProblems[0]?.reason).toMatch(
      /repeats spg_score for 100000, 2000, group all, already given on row 2/,
    );
  });

  it('refuses a key a row gives twice, in every chunk, whichever way its chunk was written', async () => {
    // Two columns feed one measure: every row gives its key twice. The first chunk's values go
    // in by the upsert, the others' by COPY, where the first of each pair is not in the key log.
    const twice: MappingInput = {
      ...scores,
      name: 'worker-scores-twice',
      measures: [
        { measure: 'spg_score', type: 'number', column: 'spg' },
        { measure: 'spg_score', type: 'number', column: 'eds' },
      ],
    };
    const file = write('twice.csv', scoresCsv());
    const error = await importFile(handle.db, null, {
      districtId: districtB,
      path: file,
      mapping: twice,
      readIn: 'worker',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    const refused = error as ImportRefusedError;
    expect(refused.problemCount).toBe(SCHOOLS * YEARS);
    expect(refused.importProblems[0]?.reason).toMatch(
      /repeats spg_score for 100000, 2000, group all, already given on row 2/,
    );
    expect(await snapshot(handle, districtB)).toEqual({
      counts: await countImportedRows(handle.db, districtB),
      values: [],
    });
  });

  it('a file that is not UTF-8 halfway through is refused with its line, nothing written', async () => {
    const text = scoresCsv();
    const cut = text.indexOf('\n', Math.floor(text.length * 0.6)) + 1;
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, cut)),
      Buffer.from('100299,2019,5\xe9,1%,1\n', 'latin1'),
      Buffer.from(text.slice(cut)),
    ]);
    const file = path.join(dir, 'latin1.csv');
    fs.writeFileSync(file, bytes);
    const line = text.slice(0, cut).split('\n').length;
    const before = await snapshot(handle, districtB);
    const error = await importFile(handle.db, null, {
      districtId: districtB,
      path: file,
      fileName: 'latin1.csv',
      mapping: scores,
      readIn: 'worker',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain(`:${line}: the file is not UTF-8 text`);
    expect(await snapshot(handle, districtB)).toEqual(before);
  });

  // The batch row and the measures are written while the worker starts (import-rows.ts): a
  // read failure waits for them, so that no statement runs after the caller's rollback.
  it('lets a slow set-up finish inside the transaction before a read failure reaches it', async () => {
    // The bad line past the first 64 KB, which opening the file reads for the header.
    const text = scoresCsv();
    const cut = text.indexOf('\n', 100_000) + 1;
    const file = path.join(dir, 'latin1-late.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(text.slice(0, cut)),
        Buffer.from('100299,2019,5\xe9,1%,1\n', 'latin1'),
      ]),
    );
    const line = text.slice(0, cut).split('\n').length;
    const reader = await openTable(file, () => undefined, { raggedRows: 'yield' });
    const bound = bindMapping(parseMapping(scores), reader.header, file).bound;
    const batchId = '00000000-0000-4000-8000-0000000000b1';
    let isSetUp = false;
    const attempt = handle.db.transaction().execute((trx) =>
      readRows(trx, {
        reader,
        path: file,
        bound: bound!,
        districtId: districtB,
        batchId,
        fileName: file,
        onProblems: 'abort',
        unknownSchools: 'error',
        knownSchools: new Set(),
        maxProblems: 10,
        readIn: 'worker',
        // Slower than the worker takes to fail.
        setUp: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await insertBatch(trx, {
            district_id: districtB,
            id: batchId,
            source_kind: 'csv',
            file_name: file,
            file_sha256: '0'.repeat(64),
            mapping_name: 'worker-scores',
            created_by: null,
            on_problems: 'abort',
            source_columns: '[]',
            notes: null,
          });
          isSetUp = true;
        },
      }),
    );
    await expect(attempt).rejects.toThrow(`:${line}: the file is not UTF-8 text`);
    expect(isSetUp).toBe(true);
    const left = await handle.db
      .selectFrom('import_batches')
      .where('id', '=', batchId)
      .selectAll()
      .execute();
    expect(left).toEqual([]);
  });

  it('a mapping that feeds a measure the district lacks is refused, nothing written', async () => {
    const before = await snapshot(handle, districtB);
    const unknown = {
      ...scores,
      measures: [{ measure: 'no_such_measure', type: 'number', column: 'spg' }],
    } satisfies MappingInput;
    const error = await importFile(handle.db, null, {
      districtId: districtB,
      path: write('scores-unknown.csv', scoresCsv()),
      mapping: unknown,
      readIn: 'worker',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /feeds measures this district does not have: no_such_measure/,
    );
    expect(await snapshot(handle, districtB)).toEqual(before);
  });

  it('takes a worker started ahead, and with keepReady starts the next', async () => {
    const file = write('scores.csv', scoresCsv());
    const options = {
      path: file,
      fileName: 'scores.csv',
      mapping: scores,
      readIn: 'worker' as const,
    };
    try {
      prestartReadWorker({ keepReady: true });
      const ahead = await waitingReadWorker();
      expect(ahead?.threadId).toBeGreaterThan(0);
      const first = await importFile(handle.db, null, { ...options, districtId: districtA });
      expect(first.rowsWritten).toBe(2 * SCHOOLS * YEARS);
      // The import read in that worker and stopped it (a stopped worker's threadId is -1).
      expect(ahead?.threadId).toBe(-1);
      const next = await waitingReadWorker();
      expect(next?.threadId).toBeGreaterThan(0);
      expect(next).not.toBe(ahead);

      // A worker that stopped while it waited is not used: the import starts another.
      await next?.terminate();
      const second = await importFile(handle.db, null, { ...options, districtId: districtB });
      expect(comparable(second)).toEqual(comparable(first));
      expect(await snapshot(handle, districtB)).toEqual(await snapshot(handle, districtA));
    } finally {
      await stopReadWorkers();
    }
    expect(waitingReadWorker()).toBeNull();
  });

  it('reads files with WORKER_MIN_BYTES of text in a worker unless told where', () => {
    expect(readsInWorker('auto', WORKER_MIN_BYTES - 1)).toBe(false);
    expect(readsInWorker('auto', WORKER_MIN_BYTES)).toBe(true);
    expect(readsInWorker('thread', 10 * WORKER_MIN_BYTES)).toBe(false);
    expect(readsInWorker('worker', 10)).toBe(true);
  });
});
