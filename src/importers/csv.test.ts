import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../domain/shared/errors.ts';
import { csvParser, MAX_RECORD_BYTES, openCsv, type CsvProblem, type CsvRow } from './csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(file: string) {
  const problems: CsvProblem[] = [];
  const reader = await openCsv(file, (p) => problems.push(p));
  const rows: CsvRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows, problems, sha256: reader.sha256(), reader };
}

describe('openCsv', () => {
  it('drops a BOM, trims the header and numbers rows by their line in the file', async () => {
    const file = write('bom.csv', '\uFEFF a ,b,c\r\n1,2,3\r\n\r\n4,"multi\nline",6\n7,8,9\n');
    const { header, rows, problems } = await readAll(file);
    expect(header).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([
      { line: 2, cells: ['1', '2', '3'] },
      { line: 4, cells: ['4', 'multi\nline', '6'] },
      { line: 6, cells: ['7', '8', '9'] },
    ]);
    expect(problems).toEqual([]);
  });

  it('reports ragged rows with their line and keeps reading', async () => {
    const file = write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    const { rows, problems } = await readAll(file);
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(problems).toEqual([
      { row: 3, reason: 'has 2 cells where the header has 3', cells: ['4', '5'] },
      { row: 4, reason: 'has 4 cells where the header has 3', cells: ['6', '7', '8', '9'] },
    ]);
  });

  it('leaves ragged rows to the reader, whole, without csv-parse building an error or a full info object for each', async () => {
    const parser = csvParser();
    const lengths: number[] = [];
    const infos: unknown[] = [];
    parser.on('data', (r: { record: string[]; info: unknown }) => {
      lengths.push(r.record.length);
      infos.push(r.info);
    });
    const ended = new Promise((resolve) => parser.on('end', resolve));
    parser.end('a,b,c\n1,2\n1,2,3\n1,2,3,4\n"x\ny",2\n');
    await ended;
    expect(lengths).toEqual([3, 2, 3, 4, 2]);
    // Each record's info is the line it ends on, and nothing else is copied for it.
    expect(infos).toEqual([1, 2, 3, 4, 6].map((lines) => ({ lines })));
    // csv-parse counts here each record it built an error for.
    expect(parser.info.invalid_field_length).toBe(0);
  });

  it('reads .gz files transparently and hashes the bytes as stored', async () => {
    const gz = gzipSync(Buffer.from('a,b\n1,2\n'));
    const file = write('small.csv.gz', gz);
    const { header, rows, sha256, reader } = await readAll(file);
    expect(header).toEqual(['a', 'b']);
    expect(rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(sha256).toBe(createHash('sha256').update(gz).digest('hex'));
    expect(reader.bytesRead()).toBe(gz.length);
    expect(reader.totalBytes).toBe(gz.length);
  });

  it('knows how much text a file holds, a .gz one from its trailer', async () => {
    const text = `a,b\n${'12345,67890\n'.repeat(20_000)}`;
    const gz = gzipSync(Buffer.from(text));
    const zipped = await openCsv(write('big.csv.gz', gz), () => undefined);
    zipped.close();
    expect({ stored: zipped.totalBytes, text: zipped.textBytes }).toEqual({
      stored: gz.length,
      text: text.length,
    });
    const plain = await openCsv(write('big.csv', text), () => undefined);
    plain.close();
    expect(plain.textBytes).toBe(text.length);
  });

  it('turns an unterminated quote into a clear error with its line', async () => {
    const file = write('quote.csv', 'a,b\n1,2\n3,"never closed\n4,5\n');
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(String((error as AppError).message)).toMatch(
      /quote\.csv:\d+: a quoted cell is never closed/,
    );
  });

  it('refuses a huge cell instead of growing without bound', async () => {
    const file = write('huge.csv', `a,b\n1,${'x'.repeat(MAX_RECORD_BYTES + 10)}\n`);
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/larger than/);
  });

  it('gives clear errors for empty, missing and corrupt files', async () => {
    await expect(openCsv(write('empty.csv', ''), () => undefined)).rejects.toThrow(/empty/);
    await expect(openCsv(path.join(dir, 'nope.csv'), () => undefined)).rejects.toThrow(
      /was not found/,
    );
    await expect(openCsv(write('bad.csv.gz', 'not gzip at all'), () => undefined)).rejects.toThrow(
      /not a valid gzip file/,
    );
    await expect(openCsv(dir, () => undefined)).rejects.toThrow(/cannot be read \(EISDIR\)/);
  });

  it('can stop early without reading the rest', async () => {
    const file = write('many.csv', `a\n${'1\n'.repeat(10_000)}`);
    const reader = await openCsv(file, () => undefined);
    reader.close();
    expect(reader.header).toEqual(['a']);
  });
});
