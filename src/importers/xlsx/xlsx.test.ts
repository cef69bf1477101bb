import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { AppError } from '../../domain/shared/errors.ts';
import { applyRow, bindMapping, type ValueRecord } from '../apply.ts';
import type { CsvProblem, CsvReader, CsvRow } from '../csv.ts';
import { parseMapping } from '../mapping.ts';
import { listSheets, openTable, tableSourceKind } from './open-table.ts';
import { excelDate, listXlsxSheets, openXlsx } from './xlsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

async function readAll(reader: CsvReader) {
  const rows: CsvRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A zip of the given entries (deflated), written to `name`. */
async function writeZip(name: string, entries: Record<string, string | Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [entry, content] of Object.entries(entries)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), entry);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(zip.outputStream)) chunks.push(Buffer.from(chunk));
  fs.writeFileSync(file(name), Buffer.concat(chunks));
  return file(name);
}

const WORKBOOK =
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/' +
  'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const sheetXml = (rows: string) =>
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  `<sheetData>${rows}</sheetData></worksheet>`;
const handMade = (name: string, sheet: string | Buffer) =>
  writeZip(name, {
    'xl/workbook.xml': WORKBOOK,
    'xl/_rels/workbook.xml.rels': RELS,
    'xl/worksheets/sheet1.xml': sheet,
  });

// The same small table as a CSV a person would save and as a workbook made with exceljs: ids
// that lost their leading zero, a percent-formatted number, a suppression marker, a blank, a
// float with binary noise, a date.
const CSV =
  'code,name,eds,spg,when\n' +
  '920302,River Bend Elementary,45%,58.3,2019-08-26\n' +
  '020303,Abbotts Creek,*,,2019-08-27\n';

async function makeWorkbook(name: string, extraSheet = false): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  if (extraSheet) workbook.addWorksheet('Notes').addRow(['read me']);
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(['code', 'name', 'eds', 'spg', 'when']);
  sheet.addRow([920302, 'River Bend Elementary', 0.45, 58.300000000000004, new Date('2019-08-26')]);
  sheet.addRow(['020303', 'Abbotts Creek', '*', null, new Date('2019-08-27')]);
  sheet.getColumn(3).numFmt = '0%';
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd';
  await workbook.xlsx.writeFile(file(name));
  return file(name);
}

describe('openXlsx', () => {
  it('reads a workbook exactly as the CSV of the same table, and a mapping gives the same values', async () => {
    const csvPath = file('table.csv');
    fs.writeFileSync(csvPath, CSV);
    const xlsxPath = await makeWorkbook('table.xlsx');
    const problems: CsvProblem[] = [];
    const fromCsv = await readAll(await openTable(csvPath, (p) => problems.push(p)));
    const fromXlsx = await readAll(await openTable(xlsxPath, (p) => problems.push(p)));
    expect(problems).toEqual([]);
    expect(fromXlsx.header).toEqual(fromCsv.header);
    expect(fromXlsx.rows.map((r) => r.cells)).toEqual(fromCsv.rows.map((r) => r.cells));
    expect(fromXlsx.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(tableSourceKind(xlsxPath)).toBe('xlsx');

    const mapping = parseMapping({
      kind: 'measures',
      name: 'test',
      title: 'Test',
      description: '',
      match: { requiredColumns: ['code'] },
      school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
      year: { value: 2019 },
      measures: [
        { measure: 'pct_econ_disadv', type: 'number', column: 'eds' },
        { measure: 'spg_score', type: 'number', column: 'spg' },
      ],
    });
    const valuesOf = (table: { header: string[]; rows: CsvRow[] }): ValueRecord[] => {
      const { bound } = bindMapping(mapping, table.header, 'x');
      return table.rows.flatMap((r) => applyRow(bound!, r.cells, r.line).values);
    };
    const values = valuesOf(fromXlsx);
    expect(values).toEqual(valuesOf(fromCsv));
    expect(values.map((v) => [v.schoolId, v.measureKey, v.value, v.status, v.marker])).toEqual([
      ['920302', 'pct_econ_disadv', 45, 'reported', null],
      ['920302', 'spg_score', 58.3, 'reported', null],
      ['020303', 'pct_econ_disadv', null, 'suppressed', '*'],
      ['020303', 'spg_score', null, 'missing', null],
    ]);
  });

  it('reads the sheet it is told to, and names the sheets when there is no such sheet', async () => {
    const xlsxPath = await makeWorkbook('two-sheets.xlsx', true);
    const first = await readAll(await openXlsx(xlsxPath, () => undefined));
    expect(first.header).toEqual(['read me']);
    const data = await readAll(await openXlsx(xlsxPath, () => undefined, { sheet: 'data' }));
    expect(data.header[0]).toBe('code');
    const error = await refusal(openXlsx(xlsxPath, () => undefined, { sheet: 'Scores' }));
    expect(error.message).toBe('two-sheets.xlsx has no sheet "Scores" (it has "Notes", "Data").');
  });

  it('lists the sheets in tab order, and says which one a reader reads', async () => {
    const xlsxPath = await makeWorkbook('listed.xlsx', true);
    expect(await listXlsxSheets(xlsxPath)).toEqual(['Notes', 'Data']);
    expect(await listSheets(xlsxPath)).toEqual(['Notes', 'Data']);
    const reader = await openXlsx(xlsxPath, () => undefined, { sheet: 'DATA' });
    expect(reader.sheet).toEqual({ name: 'Data', of: 2 });
    reader.close();
    const csvPath = file('plain.csv');
    fs.writeFileSync(csvPath, 'a,b\n1,2\n');
    expect(await listSheets(csvPath)).toEqual([]);
    const notZip = file('not-a-workbook.xlsx');
    fs.writeFileSync(notZip, 'a,b\n1,2\n');
    await expect(listXlsxSheets(notZip)).rejects.toThrow(AppError);
  });

  it('reads inline strings, booleans and errors, and reports cells past the header', async () => {
    const xlsxPath = await handMade(
      'hand.xlsx',
      sheetXml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>' +
          '<c r="B1" t="inlineStr"><is><r><t>fl</t></r><r><t>ag</t></r></is></c></row>' +
          '<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="b"><v>1</v></c></row>' +
          '<row r="4"><c r="B4" t="e"><v>#N/A</v></c><c r="D4"><v>9</v></c></row>' +
          '<row r="5"><c r="A5"><v>0.30000000000000004</v></c></row>',
      ),
    );
    const problems: CsvProblem[] = [];
    const { header, rows } = await readAll(await openXlsx(xlsxPath, (p) => problems.push(p)));
    expect(header).toEqual(['code', 'flag']);
    expect(rows).toEqual([
      { line: 3, cells: ['1', 'TRUE'] },
      { line: 5, cells: ['0.3', ''] },
    ]);
    expect(problems).toEqual([
      { row: 4, reason: 'has 4 cells where the header has 2', cells: ['', '#N/A', '', '9'] },
    ]);
    const asRows = await readAll(
      await openXlsx(xlsxPath, () => undefined, { raggedRows: 'yield' }),
    );
    expect(asRows.rows[1]).toEqual({
      line: 4,
      cells: ['', '#N/A', '', '9'],
      problem: 'has 4 cells where the header has 2',
    });
    expect(excelDate(43703)).toBe('2019-08-26');
  });

  it('refuses a zip bomb before inflating it, naming the file and the entry', async () => {
    const bomb = await handMade('bomb.xlsx', Buffer.alloc(50 * 1024 * 1024, 0x20));
    const error = await refusal(openXlsx(bomb, () => undefined));
    expect(error.message).toMatch(
      /^bomb\.xlsx: refused as a possible zip bomb: xl\/worksheets\/sheet1\.xml would expand \d+:1 \(the limit is 100:1\)\.$/,
    );
    // The total is checked too (here with a lower limit than the 200 MB default).
    const bulky = await handMade('bulky.xlsx', sheetXml('<row r="1"></row>'.repeat(1000)));
    const limits = { maxTotalBytes: 1000, maxRatio: 100 };
    const total = await refusal(openXlsx(bulky, () => undefined, { limits }));
    expect(total.message).toMatch(/^bulky\.xlsx: refused as a possible zip bomb: it would expand/);
  });

  it('refuses an entry that inflates past the size the zip declares', async () => {
    const honest = await handMade(
      'liar.xlsx',
      sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'a'.repeat(5000)}</t></is></c></row>`),
    );
    // Rewrite the central directory's uncompressed size of the sheet to 100 bytes.
    const bytes = fs.readFileSync(honest);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let i = bytes.length - 46; i >= 0; i--) {
      if (bytes.readUInt32LE(i) !== 0x02014b50) continue;
      if (!bytes.subarray(i + 46, i + 46 + name.length).equals(name)) continue;
      bytes.writeUInt32LE(100, i + 24);
      break;
    }
    fs.writeFileSync(honest, bytes);
    const error = await refusal(
      openXlsx(honest, () => undefined).then((reader) => readAll(reader)),
    );
    expect(error.message).toMatch(/^liar\.xlsx: an entry does not match the size the zip declares/);
  });

  it('refuses a DOCTYPE inside a workbook part, and a file that is not a zip', async () => {
    const xxe = await handMade(
      'xxe.xlsx',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
        sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'),
    );
    const error = await refusal(openXlsx(xxe, () => undefined));
    expect(error.message).toBe(
      'xxe.xlsx (sheet "Sheet1"):1: the document has a DOCTYPE; DTDs and entity declarations are refused',
    );
    fs.writeFileSync(file('fake.xlsx'), 'code,name\n1,a\n');
    expect((await refusal(openXlsx(file('fake.xlsx'), () => undefined))).message).toMatch(
      /^fake\.xlsx: not a readable XLSX \(zip\) file/,
    );
  });
});
