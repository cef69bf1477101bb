// Reading one worksheet of an XLSX file as rows of text cells, with the same interface as
// openCsv (src/importers/csv.ts), so that a mapping reads a spreadsheet exactly as it reads the
// CSV Excel would save from it: the first non-empty row is the header; numbers are written
// without binary noise (15 significant digits, as Excel shows them); a cell formatted as a
// percentage reads '45%'; a date reads '2019-08-26'; TRUE/FALSE for booleans; an error cell its
// code ('#N/A'), which no mapping accepts as a number. Rows stream from the sheet's XML, so
// memory holds the shared strings and one row, whatever the number of rows.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../domain/shared/errors.ts';
import {
  MAX_RECORD_BYTES,
  type CsvOptions,
  type CsvProblem,
  type CsvReader,
  eachRow,
  inBatches,
  type CsvRow,
} from '../csv.ts';
import { streamXmlElements, type XmlNode } from '../edfi/safe-xml.ts';
import { readSheetList, readWorkbook, textOf, type Workbook } from './workbook.ts';
import { describe, openCheckedZip, type ZipLimits } from './zip-guard.ts';

export interface XlsxOptions extends CsvOptions {
  /** The worksheet to read, by name (ignoring case); the first sheet by default. */
  sheet?: string;
  /** Zip-bomb limits (zip-guard.ts); the defaults are 200 MB in all and 100:1 per entry. */
  limits?: ZipLimits;
}

/** The names of a workbook's worksheets, in tab order: what a user chooses the sheet from. */
export async function listXlsxSheets(filePath: string, limits?: ZipLimits): Promise<string[]> {
  const name = path.basename(filePath);
  const zip = await openCheckedZip(filePath, name, limits);
  try {
    const { sheets } = await readSheetList(zip, name);
    return sheets.map((s) => s.name);
  } catch (error) {
    throw describe(name, error);
  } finally {
    zip.close();
  }
}

export async function openXlsx(
  filePath: string,
  onProblem: (problem: CsvProblem) => void,
  options: XlsxOptions = {},
): Promise<CsvReader> {
  const name = path.basename(filePath);
  const { size } = await stat(filePath).catch(() => {
    throw new AppError('not_found', `${filePath} was not found.`);
  });
  const sha256 = await hashFile(filePath);
  const zip = await openCheckedZip(filePath, name, options.limits);
  let closed = false;
  const close = () => {
    if (!closed) zip.close();
    closed = true;
  };
  try {
    const workbook = await readWorkbook(zip, name);
    const wanted = options.sheet?.toLowerCase();
    const sheet = wanted
      ? workbook.sheets.find((s) => s.name.toLowerCase() === wanted)
      : workbook.sheets[0];
    if (!sheet) {
      const known = workbook.sheets.map((s) => `"${s.name}"`).join(', ');
      throw new AppError(
        'bad_request',
        `${name} has no sheet "${options.sheet}" (it has ${known}).`,
      );
    }
    const { stream, size: sheetBytes } = await zip.open(sheet.part);
    let inflated = 0;
    stream.on('data', (chunk: Buffer) => (inflated += chunk.length));
    const rowNodes = streamXmlElements(stream, {
      fileName: `${name} (sheet "${sheet.name}")`,
      select: (n, up) => n === 'row' && up.at(-1) === 'sheetData',
    });
    const rows = readRows(rowNodes, workbook, name);
    const first = await rows.next().catch((error: unknown) => {
      throw describe(name, error);
    });
    if (first.done)
      throw new AppError('bad_request', `${name}: the sheet "${sheet.name}" is empty.`);
    const header = first.value.cells.map((h) => h.trim());
    const width = header.length;

    async function* dataRows(): AsyncGenerator<CsvRow> {
      try {
        for await (const row of rows) {
          const extra = row.cells.slice(width).filter((c) => c !== '').length;
          if (extra > 0) {
            // Cells past the header's last column: the sheet's counterpart of a ragged CSV row.
            const reason = `has ${row.cells.length} cells where the header has ${width}`;
            if (options.raggedRows === 'yield') yield { ...row, problem: reason };
            else onProblem({ row: row.line, reason, cells: row.cells });
            continue;
          }
          yield {
            line: row.line,
            cells: Array.from({ length: width }, (_, i) => row.cells[i] ?? ''),
          };
        }
      } catch (error) {
        throw describe(name, error);
      } finally {
        close();
      }
    }
    const rowBatches = inBatches(dataRows());
    return {
      header,
      rows: eachRow(rowBatches),
      batches: rowBatches,
      sha256: () => sha256,
      // Progress through the sheet's XML, on the scale of the file's size.
      bytesRead: () => Math.round((size * inflated) / Math.max(sheetBytes, 1)),
      totalBytes: size,
      // The sheet's XML as inflated: what reading parses.
      textBytes: Math.max(size, sheetBytes),
      close,
      sheet: { name: sheet.name, of: workbook.sheets.length },
    };
  } catch (error) {
    close();
    throw error;
  }
}

/** The sheet's non-empty rows as text cells, indexed by column (A = 0). */
async function* readRows(
  rowNodes: AsyncIterable<XmlNode>,
  workbook: Workbook,
  name: string,
): AsyncGenerator<CsvRow> {
  let previous = 0;
  for await (const row of rowNodes) {
    // `r` is the 1-based row number (§18.3.1.73); it may be omitted, meaning the next row.
    const line = Number(row.attrs.r ?? previous + 1);
    previous = line;
    const cells: string[] = [];
    let bytes = 0;
    let nextColumn = 0;
    for (const c of row.children) {
      if (c.name !== 'c') continue;
      const column = c.attrs.r ? columnIndex(c.attrs.r) : nextColumn;
      nextColumn = column + 1;
      const text = cellText(c, workbook, `${name}:${c.attrs.r ?? line}`);
      bytes += text.length;
      if (bytes > MAX_RECORD_BYTES) {
        throw new AppError(
          'bad_request',
          `${name}:${line}: a row is larger than ${MAX_RECORD_BYTES} bytes`,
        );
      }
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    if (cells.length > 0) yield { line, cells };
  }
}

/** 'C5' → 2; 'AA10' → 26. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    if (ch < 'A' || ch > 'Z') break;
    n = n * 26 + (ch.charCodeAt(0) - 64);
  }
  return n - 1;
}

function cellText(c: XmlNode, workbook: Workbook, where: string): string {
  const v = c.children.find((n) => n.name === 'v')?.text ?? '';
  switch (c.attrs.t) {
    case 's': {
      const text = workbook.sharedStrings[Number(v)];
      if (text === undefined) {
        throw new AppError(
          'bad_request',
          `${where}: the cell refers to a shared string that does not exist.`,
        );
      }
      return text;
    }
    case 'inlineStr': {
      const is = c.children.find((n) => n.name === 'is');
      return is ? textOf(is) : '';
    }
    case 'b':
      return v === '1' ? 'TRUE' : v === '' ? '' : 'FALSE';
    case 'str':
    case 'e':
    case 'd':
      return v;
    default: {
      if (v.trim() === '') return '';
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      const format = workbook.formats[Number(c.attrs.s ?? 0)] ?? 'number';
      if (format === 'date') return excelDate(n, workbook.is1904);
      if (format === 'percent') return `${plainNumber(n * 100)}%`;
      return plainNumber(n);
    }
  }
}

/** A number as Excel shows it: 15 significant digits, so 0.1+0.2 stored as 0.30000000000000004
 * reads 0.3. */
export function plainNumber(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** An Excel date serial → ISO 8601 (day 0 is 1899-12-30 in the 1900 system, which counts the
 * fictional 29 February 1900; 1904-01-01 in the 1904 system). */
export function excelDate(serial: number, is1904 = false): string {
  const epoch = is1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const ms = Math.round(serial * 86_400_000);
  const iso = new Date(epoch + ms).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.slice(0, 19);
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk);
  return hash.digest('hex');
}
