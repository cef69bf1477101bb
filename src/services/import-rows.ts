// The rows of an import: read through the mapping (importers/read-chunks.ts) and written chunk by
// chunk (import-writer.ts) inside the caller's transaction. Small files are read in this thread;
// larger ones in a worker thread, so that reading runs beside the writing (on PGlite the
// database works in this thread). Either way the same loop reads the rows and the same writer
// writes them; only counts, the first problems and a few chunks stay in memory
// (docs/decisions/005-imports.md "Streaming", "Reading beside the writing").
import type { Db } from '../db/connection.ts';
import type { RepeatedKey } from '../db/queries/import-writes.ts';
import type { ImportProblem } from '../importers/apply.ts';
import type { CsvReader } from '../importers/csv.ts';
import {
  readChunks,
  type ReadOptions,
  type ReadResult,
  type SkipKind,
} from '../importers/read-chunks.ts';
import { readInWorker } from '../importers/read-in-worker.ts';
import { ChunkWriter } from './import-writer.ts';

export type { SkipKind } from '../importers/read-chunks.ts';

export interface RowCounts {
  rowsRead: number;
  /** Schools and measure values inserted or changed (unchanged ones are not rewritten). */
  rowsWritten: number;
  rowsSkipped: number;
  rowsRejected: number;
  skipped: Record<SkipKind, number>;
  /** The first school ids skipped as unknown (unknownSchools 'skip'). */
  unknownSchoolIds: string[];
}

/** Where the rows are read: 'auto' reads files from WORKER_MIN_BYTES in a worker thread. */
export type ReadIn = 'auto' | 'thread' | 'worker';

/**
 * From this much text to parse (a .gz file's uncompressed size; CsvReader.textBytes) a file is
 * read in a worker thread. Starting the worker and warming up a second JIT costs a few hundred
 * milliseconds of CPU on a fresh process: NC rcd_funds2 (1.8 MB of text) imported in 0.85–0.92 s
 * in the importing thread against 0.90–1.02 s with the worker, MA 1A_1_teacher_data (4.1 MB) in
 * 2.6–2.8 s against 2.3–2.5 s; from 50 MB the worker saves a third or more
 * (docs/decisions/005-imports.md).
 */
export const WORKER_MIN_BYTES = 2_000_000;

export interface ReadRowsInput extends ReadOptions {
  /** The file, opened and its header read. */
  reader: CsvReader;
  /** Where it is (a worker opens it again) and, for an .xlsx, which sheet. */
  path: string;
  sheet?: string | undefined;
  districtId: string;
  batchId: string;
  readIn: ReadIn;
  /** Database work the writes need first (the batch row, the measures it refers to). With a
   * reading worker it runs while the worker starts and reads its first rows. */
  setUp?: () => Promise<void>;
}

export interface RowsResult {
  counts: RowCounts;
  problems: ImportProblem[];
  problemCount: number;
  /** The file must write nothing: a key given twice, or any problem when aborting. */
  isRefused: boolean;
  fileSha256: string;
}

export async function readRows(trx: Db, input: ReadRowsInput): Promise<RowsResult> {
  const { reader, fileName } = input;
  // Every statement of the import runs in this one chain, in order, on the caller's
  // transaction; only reading may run beside it.
  const ready = (async () => {
    await input.setUp?.();
    return ChunkWriter.start(trx, input.districtId, input.batchId);
  })();
  let writer: ChunkWriter;
  let read: ReadResult;
  if (readsInWorker(input.readIn, reader.textBytes)) {
    reader.close();
    // A failure of the set-up reaches the caller through the first write, or below.
    ready.catch(() => undefined);
    read = await readInWorker(
      {
        path: input.path,
        sheet: input.sheet,
        fileName,
        mapping: input.bound.mapping,
        onProblems: input.onProblems,
        unknownSchools: input.unknownSchools,
        knownSchools: [...input.knownSchools],
        maxProblems: input.maxProblems,
      },
      async (chunk) => (await ready).write(chunk),
      input.onProgress,
    ).catch(async (error: unknown) => {
      // A file that fails while the set-up still runs: its statements finish before the
      // caller rolls back, so that none of them runs after the rollback, outside the
      // transaction.
      await ready.catch(() => undefined);
      throw error;
    });
    writer = await ready;
  } else {
    writer = await ready.catch((error: unknown) => {
      reader.close();
      throw error;
    });
    const { sink, finish } = writer.pipelined();
    // A read that fails (a bad byte on line 90,000) waits for the write in flight, so that the
    // caller's rollback finds the connection free.
    read = await readChunks(reader, input, sink).catch(async (error: unknown) => {
      await finish().catch(() => undefined);
      throw error;
    });
    await finish();
  }
  const repeated = await writer.repeatedKeys(input.maxProblems);
  const repeats = repeated.repeats.map((k) => repeatProblem(fileName, k));
  const merged = [...read.problems, ...repeats].sort((a, b) => a.row - b.row);
  const problemCount = read.problemCount + repeated.total;
  const isSkipping = input.onProblems === 'skip-rows';
  return {
    counts: {
      rowsRead: read.rowsRead,
      rowsWritten: writer.rowsWritten(),
      rowsSkipped: read.rowsSkipped,
      rowsRejected: read.rowsRejected,
      skipped: read.skipped,
      unknownSchoolIds: read.unknownSchoolIds,
    },
    problems: merged.slice(0, input.maxProblems),
    problemCount,
    isRefused: repeated.total > 0 || (!isSkipping && problemCount > 0),
    fileSha256: read.fileSha256,
  };
}

/** Whether a file with `textBytes` of text to parse is read in a worker thread. */
export function readsInWorker(readIn: ReadIn, textBytes: number): boolean {
  if (readIn === 'auto') return textBytes >= WORKER_MIN_BYTES;
  return readIn === 'worker';
}

// A file that gives one value twice is refused, even when skipping rows: which of the two is
// right is not something a row check can decide, and it usually means the mapping lacks a
// filter (NC's rcd_acc_cgr has a 4-year and a 5-year row per school and group).
function repeatProblem(file: string, k: RepeatedKey): ImportProblem {
  const what =
    k.measureKey === null
      ? `school ${k.schoolId}`
      : `${k.measureKey} for ${k.schoolId}, ${k.schoolYear}, group ${k.studentGroup}`;
  const reason = `repeats ${what}, already given on row ${k.firstRow}`;
  return { file, row: k.row, column: null, value: null, reason };
}
