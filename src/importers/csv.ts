// Streaming CSV reading (csv-parse): one row at a time, in bounded memory, whatever the file
// size (issue #3 "Large files stream"). A .gz file is gunzipped on the way in; a UTF-8 BOM is
// dropped; the first non-empty line is the header. A row with more or fewer cells than the
// header is not a parse failure but a problem the import reports with its line number, so that
// one bad line does not hide the others.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../domain/shared/errors.ts';

export interface CsvRow {
  /** The 1-based line number where the row starts in the (decompressed) file. */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  row: number;
  reason: string;
}

export interface CsvReader {
  /** The header row, trimmed. */
  header: string[];
  /** The data rows, in file order; ragged rows are reported through onProblem, not yielded. */
  rows: AsyncIterable<CsvRow>;
  /** The sha256 of the file's bytes as stored (compressed, for a .gz); final once rows end. */
  sha256(): string;
  bytesRead(): number;
  totalBytes: number;
  /** Stops reading early (the rows need not be consumed). */
  close(): void;
}

// One record may not exceed this: a hostile file with a 10 MB cell gets a clear error instead of
// growing memory without bound (issue #3 "Hostile files").
export const MAX_RECORD_BYTES = 1_048_576;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Opens a CSV file and reads its header; the rows then stream from `rows`. */
export async function openCsv(
  path: string,
  onProblem: (problem: CsvProblem) => void,
): Promise<CsvReader> {
  const { size } = await stat(path).catch((error: unknown) => {
    throw describeCsvError(path, error);
  });
  const raw = createReadStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  let digest: string | undefined;
  raw.on('data', (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  const parser = parse({
    bom: true,
    info: true,
    // Any line ending, even mixed in one file (csv-parse otherwise fixes on the first one seen).
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const source: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  source.on('error', (error: Error) => parser.destroy(error));
  source.pipe(parser);
  const records: AsyncIterator<ParsedRecord> = parser[Symbol.asyncIterator]();

  let first: IteratorResult<ParsedRecord>;
  try {
    first = await records.next();
  } catch (error) {
    raw.destroy();
    throw describeCsvError(path, error);
  }
  if (first.done) {
    raw.destroy();
    throw new AppError('bad_request', `${path}: the file is empty.`, {
      problems: [{ field: `${path}:1`, message: 'the file is empty' }],
    });
  }
  const header = first.value.record.map((h) => h.trim());

  async function* rows(): AsyncGenerator<CsvRow> {
    try {
      for (;;) {
        const next = await records.next();
        if (next.done) return;
        const { record, info } = next.value;
        // info.lines is the line where the record ends; a quoted cell may span lines.
        const line = info.lines - countNewlines(record);
        if (record.length !== header.length) {
          onProblem({
            row: line,
            reason: `has ${record.length} cells where the header has ${header.length}`,
          });
          continue;
        }
        yield { line, cells: record };
      }
    } catch (error) {
      throw describeCsvError(path, error);
    } finally {
      raw.destroy();
    }
  }

  return {
    header,
    rows: rows(),
    sha256: () => (digest ??= hash.digest('hex')),
    bytesRead: () => bytes,
    totalBytes: size,
    close: () => {
      raw.destroy();
      parser.destroy();
    },
  };
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const cell of record) for (const ch of cell) if (ch === '\n') n++;
  return n;
}

function describeCsvError(path: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof CsvError) {
    const line = 'lines' in error && typeof error.lines === 'number' ? error.lines : undefined;
    const where = line === undefined ? path : `${path}:${line}`;
    const reason = reasonFor(error.code, error.message);
    return new AppError('bad_request', `${where}: ${reason}`, {
      problems: [{ field: line === undefined ? path : `${path}:${line}`, message: reason }],
      cause: error,
    });
  }
  if (error instanceof Error && 'code' in error && error.code === 'Z_DATA_ERROR') {
    return new AppError('bad_request', `${path}: not a valid gzip file.`, { cause: error });
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    return new AppError('not_found', `${path} was not found.`, { cause: error });
  }
  return error;
}

function reasonFor(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is larger than ${MAX_RECORD_BYTES} bytes`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a cell is not escaped';
    default:
      return message;
  }
}
