// The writes an import makes, each keyed on the natural key so that importing the same file twice
// changes nothing (issue #3 "Guarantees"), and each recording what it replaces so that the batch
// can be rolled back (docs/decisions/005-imports.md).
//
// A value's batch_id is the batch that last *changed* it: an upsert whose incoming row equals the
// stored one is skipped (the `is distinct from` conditions), so re-importing a file leaves every
// value, and the batch it points at, as it was. When an upsert does change a row that another
// batch wrote, the same statement first copies the row as it was into import_before_images.
// A row the batch inserts needs no copy: rollback deletes what still carries the batch's id.
//
// Rows travel as one array per column through unnest(): one statement and eleven parameters per
// chunk whatever its length, about twice as fast on PGlite as a 500-row VALUES list (15,000
// against 7,300 rows a second) and never near PostgreSQL's 65,535-parameter limit.
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from '../connection.ts';
import { isSingleConnection } from '../pglite-dialect.ts';
import type { MeasureValuesTable, SchoolsTable } from '../schema.ts';

// Rows per statement. Larger chunks stop paying off on PGlite past a few thousand, and a chunk
// is what the process holds in memory while it is written.
export const WRITE_CHUNK = 5000;

function* chunks<T>(rows: readonly T[], size = WRITE_CHUNK): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * The stored row for an incoming one, looked up by primary key. Written as a LATERAL subquery
 * with LIMIT so that PostgreSQL probes the index row by row: as a plain join, mid-import
 * statistics (the rows this transaction wrote are not yet analysed) led it to hash the whole
 * table for every chunk, which grows with the table (EXPLAIN ANALYZE: 122 of 244 ms for a
 * 3,788-row chunk against 100,000 rows).
 */
function probe(table: 'measure_values' | 'schools', on: RawBuilder<unknown>) {
  return sql`select * from ${sql.table(table)} t where ${on} limit 1`;
}

/** One column of a chunk as an array parameter (undefined, as for an omitted field, is null). */
function column<T, K extends keyof T>(rows: readonly T[], key: K) {
  return rows.map((r) => r[key] ?? null);
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
  for (const c of chunks(rows)) {
    const result = await sql`
      with incoming as (
        select * from unnest(
          ${column(c, 'district_id')}::text[], ${column(c, 'id')}::text[],
          ${column(c, 'name')}::text[], ${column(c, 'state_id')}::text[],
          ${column(c, 'nces_id')}::text[], ${column(c, 'level')}::text[],
          ${column(c, 'grade_span')}::text[], ${column(c, 'is_title_i')}::boolean[],
          ${column(c, 'street')}::text[], ${column(c, 'city')}::text[],
          ${column(c, 'state')}::text[], ${column(c, 'zip')}::text[],
          ${column(c, 'latitude')}::float8[], ${column(c, 'longitude')}::float8[],
          ${column(c, 'region')}::text[], ${column(c, 'batch_id')}::uuid[]
        ) as i (district_id, id, name, state_id, nces_id, level, grade_span, is_title_i, street,
          city, state, zip, latitude, longitude, region, batch_id)
      ),
      replaced as (
        insert into import_before_images
          (district_id, batch_id, table_name, row_key, previous, previous_batch_id)
        select i.district_id, i.batch_id, 'schools', jsonb_build_array(t.id), to_jsonb(t),
          t.batch_id
        from incoming i
        cross join lateral (${probe('schools', sql`t.district_id = i.district_id and t.id = i.id`)}) t
        -- A row this batch already wrote keeps the image from before the batch.
        where t.batch_id is distinct from i.batch_id
          and (t.name, t.level, t.state_id, t.nces_id, t.grade_span, t.is_title_i, t.street,
            t.city, t.state, t.zip, t.latitude, t.longitude, t.region)
          is distinct from
            (i.name, i.level, coalesce(i.state_id, t.state_id), coalesce(i.nces_id, t.nces_id),
            coalesce(i.grade_span, t.grade_span), coalesce(i.is_title_i, t.is_title_i),
            coalesce(i.street, t.street), coalesce(i.city, t.city), coalesce(i.state, t.state),
            coalesce(i.zip, t.zip), coalesce(i.latitude, t.latitude),
            coalesce(i.longitude, t.longitude), coalesce(i.region, t.region))
      )
      insert into schools (district_id, id, name, state_id, nces_id, level, grade_span,
        is_title_i, street, city, state, zip, latitude, longitude, region, batch_id)
      select * from incoming
      on conflict (district_id, id) do update set
        name = excluded.name,
        level = excluded.level,
        state_id = coalesce(excluded.state_id, schools.state_id),
        nces_id = coalesce(excluded.nces_id, schools.nces_id),
        grade_span = coalesce(excluded.grade_span, schools.grade_span),
        is_title_i = coalesce(excluded.is_title_i, schools.is_title_i),
        street = coalesce(excluded.street, schools.street),
        city = coalesce(excluded.city, schools.city),
        state = coalesce(excluded.state, schools.state),
        zip = coalesce(excluded.zip, schools.zip),
        latitude = coalesce(excluded.latitude, schools.latitude),
        longitude = coalesce(excluded.longitude, schools.longitude),
        region = coalesce(excluded.region, schools.region),
        batch_id = excluded.batch_id
      where (schools.name, schools.level, schools.state_id, schools.nces_id, schools.grade_span,
          schools.is_title_i, schools.street, schools.city, schools.state, schools.zip,
          schools.latitude, schools.longitude, schools.region)
        is distinct from
          (excluded.name, excluded.level, coalesce(excluded.state_id, schools.state_id),
          coalesce(excluded.nces_id, schools.nces_id),
          coalesce(excluded.grade_span, schools.grade_span),
          coalesce(excluded.is_title_i, schools.is_title_i),
          coalesce(excluded.street, schools.street), coalesce(excluded.city, schools.city),
          coalesce(excluded.state, schools.state), coalesce(excluded.zip, schools.zip),
          coalesce(excluded.latitude, schools.latitude),
          coalesce(excluded.longitude, schools.longitude),
          coalesce(excluded.region, schools.region))
    `.execute(db);
    changed += Number(result.numAffectedRows ?? 0n);
  }
  return changed;
}

/**
 * Inserts or updates measure values on their natural key; returns how many rows changed. A
 * chunk must not give one key twice (PostgreSQL refuses to update a row twice in a statement).
 *
 * Two steps per chunk. First the rows that are new are inserted (`on conflict do nothing`); a
 * first import is all new rows, and this step is all it costs. Only when some rows already
 * existed does the second step run: record the before-images of the rows about to change, then
 * update them. The rows the first step inserted carry this batch's id, so the second step
 * neither records nor rewrites them.
 */
export async function upsertMeasureValues(
  db: Db,
  rows: ReadonlyArray<Insertable<MeasureValuesTable>>,
): Promise<number> {
  let changed = 0;
  for (const c of chunks(rows)) {
    const incoming = sql`
      select * from unnest(
        ${column(c, 'district_id')}::text[], ${column(c, 'school_id')}::text[],
        ${column(c, 'school_year')}::smallint[], ${column(c, 'measure_key')}::text[],
        ${column(c, 'student_group')}::text[], ${column(c, 'value')}::float8[],
        ${column(c, 'value_text')}::text[], ${column(c, 'n')}::integer[],
        ${column(c, 'status')}::text[], ${column(c, 'source_marker')}::text[],
        ${column(c, 'batch_id')}::uuid[]
      ) as i (district_id, school_id, school_year, measure_key, student_group, value,
        value_text, n, status, source_marker, batch_id)
    `;
    const added = isSingleConnection(db)
      ? await insertNewValuesCheckingOnce(db, incoming)
      : Number(
          (
            await sql`
              insert into measure_values (district_id, school_id, school_year, measure_key,
                student_group, value, value_text, n, status, source_marker, batch_id)
              ${incoming}
              on conflict (district_id, school_id, school_year, measure_key, student_group)
              do nothing
            `.execute(db)
          ).numAffectedRows ?? 0n,
        );
    changed += added;
    if (added === c.length) continue;
    const updated = await sql`
      with incoming as (${incoming}),
      replaced as (
        insert into import_before_images
          (district_id, batch_id, table_name, row_key, previous, previous_batch_id)
        select i.district_id, i.batch_id, 'measure_values',
          jsonb_build_array(t.school_id, t.school_year, t.measure_key, t.student_group),
          to_jsonb(t), t.batch_id
        from incoming i
        cross join lateral (${probe(
          'measure_values',
          sql`
          t.district_id = i.district_id and t.school_id = i.school_id
          and t.school_year = i.school_year and t.measure_key = i.measure_key
          and t.student_group = i.student_group`,
        )}) t
        -- A row this batch already wrote keeps the image from before the batch.
        where t.batch_id is distinct from i.batch_id
          and (t.value, t.value_text, t.n, t.status, t.source_marker)
          is distinct from (i.value, i.value_text, i.n, i.status, i.source_marker)
      )
      -- An upsert, not UPDATE … FROM: conflict arbitration probes the primary key row by row,
      -- where a join might hash the whole table (see probe()).
      insert into measure_values (district_id, school_id, school_year, measure_key,
        student_group, value, value_text, n, status, source_marker, batch_id)
      select * from incoming
      on conflict (district_id, school_id, school_year, measure_key, student_group)
      do update set
        value = excluded.value,
        value_text = excluded.value_text,
        n = excluded.n,
        status = excluded.status,
        source_marker = excluded.source_marker,
        batch_id = excluded.batch_id
      where (measure_values.value, measure_values.value_text, measure_values.n,
          measure_values.status, measure_values.source_marker)
        is distinct from
          (excluded.value, excluded.value_text, excluded.n, excluded.status,
          excluded.source_marker)
    `.execute(db);
    changed += Number(updated.numAffectedRows ?? 0n);
  }
  return changed;
}

/**
 * The first step of upsertMeasureValues on PGlite: the same insert, with the foreign keys of
 * measure_values (school, measure, batch) checked once per chunk instead of once per row.
 *
 * PostgreSQL checks a foreign key with a trigger per inserted row, each running its own
 * `select … for key share` on the referenced row: half of the CPU time of inserting on PGlite
 * (248,356 values: 17.5 s with the checks, 8.7 s without; docs/decisions/005-imports.md). The
 * row lock keeps *other* sessions from deleting the school or measure before this transaction
 * commits; PGlite has one connection, held by the import's transaction throughout
 * (pglite-dialect.ts), so there is no other session, and one set-based query in the same
 * statement finds any row whose school, measure or batch is missing just as surely. If one is,
 * the error aborts the transaction, as the trigger's would.
 *
 * `session_replication_role = replica` is how PostgreSQL's own bulk loaders (logical
 * replication, pg_restore --disable-triggers) skip those triggers; measure_values has no other
 * trigger. It is set for this statement only (`set local`, then back to origin) and needs the
 * superuser PGlite runs as. The update step keeps the per-row checks: it runs only on
 * re-imports, and then for the rows that changed.
 */
async function insertNewValuesCheckingOnce(db: Db, incoming: RawBuilder<unknown>) {
  await sql`set local session_replication_role = replica`.execute(db);
  const { rows } = await sql<{ added: number; orphans: number }>`
    with incoming as (${incoming}),
    added as (
      insert into measure_values (district_id, school_id, school_year, measure_key,
        student_group, value, value_text, n, status, source_marker, batch_id)
      select * from incoming
      on conflict (district_id, school_id, school_year, measure_key, student_group) do nothing
      returning 1
    )
    select (select count(*) from added)::integer as added,
      (select count(*) from (select distinct district_id, school_id from incoming) r
        where not exists (select 1 from schools s
          where s.district_id = r.district_id and s.id = r.school_id))::integer
      + (select count(*) from (select distinct district_id, measure_key from incoming) r
        where not exists (select 1 from measures m
          where m.district_id = r.district_id and m.key = r.measure_key))::integer
      + (select count(*) from (select distinct district_id, batch_id from incoming) r
        where not exists (select 1 from import_batches b
          where b.district_id = r.district_id and b.id = r.batch_id))::integer as orphans
  `.execute(db);
  // Back to normal before anything else runs in this transaction (an error above has already
  // aborted it, which undoes the `set local` too).
  await sql`set local session_replication_role = origin`.execute(db);
  const result = rows[0] ?? { added: 0, orphans: 0 };
  if (result.orphans > 0) {
    throw Object.assign(
      new Error(
        `insert into measure_values violates a foreign key: ${result.orphans} school, measure ` +
          'or batch the rows refer to does not exist',
      ),
      { code: '23503' },
    );
  }
  return result.added;
}

/** A natural key an import gave, and the row of the file that gave it. */
export interface ImportKey {
  row: number;
  /** The order keys were given in (several per row). */
  seq: number;
  schoolId: string;
  /** Null for a school (directory) row. */
  schoolYear: number | null;
  measureKey: string | null;
  studentGroup: string | null;
}

export interface RepeatedKey extends Omit<ImportKey, 'seq'> {
  firstRow: number;
}

/**
 * The keys an import has given, in a temporary table on disk rather than in the process, so that
 * finding a key given twice takes bounded memory whatever the file size. Appending to an
 * unindexed table is cheap; the one sort at the end (findRepeatedKeys) costs less than keeping
 * an index up to date row by row.
 */
export async function startKeyLog(db: Db): Promise<void> {
  await sql`drop table if exists pg_temp.import_keys`.execute(db);
  await sql`
    create temporary table import_keys (
      line integer not null,
      seq bigint not null,
      school_id text not null,
      school_year smallint,
      measure_key text,
      student_group text
    ) on commit drop
  `.execute(db);
}

export async function logKeys(db: Db, keys: readonly ImportKey[]): Promise<void> {
  for (const c of chunks(keys)) {
    await sql`
      insert into pg_temp.import_keys
      select * from unnest(${column(c, 'row')}::integer[], ${column(c, 'seq')}::bigint[],
        ${column(c, 'schoolId')}::text[],
        ${column(c, 'schoolYear')}::smallint[], ${column(c, 'measureKey')}::text[],
        ${column(c, 'studentGroup')}::text[])
    `.execute(db);
  }
}

/** Every later row that repeats a key (the first `limit`, in file order), and how many in all. */
export async function findRepeatedKeys(
  db: Db,
  limit: number,
): Promise<{ repeats: RepeatedKey[]; total: number }> {
  const { rows } = await sql<{
    line: number;
    first_line: number;
    school_id: string;
    school_year: number | null;
    measure_key: string | null;
    student_group: string | null;
    total: number;
  }>`
    select line, first_line, school_id, school_year, measure_key, student_group,
      count(*) over () as total
    from (
      select k.*, min(line) over w as first_line, row_number() over w as nth
      from pg_temp.import_keys k
      window w as (partition by school_id, school_year, measure_key, student_group order by seq)
    ) ranked
    where nth > 1
    order by seq
    limit ${limit}
  `.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    repeats: rows.map((r) => ({
      row: r.line,
      firstRow: r.first_line,
      schoolId: r.school_id,
      schoolYear: r.school_year,
      measureKey: r.measure_key,
      studentGroup: r.student_group,
    })),
  };
}

export interface RejectedRow {
  district_id: string;
  batch_id: string;
  row_number: number;
  reason: string;
  cells: readonly string[];
}

export async function insertRejections(db: Db, rows: readonly RejectedRow[]): Promise<void> {
  for (const c of chunks(rows, 500)) {
    await db
      .insertInto('import_rejections')
      .values(c.map((r) => ({ ...r, cells: JSON.stringify(r.cells) })))
      .execute();
  }
}
