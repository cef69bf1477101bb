// What one import has yet to write, written a chunk at a time so that a file of any size passes
// through in bounded memory: the schools and values of the last few thousand rows, the natural
// keys they gave (for the repeated-key check at the end) and the rows rejected. Schools go
// before the values that refer to them.
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
    const pending = this.keys.length + this.rejections.length;
    if (pending >= WRITE_CHUNK) await this.flush();
  }

  /** Writes what is pending; returns the rows written (inserted or changed) so far. */
  async flush(): Promise<number> {
    if (this.schools.length > 0) this.written += await upsertSchools(this.db, this.schools);
    if (this.values.length > 0) this.written += await upsertMeasureValues(this.db, this.values);
    if (this.keys.length > 0) await logKeys(this.db, this.keys);
    if (this.rejections.length > 0) await insertRejections(this.db, this.rejections);
    this.schools = [];
    this.values = [];
    this.keys = [];
    this.rejections = [];
    this.pendingKeys.clear();
    return this.written;
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
