// Import batches and the upserts an import makes. Every write is keyed on the natural key
// (district, school) / (district, measure) / (district, school, year, measure, group), so that
// importing the same file twice changes nothing (issue #3 "Guarantees").
//
// A value's batch_id is the batch that last *changed* it: an upsert whose incoming row equals
// the stored one is skipped (the `where … is distinct from` below), so re-importing a file
// leaves every value, and the batch it points at, as it was. The new batch row records that the
// file was seen again, with rows_written 0. Rolling a batch back (issue #3) then only has to
// deal with the values that batch really changed.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  DistrictsTable,
  ImportBatchesTable,
  MeasuresTable,
  MeasureValuesTable,
  SchoolsTable,
} from '../schema.ts';

// Rows per multi-row insert: 500 × 14 columns stays far below PostgreSQL's 65,535 parameters
// and is where larger chunks stop paying off on PGlite.
export const UPSERT_CHUNK = 500;

export type NewBatch = Pick<
  Insertable<ImportBatchesTable>,
  'district_id' | 'id' | 'source_kind' | 'file_name' | 'file_sha256' | 'mapping_name' | 'created_by'
>;

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
  counts: { rowsRead: number; rowsWritten: number; rowsRejected: number; fileSha256: string },
): Promise<void> {
  await db
    .updateTable('import_batches')
    .set({
      file_sha256: counts.fileSha256,
      rows_read: counts.rowsRead,
      rows_written: counts.rowsWritten,
      rows_rejected: counts.rowsRejected,
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

export async function listMeasureKeys(db: Db, districtId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('measures')
    .select('key')
    .where('district_id', '=', districtId)
    .execute();
  return rows.map((r) => r.key);
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

/**
 * Inserts or updates schools; returns how many rows changed. A field the file leaves blank
 * (null) never erases what the directory already holds, so a file with fewer columns (no
 * coordinates, say) does not wipe what a fuller one brought.
 */
export async function upsertSchools(
  db: Db,
  rows: ReadonlyArray<Insertable<SchoolsTable>>,
): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('schools')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'id'])
          .doUpdateSet({
            name: sql`excluded.name`,
            level: sql`excluded.level`,
            state_id: sql`coalesce(excluded.state_id, schools.state_id)`,
            nces_id: sql`coalesce(excluded.nces_id, schools.nces_id)`,
            grade_span: sql`coalesce(excluded.grade_span, schools.grade_span)`,
            is_title_i: sql`coalesce(excluded.is_title_i, schools.is_title_i)`,
            street: sql`coalesce(excluded.street, schools.street)`,
            city: sql`coalesce(excluded.city, schools.city)`,
            state: sql`coalesce(excluded.state, schools.state)`,
            zip: sql`coalesce(excluded.zip, schools.zip)`,
            latitude: sql`coalesce(excluded.latitude, schools.latitude)`,
            longitude: sql`coalesce(excluded.longitude, schools.longitude)`,
            region: sql`coalesce(excluded.region, schools.region)`,
            batch_id: sql`excluded.batch_id`,
          })
          .where(
            sql<boolean>`(schools.name, schools.level, schools.state_id, schools.nces_id,
              schools.grade_span, schools.is_title_i, schools.street, schools.city, schools.state,
              schools.zip, schools.latitude, schools.longitude, schools.region)
            is distinct from
              (excluded.name, excluded.level, coalesce(excluded.state_id, schools.state_id),
              coalesce(excluded.nces_id, schools.nces_id),
              coalesce(excluded.grade_span, schools.grade_span),
              coalesce(excluded.is_title_i, schools.is_title_i),
              coalesce(excluded.street, schools.street), coalesce(excluded.city, schools.city),
              coalesce(excluded.state, schools.state), coalesce(excluded.zip, schools.zip),
              coalesce(excluded.latitude, schools.latitude),
              coalesce(excluded.longitude, schools.longitude),
              coalesce(excluded.region, schools.region))`,
          ),
      )
      .executeTakeFirst();
    changed += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return changed;
}

/** Inserts or updates measure values on their natural key; returns how many rows changed. */
export async function upsertMeasureValues(
  db: Db,
  rows: ReadonlyArray<Insertable<MeasureValuesTable>>,
): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('measure_values')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'school_id', 'school_year', 'measure_key', 'student_group'])
          .doUpdateSet({
            value: sql`excluded.value`,
            value_text: sql`excluded.value_text`,
            n: sql`excluded.n`,
            status: sql`excluded.status`,
            source_marker: sql`excluded.source_marker`,
            batch_id: sql`excluded.batch_id`,
          })
          .where(
            sql<boolean>`(measure_values.value, measure_values.value_text, measure_values.n,
              measure_values.status, measure_values.source_marker)
            is distinct from
              (excluded.value, excluded.value_text, excluded.n, excluded.status,
              excluded.source_marker)`,
          ),
      )
      .executeTakeFirst();
    changed += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return changed;
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

/**
 * Collects an import's rows and writes them in chunks as they accumulate, schools before the
 * values that refer to them, so that a large file streams through in bounded memory.
 */
export class UpsertBuffer {
  private schools: Array<Insertable<SchoolsTable>> = [];
  private values: Array<Insertable<MeasureValuesTable>> = [];
  private written = 0;

  constructor(private readonly db: Db) {}

  addSchool(row: Insertable<SchoolsTable>): void {
    this.schools.push(row);
  }

  addValue(row: Insertable<MeasureValuesTable>): void {
    this.values.push(row);
  }

  async flushIfFull(): Promise<void> {
    if (this.schools.length + this.values.length >= UPSERT_CHUNK * 4) await this.flush();
  }

  /** Writes what is pending; returns the rows written (inserted or changed) so far. */
  async flush(): Promise<number> {
    this.written += await upsertSchools(this.db, this.schools);
    this.schools = [];
    this.written += await upsertMeasureValues(this.db, this.values);
    this.values = [];
    return this.written;
  }
}

function* chunks<T>(rows: readonly T[], size = UPSERT_CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
