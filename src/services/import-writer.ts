// The writing half of an import: each chunk the reading half gathers (importers/read-chunks.ts)
// goes to the database inside the import's transaction — schools before the values that refer
// to them, values with their keys logged by the same statement, the other keys, rejected rows.
// At the end, the key log gives the keys the file repeated.
import type { Db } from '../db/connection.ts';
import {
  copyNewValues,
  findRepeatedKeys,
  insertRejections,
  logKeys,
  startKeyLog,
  upsertSchools,
  upsertValueColumns,
  type KeyColumns,
  type RepeatedKey,
} from '../db/queries/import-writes.ts';
import type { SchoolRecord } from '../importers/apply.ts';
import type { ReadChunk } from '../importers/read-chunks.ts';

// COPY pays off on a full chunk; for a handful of values (a small file, the last chunk) the
// upsert is as quick, and a COPY that finds a value already there costs ~0.1 s to undo.
const COPY_MIN_VALUES = 1000;

export class ChunkWriter {
  private written = 0;
  // Values go in by COPY until a chunk finds one that exists already; from then on (a
  // re-import, most likely all of it) by the upsert. See copyNewValues.
  private isCopying = true;
  // Whether a key has been logged: keys written by COPY are not, and cannot hold a repeat by
  // themselves (startKeyLog).
  private hasLoggedKeys = false;
  // The lines whose values went in by COPY, as runs of consecutive chunks (findRepeatedKeys).
  // A chunk's rows are whole and in file order, so a run's lines hold no value written
  // otherwise.
  private readonly copiedLines = { first: [] as number[], last: [] as number[] };
  private isLastCopied = false;

  private constructor(
    private readonly db: Db,
    private readonly districtId: string,
    private readonly batchId: string,
  ) {}

  static async start(db: Db, districtId: string, batchId: string): Promise<ChunkWriter> {
    await startKeyLog(db);
    return new ChunkWriter(db, districtId, batchId);
  }

  /** Schools and values inserted or changed so far. */
  rowsWritten(): number {
    return this.written;
  }

  async write(chunk: ReadChunk): Promise<void> {
    const { db, districtId, batchId } = this;
    let keys: KeyColumns = chunk.keys;
    if (chunk.schools.length > 0) {
      const tag = { district_id: districtId, batch_id: batchId };
      const rows = chunk.schools.map((s) => ({ ...tag, ...schoolRow(s.school) }));
      this.written += await upsertSchools(db, rows);
      keys = withSchoolKeys(chunk.keys, chunk.schools);
    }
    if (chunk.values.line.length > 0) {
      const { line, seq, ...values } = chunk.values;
      let written: number | null = null;
      if (this.isCopying && line.length >= COPY_MIN_VALUES) {
        written = await copyNewValues(db, districtId, batchId, values, { line, seq });
        this.isCopying = written !== null;
        if (written !== null) this.noteCopied(line[0] ?? 0, line[line.length - 1] ?? 0);
      }
      if (written === null) {
        this.hasLoggedKeys = true;
        this.isLastCopied = false;
        written = await upsertValueColumns(db, districtId, batchId, values, { line, seq });
      }
      this.written += written;
    }
    if (keys.line.length > 0) {
      this.hasLoggedKeys = true;
      await logKeys(db, keys);
    }
    if (chunk.rejections.length > 0) {
      await insertRejections(
        db,
        districtId,
        batchId,
        chunk.rejections.map((r) => ({ row_number: r.row, reason: r.reason, cells: r.cells })),
      );
    }
  }

  /**
   * A sink for reading in this thread: each chunk is written while the next is read. With a
   * PostgreSQL server the database works in its own process meanwhile; on PGlite, which runs in
   * this thread, the two take turns. At most two chunks are held. A failed write is thrown at
   * the next chunk or at `finish`, never left unhandled.
   */
  pipelined(): { sink: (chunk: ReadChunk) => Promise<void>; finish: () => Promise<void> } {
    let inFlight: Promise<void> = Promise.resolve();
    let failure: { error: unknown } | null = null;
    const settle = async () => {
      await inFlight;
      if (failure) throw failure.error;
    };
    return {
      sink: async (chunk) => {
        await settle();
        inFlight = this.write(chunk).catch((error: unknown) => {
          failure = { error };
        });
      },
      finish: settle,
    };
  }

  /** Keys given more than once in the file (call after the last chunk is written). */
  async repeatedKeys(limit: number): Promise<{ repeats: RepeatedKey[]; total: number }> {
    if (!this.hasLoggedKeys) return { repeats: [], total: 0 };
    const { districtId, batchId } = this;
    return findRepeatedKeys(this.db, limit, { districtId, batchId, ...this.copiedLines });
  }

  /** A chunk's values, from line `first` to `last`, went in by COPY. */
  private noteCopied(first: number, last: number): void {
    const runs = this.copiedLines;
    if (this.isLastCopied && runs.last.length > 0) runs.last[runs.last.length - 1] = last;
    else {
      runs.first.push(first);
      runs.last.push(last);
    }
    this.isLastCopied = true;
  }
}

/** The chunk's other keys, after its schools' (a school's key has no year, measure or group). */
function withSchoolKeys(keys: KeyColumns, schools: ReadChunk['schools']): KeyColumns {
  const none = schools.map(() => null);
  return {
    line: [...schools.map((s) => s.line), ...keys.line],
    seq: [...schools.map((s) => s.seq), ...keys.seq],
    schoolId: [...schools.map((s) => s.school.id), ...keys.schoolId],
    schoolYear: [...none, ...keys.schoolYear],
    measureKey: [...none, ...keys.measureKey],
    studentGroup: [...none, ...keys.studentGroup],
  };
}

/** A school as the directory stores it (district and batch aside). */
export function schoolRow(s: SchoolRecord) {
  return {
    id: s.id,
    name: s.name,
    state_id: s.stateId,
    nces_id: s.ncesId,
    level: s.level,
    grade_span: s.gradeSpan,
    is_title_i: s.isTitleI,
    street: s.street,
    city: s.city,
    state: s.state,
    zip: s.zip,
    latitude: s.latitude,
    longitude: s.longitude,
    region: s.region,
  };
}
