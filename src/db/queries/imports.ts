// Import batches, the catalogue and directory reads an import needs, and counts. The writes
// themselves (upserts that record what they replace) are in import-writes.ts; listing and
// rolling back batches in import-batches.ts.
//
// Re-importing a file adds a batch row (the file was seen again, with rows_written 0) and
// changes nothing else: see import-writes.ts on which batch a value belongs to.
import type { Insertable } from 'kysely';
import type { Db } from '../connection.ts';
import type { DistrictsTable, ImportBatchesTable, MeasuresTable, MeasureUnit } from '../schema.ts';

export { upsertMeasureValues, upsertSchools } from './import-writes.ts';

// Rows per multi-row insert of catalogue entries (a few dozen at most).
export const UPSERT_CHUNK = 500;

export type NewBatch = Pick<
  Insertable<ImportBatchesTable>,
  'district_id' | 'id' | 'source_kind' | 'file_name' | 'file_sha256' | 'mapping_name' | 'created_by'
> &
  Partial<Pick<Insertable<ImportBatchesTable>, 'on_problems' | 'source_columns' | 'notes'>>;

export async function getDistrictById(db: Db, id: string) {
  return db.selectFrom('districts').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertDistrict(db: Db, row: Insertable<DistrictsTable>): Promise<void> {
  await db.insertInto('districts').values(row).execute();
}

export async function insertBatch(db: Db, batch: NewBatch): Promise<void> {
  await db
    .insertInto('import_batches')
    .values({ ...batch, rolled_back_at: null })
    .execute();
}

export async function finishBatch(
  db: Db,
  districtId: string,
  batchId: string,
  counts: {
    rowsRead: number;
    rowsWritten: number;
    rowsRejected: number;
    rowsSkipped?: number;
    fileSha256: string;
  },
): Promise<void> {
  await db
    .updateTable('import_batches')
    .set({
      file_sha256: counts.fileSha256,
      rows_read: counts.rowsRead,
      rows_written: counts.rowsWritten,
      rows_rejected: counts.rowsRejected,
      rows_skipped: counts.rowsSkipped ?? 0,
    })
    .where('district_id', '=', districtId)
    .where('id', '=', batchId)
    .execute();
}

export async function listSchoolIds(db: Db, districtId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('schools')
    .select('id')
    .where('district_id', '=', districtId)
    .execute();
  return rows.map((r) => r.id);
}

/** The district's measures, each with its unit. */
export async function listMeasureUnits(
  db: Db,
  districtId: string,
): Promise<Map<string, MeasureUnit>> {
  const rows = await db
    .selectFrom('measures')
    .select(['key', 'unit'])
    .where('district_id', '=', districtId)
    .execute();
  return new Map(rows.map((r) => [r.key, r.unit]));
}

/** Adds catalogue entries the district does not have; never changes one it has (a district may
 * have edited a label or description). */
export async function insertMissingMeasures(
  db: Db,
  rows: ReadonlyArray<Insertable<MeasuresTable>>,
): Promise<number> {
  let added = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('measures')
      .values(chunk)
      .onConflict((oc) => oc.columns(['district_id', 'key']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/** The n of one measure for every school and year, by student group (derived shares). */
export async function listMeasureCounts(
  db: Db,
  districtId: string,
  measureKey: string,
  groups: readonly string[],
) {
  return db
    .selectFrom('measure_values')
    .select(['school_id', 'school_year', 'student_group', 'n'])
    .where('district_id', '=', districtId)
    .where('measure_key', '=', measureKey)
    .where('student_group', 'in', [...groups])
    .orderBy('school_id')
    .orderBy('school_year')
    .execute();
}

/** Row counts of what imports write, for a district (tests and the demo summary). */
export async function countImportedRows(db: Db, districtId: string) {
  const count = (table: 'schools' | 'measure_values' | 'import_batches' | 'measures') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', districtId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  // One after another: inside a transaction the queries share one connection.
  const schools = await count('schools');
  const measureValues = await count('measure_values');
  const batches = await count('import_batches');
  const measures = await count('measures');
  return { schools, measureValues, batches, measures };
}

function* chunks<T>(rows: readonly T[], size = UPSERT_CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
