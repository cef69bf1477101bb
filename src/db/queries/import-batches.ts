// Listing import batches, rolling one back, and reading the rows it rejected
// (docs/decisions/005-imports.md "Rollback"). Rollback works set by set, in the caller's
// transaction: put back every row the batch changed from its before-image, then delete the rows
// still carrying the batch's id, which are exactly the ones it inserted.
import { sql } from 'kysely';
import type { Db } from '../connection.ts';

export async function listBatchRows(db: Db, districtId: string, limit: number) {
  return db
    .selectFrom('import_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select([
      'b.id',
      'b.source_kind',
      'b.file_name',
      'b.file_sha256',
      'b.mapping_name',
      'b.rows_read',
      'b.rows_written',
      'b.rows_skipped',
      'b.rows_rejected',
      'b.status',
      'b.on_problems',
      'b.notes',
      'b.created_by',
      'b.created_at',
      'b.rolled_back_at',
      'u.username',
      'u.display_name',
    ])
    .where('b.district_id', '=', districtId)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id')
    .limit(limit)
    .execute();
}

/** The batch, locked until the transaction ends so that two rollbacks cannot interleave. */
export async function getBatchForUpdate(db: Db, districtId: string, batchId: string) {
  return db
    .selectFrom('import_batches')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', batchId)
    .forUpdate()
    .executeTakeFirst();
}

export async function getBatch(db: Db, districtId: string, batchId: string) {
  return db
    .selectFrom('import_batches')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', batchId)
    .executeTakeFirst();
}

export interface BatchRef {
  id: string;
  file_name: string;
  created_at: Date;
}

/**
 * Batches that must be rolled back before this one can be: those that changed a row this batch
 * wrote (their before-image names it), those that wrote values (now or before) or staff
 * assignments for a school this batch inserted, and those that wrote assignments or licences
 * (now or before) for a person this batch inserted (deleting either would orphan them). A
 * school's or person's inserter is the batch its oldest before-image came from, or, with none,
 * its batch_id. Scans
 * the district's before-images and values: rollback is rare, and an index that only it used
 * would slow every import.
 */
export async function findDirectDependents(
  db: Db,
  districtId: string,
  batchId: string,
): Promise<BatchRef[]> {
  const { rows } = await sql<BatchRef>`
    with school_images as (
      select distinct on (c.row_key) c.row_key ->> 0 as id, c.previous_batch_id
      from import_before_images c
      join import_batches b on b.district_id = c.district_id and b.id = c.batch_id
      where c.district_id = ${districtId} and c.table_name = 'schools'
      order by c.row_key, b.created_at, b.id
    ),
    inserted as (
      select s.id
      from schools s left join school_images i on i.id = s.id
      where s.district_id = ${districtId}
        and (case when i.id is null then s.batch_id else i.previous_batch_id end)
          = ${batchId}::uuid
    ),
    value_images as (
      select c.batch_id, c.previous_batch_id
      from import_before_images c join inserted i on i.id = c.row_key ->> 0
      where c.district_id = ${districtId} and c.table_name = 'measure_values'
    ),
    staff_images as (
      select distinct on (c.row_key) c.row_key ->> 0 as id, c.previous_batch_id
      from import_before_images c
      join import_batches b on b.district_id = c.district_id and b.id = c.batch_id
      where c.district_id = ${districtId} and c.table_name = 'staff'
      order by c.row_key, b.created_at, b.id
    ),
    inserted_staff as (
      select s.id
      from staff s left join staff_images i on i.id = s.id
      where s.district_id = ${districtId}
        and (case when i.id is null then s.batch_id else i.previous_batch_id end)
          = ${batchId}::uuid
    ),
    staff_row_images as (
      select c.batch_id, c.previous_batch_id
      from import_before_images c join inserted_staff i on i.id = c.row_key ->> 0
      where c.district_id = ${districtId}
        and c.table_name in ('staff_assignments', 'staff_credentials')
    ),
    writers as (
      select v.batch_id as id
      from measure_values v join inserted i on i.id = v.school_id
      where v.district_id = ${districtId}
      union select batch_id from value_images
      union select previous_batch_id from value_images
      union
      select a.batch_id from staff_assignments a join inserted i on i.id = a.school_id
      where a.district_id = ${districtId}
      union
      select a.batch_id from staff_assignments a join inserted_staff i on i.id = a.staff_id
      where a.district_id = ${districtId}
      union
      select c.batch_id from staff_credentials c join inserted_staff i on i.id = c.staff_id
      where c.district_id = ${districtId}
      union select batch_id from staff_row_images
      union select previous_batch_id from staff_row_images
      union
      select c.batch_id from import_before_images c
      where c.district_id = ${districtId} and c.previous_batch_id = ${batchId}::uuid
    )
    select b.id, b.file_name, b.created_at
    from import_batches b join writers w on w.id = b.id
    where b.district_id = ${districtId} and b.status = 'committed' and b.id <> ${batchId}::uuid
    order by b.created_at desc, b.id
  `.execute(db);
  return rows;
}

/** Ratings carrying the batch's id: no import writes them, so none has a before-image, and a
 * batch that did write them is refused rather than half rolled back. */
export async function countRatingsOfBatch(
  db: Db,
  districtId: string,
  batchId: string,
): Promise<number> {
  const row = await db
    .selectFrom('staff_ratings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Puts back every measure value the batch changed, previous batch_id included. */
export async function restoreMeasureValues(db: Db, districtId: string, batchId: string) {
  const result = await sql`
    update measure_values t
    set value = p.value, value_text = p.value_text, n = p.n, status = p.status,
      source_marker = p.source_marker, batch_id = p.batch_id, source_row = p.source_row
    from import_before_images c,
      jsonb_populate_record(null::measure_values, c.previous) p
    where c.district_id = ${districtId} and c.batch_id = ${batchId}
      and c.table_name = 'measure_values'
      and t.district_id = c.district_id and t.school_id = p.school_id
      and t.school_year = p.school_year and t.measure_key = p.measure_key
      and t.student_group = p.student_group
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Puts back every school the batch changed, previous batch_id included. */
export async function restoreSchools(db: Db, districtId: string, batchId: string) {
  const result = await sql`
    update schools t
    set name = p.name, state_id = p.state_id, nces_id = p.nces_id, level = p.level,
      grade_span = p.grade_span, is_title_i = p.is_title_i, street = p.street, city = p.city,
      state = p.state, zip = p.zip, latitude = p.latitude, longitude = p.longitude,
      region = p.region, batch_id = p.batch_id
    from import_before_images c, jsonb_populate_record(null::schools, c.previous) p
    where c.district_id = ${districtId} and c.batch_id = ${batchId}
      and c.table_name = 'schools'
      and t.district_id = c.district_id and t.id = p.id
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Puts back every staff row the batch changed (migration 004), previous batch_id included. */
export async function restoreStaffRows(
  db: Db,
  table: 'staff' | 'staff_assignments' | 'staff_credentials',
  districtId: string,
  batchId: string,
) {
  const { key, restored } = STAFF_COLUMNS[table];
  const set = sql.join([...restored, 'batch_id'].map((c) => sql`${sql.ref(c)} = p.${sql.ref(c)}`));
  const on = sql.join(
    key.map((k) => sql`t.${sql.ref(k)} = p.${sql.ref(k)}`),
    sql` and `,
  );
  const result = await sql`
    update ${sql.table(table)} t
    set ${set}
    from import_before_images c,
      jsonb_populate_record(null::${sql.table(table)}, c.previous) p
    where c.district_id = ${districtId} and c.batch_id = ${batchId}
      and c.table_name = ${table}
      and t.district_id = c.district_id and ${on}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The natural key and the other columns of each staff table an import writes. */
const STAFF_COLUMNS = {
  staff: { key: ['id'], restored: ['first_name', 'last_name', 'is_synthetic'] },
  staff_assignments: {
    key: ['staff_id', 'school_id', 'school_year', 'role'],
    restored: ['fte', 'subject', 'is_in_field', 'years_experience'],
  },
  staff_credentials: {
    key: ['staff_id', 'credential_id'],
    restored: ['status', 'subject', 'issued_on', 'expires_on'],
  },
} as const;

/** After the restores: the rows still carrying the batch's id are the ones it inserted. */
export async function deleteRowsOfBatch(
  db: Db,
  table: 'measure_values' | 'schools' | 'staff' | 'staff_assignments' | 'staff_credentials',
  districtId: string,
  batchId: string,
): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('district_id', '=', districtId)
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function finishRollback(db: Db, districtId: string, batchId: string) {
  await db
    .deleteFrom('import_before_images')
    .where('district_id', '=', districtId)
    .where('batch_id', '=', batchId)
    .execute();
  await db
    .updateTable('import_batches')
    .set({ status: 'rolled_back', rolled_back_at: sql<Date>`clock_timestamp()` })
    .where('district_id', '=', districtId)
    .where('id', '=', batchId)
    .execute();
}

/** Rejected rows in file order, a page at a time (keyset on row_number). */
export async function listRejections(
  db: Db,
  districtId: string,
  batchId: string,
  afterRow: number,
  limit: number,
) {
  return db
    .selectFrom('import_rejections')
    .select(['row_number', 'reason', 'cells'])
    .where('district_id', '=', districtId)
    .where('batch_id', '=', batchId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}
