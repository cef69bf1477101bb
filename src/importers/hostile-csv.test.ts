// Hostile and broken CSV files (issue #3 "Hostile files get a clear error, not a crash"): each
// is refused with a message that names the file (and the line, where there is one), or, for
// what can be read, read correctly. Files are written to a temporary folder by each test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import { rejectedRowsCsv } from '../services/import-batches.ts';
import { importFile } from '../services/imports.ts';
import { MAX_RECORD_BYTES, openCsv } from './csv.ts';
import type { MappingInput } from './mapping.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(file: string) {
  const reader = await openCsv(file, () => undefined);
  const rows: string[][] = [];
  for await (const row of reader.rows) rows.push(row.cells);
  return { header: reader.header, rows };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  expect(error.kind).toBe('bad_request');
  return error;
}

const directory: MappingInput = {
  kind: 'schools',
  name: 'test-directory',
  title: 'Test directory',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  fields: { name: { column: 'name' }, city: { column: 'city' } },
};

describe('encodings', () => {
  it('refuses UTF-16, with or without a byte-order mark, naming the file', async () => {
    const text = 'code,name\r\n920302,River Bend\r\n';
    const le = write(
      'utf16le.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const be = Buffer.from(text, 'utf16le').swap16();
    const beFile = write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const bare = write('utf16-no-bom.csv', Buffer.from(text, 'utf16le'));
    expect((await refusal(readAll(le))).message).toBe(
      `${le}:1: the file is UTF-16 (little-endian); save it as "CSV UTF-8".`,
    );
    expect((await refusal(readAll(beFile))).message).toMatch(
      /utf16be\.csv:1: .*UTF-16 \(big-endian\)/,
    );
    expect((await refusal(readAll(bare))).message).toMatch(/utf16-no-bom\.csv: .*NUL bytes/);
  });

  it('refuses text that is not UTF-8 (Windows-1252), naming the file and line', async () => {
    const file = write(
      'latin.csv',
      Buffer.concat([
        Buffer.from('code,name\n920302,River Bend\n920304,'),
        Buffer.from('Caf\xe9 Elementary\n', 'latin1'),
      ]),
    );
    const error = await refusal(readAll(file));
    expect(error.message).toMatch(
      new RegExp(`^${file}:3: the file is not UTF-8 text \\(byte 39 is 0xE9`),
    );
    expect(error.message).toMatch(/Save it as "CSV UTF-8"/);
  });

  it('reads UTF-8 whose characters straddle the reader’s chunks, and drops a UTF-8 BOM', async () => {
    // 64 KiB is the stream's chunk size: put two-, three- and four-byte characters across it.
    const filler = 'x'.repeat(65_536 - 'code,name\n1,'.length - 1);
    const names = ['é', '€', '😀'].map((ch, i) => `${filler.slice(i)}${ch}tail`);
    const content = `\uFEFFcode,name\n${names.map((n, i) => `${i + 1},${n}`).join('\n')}\n`;
    const { header, rows } = await readAll(write('boundary.csv', content));
    expect(header).toEqual(['code', 'name']);
    expect(rows.map((r) => r[1])).toEqual(names);
  });

  it('refuses an XLSX workbook renamed .csv', async () => {
    const file = write(
      'book.csv',
      Buffer.from('PK\x03\x04\x14\x00\x06\x00rest of a zip', 'latin1'),
    );
    expect((await refusal(readAll(file))).message).toMatch(/book\.csv:1: .*zip archive/);
  });
});

describe('broken structure', () => {
  let handle: DbHandle;
  let districtId: string;
  beforeAll(async () => {
    handle = await createTestDb();
    districtId = (await makeDistrict(handle.db)).id;
  });
  afterAll(() => handle.close());
  const load = (file: string, onProblems: 'abort' | 'skip-rows' = 'abort') =>
    importFile(handle.db, null, { districtId, path: file, mapping: directory, onProblems });

  it('reports ragged rows by line, and with skip-rows rejects them with every cell', async () => {
    const file = write(
      'ragged.csv',
      'code,name,city\n920302,River Bend,Raleigh\n920303,Short\n920304,Long,Cary,extra\n',
    );
    const error = await refusal(load(file));
    expect(error.problems).toEqual([
      { field: `${file}:3:`, message: 'the row has 2 cells where the header has 3' },
      { field: `${file}:4:`, message: 'the row has 4 cells where the header has 3' },
    ]);
    const summary = await load(file, 'skip-rows');
    expect(summary).toMatchObject({ rowsRead: 3, rowsWritten: 1, rowsRejected: 2 });
    expect(parse(summary.rejectedCsv ?? '', { bom: true, relax_column_count: true })).toEqual([
      ['reason', 'code', 'name', 'city'],
      ['the row has 2 cells where the header has 3', '920303', 'Short'],
      ['the row has 4 cells where the header has 3', '920304', 'Long', 'Cary', 'extra'],
    ]);
  });

  it('refuses a wrong encoding through the import too, writing nothing', async () => {
    const file = write(
      'latin-import.csv',
      Buffer.from('code,name,city\n920399,Caf\xe9,Cary\n', 'latin1'),
    );
    const error = await refusal(load(file, 'skip-rows'));
    expect(error.message).toMatch(new RegExp(`^${file}:2: the file is not UTF-8 text`));
    const batches = await handle.db.selectFrom('import_batches').select('file_name').execute();
    expect(batches.map((b) => b.file_name)).not.toContain(file);
  });

  it('refuses an unterminated quote with the line it is on', async () => {
    const file = write(
      'quote.csv',
      'code,name,city\n920302,"River Bend,Raleigh\n920303,Oak,Cary\n',
    );
    const error = await refusal(load(file));
    expect(error.message).toMatch(new RegExp(`^${file}:\\d+: a quoted cell is never closed`));
  });

  it('refuses a 10 MB cell at the 1 MB limit without reading it all into memory', async () => {
    const file = write('huge.csv', `code,name,city\n920302,${'x'.repeat(10 * 1024 * 1024)},Cary\n`);
    const error = await refusal(load(file));
    expect(MAX_RECORD_BYTES).toBe(1_048_576);
    expect(error.message).toMatch(
      new RegExp(`^${file}:2: a row is larger than 1 MB \\(1,048,576 characters\\)`),
    );
  });

  it('never exports a cell that a spreadsheet would run as a formula', async () => {
    const file = write(
      'formulas.csv',
      'code,name,city\n"=HYPERLINK(""http://evil.test"",""x"")",+SUM(1),@cmd\n' +
        '920302,-2+3,@Cary\n',
    );
    const summary = await load(file, 'skip-rows');
    expect(summary.rowsRejected).toBe(1);
    const csv = await rejectedRowsCsv(handle.db, null, districtId, summary.batchId!);
    const [, row] = parse(csv, { bom: true }) as string[][];
    expect(row?.slice(1)).toEqual([`'=HYPERLINK("http://evil.test","x")`, "'+SUM(1)", "'@cmd"]);
    expect(row?.[0]).toMatch(/^code: "=HYPERLINK/);
    // The valid row is stored as written; only exports are escaped.
    const school = await handle.db
      .selectFrom('schools')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('id', '=', '920302')
      .executeTakeFirstOrThrow();
    expect(school).toMatchObject({ name: '-2+3', city: '@Cary' });
  });
});
