// What one import has yet to write, written a chunk at a time so that a file of any size passes
// through in bounded memory: the schools and values of the last few thousand rows, the natural
// keys they gave (for the repeated-key check at the end) and the rows rejected. Schools go
// before the values that refer to them.
//
// One chunk is written while the next is read: with a PostgreSQL server the database works in
// its own process meanwhile (bench/import.ts). At most two chunks are held in memory.
// On PGlite, which runs in this thread, the two simply take turns.
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.ts';
import {
  findRepeatedKeys,
  insertRejections,
  logKeys,
  startKeyLog,
  upsertMeasureValues,
  upsertSchools,
  WRITE_CHUNK,
  type ImportKey,
  type RejectedRow,
} from '../db/queries/import-writes.ts';
import type { MeasureValuesTable, SchoolsTable } from '../db/schema.ts';

export class BatchWriter {
  private schools: Array<Insertable<SchoolsTable>> = [];
  private values: Array<Insertable<MeasureValuesTable>> = [];
  private keys: ImportKey[] = [];
  private rejections: RejectedRow[] = [];
  // Keys of the pending chunk: one statement may not write a key twice. A repeat is still
  // logged, so the check at the end reports it and the file is refused.
  private pendingKeys = new Set<string>();
  private isWriting = true;
  private written = 0;
  private seq = 0;
  private inFlight: Promise<void> = Promise.resolve();
  // A failed write in flight is kept and thrown at the next flush, never left unhandled.
  private failure: { error: unknown } | null = null;

  private constructor(
    private readonly db: Db,
    private readonly districtId: string,
    private readonly batchId: string,
  ) {}

  static async start(db: Db, districtId: string, batchId: string): Promise<BatchWriter> {
    await startKeyLog(db);
    return new BatchWriter(db, districtId, batchId);
  }

  /** From now on only keys are logged (a file with problems writes nothing; see imports.ts). */
  stopWriting(): void {
    this.isWriting = false;
    this.schools = [];
    this.values = [];
    this.pendingKeys.clear();
  }

  addSchool(row: number, school: Insertable<SchoolsTable>): void {
    this.keys.push({
      row,
      seq: this.seq++,
      schoolId: school.id,
      schoolYear: null,
      measureKey: null,
      studentGroup: null,
    });
    if (this.isWriting && this.isNewInChunk(`s\u0000${school.id}`)) this.schools.push(school);
  }

  addValue(row: number, value: Insertable<MeasureValuesTable>): void {
    this.keys.push({
      row,
      seq: this.seq++,
      schoolId: value.school_id,
      schoolYear: value.school_year,
      measureKey: value.measure_key,
      studentGroup: value.student_group,
    });
    const key = `v\u0000${value.school_id}\u0000${value.school_year}\u0000${value.measure_key}\u0000${value.student_group}`;
    if (this.isWriting && this.isNewInChunk(key)) this.values.push(value);
  }

  reject(row: number, reason: string, cells: readonly string[]): void {
    this.rejections.push({
      district_id: this.districtId,
      batch_id: this.batchId,
      row_number: row,
      reason,
      cells,
    });
  }

  async flushIfFull(): Promise<void> {
    if (this.keys.length + this.rejections.length < WRITE_CHUNK) return;
    await this.settle();
    const chunk = this.take();
    this.inFlight = this.write(chunk).catch((error: unknown) => {
      this.failure = { error };
    });
  }

  /** Writes what is pending; returns the rows written (inserted or changed) so far. */
  async flush(): Promise<number> {
    await this.settle();
    await this.write(this.take());
    return this.written;
  }

  private async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure.error;
  }

  private take() {
    const chunk = {
      schools: this.schools,
      values: this.values,
      keys: this.keys,
      rejections: this.rejections,
    };
    this.schools = [];
    this.values = [];
    this.keys = [];
    this.rejections = [];
    this.pendingKeys.clear();
    return chunk;
  }

  private async write(chunk: ReturnType<BatchWriter['take']>): Promise<void> {
    if (chunk.schools.length > 0) this.written += await upsertSchools(this.db, chunk.schools);
    if (chunk.values.length > 0) this.written += await upsertMeasureValues(this.db, chunk.values);
    if (chunk.keys.length > 0) await logKeys(this.db, chunk.keys);
    if (chunk.rejections.length > 0) await insertRejections(this.db, chunk.rejections);
  }

  /** Keys given more than once in the file (call after the last flush). */
  repeatedKeys(limit: number) {
    return findRepeatedKeys(this.db, limit);
  }

  private isNewInChunk(key: string): boolean {
    if (this.pendingKeys.has(key)) return false;
    this.pendingKeys.add(key);
    return true;
  }
}
