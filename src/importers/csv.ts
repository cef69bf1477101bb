// Streaming CSV reading (csv-parse): one row at a time, in bounded memory, whatever the file
// size (issue #3 "Large files stream"). A .gz file is gunzipped on the way in; a UTF-8 BOM is
// dropped; the first non-empty line is the header. A row with more or fewer cells than the
// header is not a parse failure but a problem the import reports with its line number, so that
// one bad line does not hide the others. The text must be UTF-8: anything else is refused with
// the file and line rather than read as mojibake (issue #3 "Hostile files").
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse, type Options, type Parser } from 'csv-parse';
import { AppError } from '../domain/shared/errors.ts';

export interface CsvRow {
  /** The 1-based line number where the row starts in the (decompressed) file. */
  line: number;
  cells: string[];
  /** With raggedRows 'yield': why the row cannot be read as data (its cell count). */
  problem?: string;
}

export interface CsvOptions {
  /** 'report' (default): ragged rows go to onProblem and are not yielded. 'yield': they are
   * yielded with `problem` set, so that a caller can deal with them in order, as rows. */
  raggedRows?: 'report' | 'yield';
}

export interface CsvProblem {
  row: number;
  reason: string;
  /** The row's cells as read (a ragged row), for a rejected-rows file. */
  cells: string[];
}

export interface CsvReader {
  /** The header row, trimmed. */
  header: string[];
  /** The data rows, in file order; ragged rows are reported through onProblem (see CsvOptions). */
  rows: AsyncIterable<CsvRow>;
  /** The same rows, a few hundred at a time: one await per batch rather than per row, for a
   * reader that goes through millions. Read either `rows` or `batches`, not both. */
  batches: AsyncIterable<CsvRow[]>;
  /** The sha256 of the file's bytes as stored (compressed, for a .gz); final once rows end. */
  sha256(): string;
  bytesRead(): number;
  totalBytes: number;
  /** The size of the text to parse: a .gz file's uncompressed size, as its trailer records it
   * (never less than totalBytes); totalBytes for other files. */
  textBytes: number;
  /** Stops reading early (the rows need not be consumed). */
  close(): void;
  /** For an .xlsx: the worksheet read (its name as the workbook spells it) and how many the
   * workbook has. */
  sheet?: { name: string; of: number };
}

// One row (and so any one cell) may not exceed 1 MB: a hostile file with a 10 MB cell gets a
// clear error instead of growing memory without bound (issue #3 "Hostile files"). No district
// file we know has a cell over a few hundred characters.
export const MAX_RECORD_BYTES = 1_048_576;

/** The parser's options (csvParser). */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  info: true,
  // Any line ending, even mixed in one file (csv-parse otherwise fixes on the first one seen).
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: true,
  max_record_size: MAX_RECORD_BYTES,
} satisfies Options;

/**
 * A csv-parse parser as the reader uses it; exported so that the benchmark parses with exactly
 * this one.
 *
 * A row whose cell count differs from the header's is the reader's to report (`has 11 cells
 * where the header has 12`, below), so csv-parse is asked to relax its own check
 * (`relax_column_count`). It then still builds, for every such row, an error it drops: a stack
 * trace and JSON copies of its context (csv-parse 7.0, api/index.js `__onRecord`). MA's teacher
 * data has 7,394 rows of earlier years without the last column: parsing it took 490–530 ms in
 * memory, 310–340 ms with each record's expected length set to its own just before the check, as
 * here (nothing else reads that field). An accessor on csv-parse's state object did the same but
 * made the rest of the state slow (660–720 ms).
 *
 * The reader needs one fact about each record besides its cells: the line it ends on
 * (`info.lines`). csv-parse's `info` option builds for every record an object of fifteen
 * fields, copying its counters twice over; here the record's info is just `{ lines }`. Parsing
 * MA's file in memory went from 290–300 ms to 220 ms (24 Nov 2026, five runs each).
 *
 * csv.test.ts holds the parser to reading ragged rows whole, building no error for them and
 * giving each record its line; should a later csv-parse lay out its internals differently, the
 * parser is left as it is.
 */
export function csvParser(): Parser {
  const parser = parse({ ...CSV_PARSE_OPTIONS });
  const api = (parser as unknown as { api?: CsvParseApi }).api;
  const onRecord = api?.__onRecord;
  if (api?.state && typeof onRecord === 'function' && 'expectedRecordLength' in api.state) {
    // One argument (csv-parse's `push`), passed on as it is: no array per record.
    api.__onRecord = function (this: CsvParseApi, push: unknown) {
      const state = this.state;
      if (state && Array.isArray(state.record)) state.expectedRecordLength = state.record.length;
      return onRecord.call(this, push);
    };
  }
  if (api && typeof api.__infoRecord === 'function' && typeof api.info?.lines === 'number') {
    api.__infoRecord = function (this: CsvParseApi) {
      return { lines: this.info?.lines };
    };
  }
  return parser;
}

/** What csvParser touches of csv-parse's internal parser (api/index.js). */
interface CsvParseApi {
  state?: { record?: unknown; expectedRecordLength?: number };
  info?: { lines?: unknown };
  __onRecord: (push: unknown) => unknown;
  __infoRecord?: () => unknown;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Opens a CSV file and reads its header; the rows then stream from `rows`. */
export async function openCsv(
  path: string,
  onProblem: (problem: CsvProblem) => void,
  options: CsvOptions = {},
): Promise<CsvReader> {
  const { size } = await stat(path).catch((error: unknown) => {
    throw describeCsvError(path, error);
  });
  const textBytes = path.endsWith('.gz') ? Math.max(size, await gzipTextSize(path, size)) : size;
  const raw = createReadStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  let digest: string | undefined;
  raw.on('data', (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  const parser = csvParser();
  const guard = new Utf8Guard(path);
  // Errors anywhere (unreadable file, bad gzip, bad encoding) end the parser, whose reader
  // then throws them; the callback has nothing left to do.
  const done = () => undefined;
  if (path.endsWith('.gz')) pipeline(raw, createGunzip(), guard, parser, done);
  else pipeline(raw, guard, parser, done);
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

  async function* batches(): AsyncGenerator<CsvRow[]> {
    try {
      let batch: CsvRow[] = [];
      let lastLine = first.value.info.lines;
      for (;;) {
        const next = await records.next();
        if (next.done) break;
        const { record, info } = next.value;
        // info.lines is the line where the record ends; a quoted cell may span lines. A record
        // ending on the line after the last one's is on that line alone; otherwise (blank
        // lines skipped before it, or a cell with line breaks) its cells are counted.
        const line = info.lines === lastLine + 1 ? info.lines : info.lines - countNewlines(record);
        lastLine = info.lines;
        if (record.length !== header.length) {
          const reason = `has ${record.length} cells where the header has ${header.length}`;
          if (options.raggedRows === 'yield') {
            batch.push({ line, cells: record, problem: reason });
          } else onProblem({ row: line, reason, cells: record });
        } else batch.push({ line, cells: record });
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } catch (error) {
      throw describeCsvError(path, error);
    } finally {
      raw.destroy();
    }
  }

  const rowBatches = batches();
  return {
    header,
    rows: eachRow(rowBatches),
    batches: rowBatches,
    sha256: () => (digest ??= hash.digest('hex')),
    bytesRead: () => bytes,
    totalBytes: size,
    textBytes,
    close: () => {
      raw.destroy();
      parser.destroy();
    },
  };
}

/**
 * A gzip file's uncompressed size from its last four bytes (ISIZE, RFC 1952 §2.3.1: the size
 * modulo 2^32, little-endian). A file over 4 GB or of several members gives less; the caller
 * takes the larger of this and the stored size. 0 when the file is too short or unreadable (the
 * read itself then reports the problem).
 */
async function gzipTextSize(path: string, size: number): Promise<number> {
  if (size < 18) return 0; // a header and a trailer at the least
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return 0;
  try {
    const trailer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(trailer, 0, 4, size - 4);
    return bytesRead === 4 ? trailer.readUInt32LE(0) : 0;
  } finally {
    await handle.close();
  }
}

/** Rows per batch (CsvReader.batches). */
export const BATCH_ROWS = 500;

/** The rows of batches, one at a time. */
export async function* eachRow(batches: AsyncIterable<CsvRow[]>): AsyncGenerator<CsvRow> {
  for await (const batch of batches) yield* batch;
}

/** Rows gathered into batches of up to BATCH_ROWS (for a source that yields rows). */
export async function* inBatches(rows: AsyncIterable<CsvRow>): AsyncGenerator<CsvRow[]> {
  let batch: CsvRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  }
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
  // A folder, a file without read permission, …: Node's system error codes (EISDIR, EACCES).
  if (error instanceof Error && 'code' in error && /^E[A-Z]+$/.test(String(error.code))) {
    return new AppError('bad_request', `${path} cannot be read (${String(error.code)}).`, {
      cause: error,
    });
  }
  return error;
}

function reasonFor(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      // A quote that is never closed also ends here, once the rest of the file has run into it.
      return (
        'a row is larger than 1 MB (1,048,576 characters), the most a cell or row may hold ' +
        '(or a quote opened on or before this line is never closed)'
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a cell is not escaped';
    default:
      return message;
  }
}

/**
 * Passes the bytes through unchanged, refusing text that is not UTF-8: a UTF-16 file (Excel's
 * "Unicode text"), a file with NUL bytes (UTF-16 without a byte-order mark, or binary), a zip
 * (an XLSX workbook named .csv), or invalid UTF-8 (most often Windows-1252 from "CSV" in Excel),
 * which csv-parse would otherwise turn silently into U+FFFD. The check is Node's native isUtf8;
 * a character cut in two by a chunk boundary is carried to the next chunk.
 */
class Utf8Guard extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;
  private lines = 0;
  private isFirst = true;

  constructor(private readonly path: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.isFirst) {
      this.isFirst = false;
      const refused = sniff(buf);
      if (refused) return callback(this.refuse(refused, 1));
    }
    const end = completeLength(buf);
    const body = buf.subarray(0, end);
    if (!isUtf8(body)) return callback(this.invalidAt(body));
    if (body.includes(0)) return callback(this.refuse('contains NUL bytes: it is not a text CSV'));
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) this.lines++;
    this.offset += end;
    this.carry = Buffer.from(buf.subarray(end));
    callback(null, body);
  }

  override _flush(callback: TransformCallback) {
    if (this.carry.length > 0) return callback(this.invalidAt(this.carry));
    callback();
  }

  private invalidAt(body: Buffer): AppError {
    const at = firstInvalidUtf8(body);
    const before = body.subarray(0, at);
    let line = this.lines + 1;
    for (let i = before.indexOf(10); i !== -1; i = before.indexOf(10, i + 1)) line++;
    const byte = body[at] ?? 0;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const reason =
      `is not UTF-8 text (byte ${this.offset + at + 1} is ${hex}; Windows-1252 and Latin-1 ` +
      'files look like this). Save it as "CSV UTF-8" and import it again';
    return this.refuse(reason, line);
  }

  private refuse(reason: string, line?: number): AppError {
    const where = line === undefined ? this.path : `${this.path}:${line}`;
    return new AppError('bad_request', `${where}: the file ${reason}.`, {
      problems: [{ field: where, message: `the file ${reason}` }],
    });
  }
}

function sniff(head: Buffer): string | null {
  if (head[0] === 0xff && head[1] === 0xfe)
    return 'is UTF-16 (little-endian); save it as "CSV UTF-8"';
  if (head[0] === 0xfe && head[1] === 0xff) return 'is UTF-16 (big-endian); save it as "CSV UTF-8"';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    return 'is a zip archive (an XLSX workbook?), not CSV';
  }
  return null;
}

/** The length of buf without a UTF-8 sequence cut off at its end (at most 3 bytes). */
function completeLength(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** The index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length;) {
    let end = i + 1;
    while (end <= Math.min(buf.length, i + 4) && !isUtf8(buf.subarray(i, end))) end++;
    if (end > Math.min(buf.length, i + 4)) return i;
    i = end;
  }
  return buf.length;
}
