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
import { copyIn } from '../copy-in.ts';
import { isSingleConnection } from '../pglite-dialect.ts';
import {
  WRITE_CHUNK,
  type KeyColumns,
  type KeyOrigins,
  type ValueColumns,
} from '../../importers/chunk-columns.ts';
import type { MeasureValuesTable, SchoolsTable } from '../schema.ts';

export {
  emptyKeyColumns,
  emptyValueColumns,
  WRITE_CHUNK,
  type KeyColumns,
  type KeyOrigins,
  type ValueColumns,
} from '../../importers/chunk-columns.ts';

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

function sliceColumns<T extends object>(columns: T, from: number, to: number): T {
  return Object.fromEntries(
    Object.entries(columns).map(([k, v]) => [k, (v as unknown[]).slice(from, to)]),
  ) as T;
}

/**
 * Inserts or updates measure values on their natural key; returns how many rows changed. A
 * chunk must not give one key twice (PostgreSQL refuses to update a row twice in a statement).
 * Rows of several districts or batches are written a group at a time.
 */
export async function upsertMeasureValues(
  db: Db,
  rows: ReadonlyArray<Insertable<MeasureValuesTable>>,
): Promise<number> {
  const groups = new Map<string, Array<Insertable<MeasureValuesTable>>>();
  for (const r of rows) {
    const key = `${r.district_id}\u0000${r.batch_id}`;
    const group = groups.get(key) ?? [];
    if (group.length === 0) groups.set(key, group);
    group.push(r);
  }
  let changed = 0;
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    changed += await upsertValueColumns(
      db,
      first.district_id,
      first.batch_id,
      valueColumnsOf(group),
    );
  }
  return changed;
}

/** Values given as rows, column by column (district and batch aside). */
export function valueColumnsOf(rows: ReadonlyArray<Insertable<MeasureValuesTable>>): ValueColumns {
  return {
    schoolId: rows.map((r) => r.school_id),
    schoolYear: rows.map((r) => r.school_year),
    measureKey: rows.map((r) => r.measure_key),
    studentGroup: rows.map((r) => r.student_group ?? 'all'),
    value: rows.map((r) => r.value ?? null),
    valueText: rows.map((r) => r.value_text ?? null),
    n: rows.map((r) => r.n ?? null),
    status: rows.map((r) => r.status),
    marker: rows.map((r) => r.source_marker ?? null),
  };
}

/**
 * upsertMeasureValues for values given column by column, all of `districtId` and `batchId`
 * (passed once, not once per row). With `origins`, each value's key is also appended to the
 * import's key log (startKeyLog) by the same statement, from the same arrays.
 *
 * Two steps per chunk. First the rows that are new are inserted (`on conflict do nothing`); a
 * first import is all new rows, and this step is all it costs. Only when some rows already
 * existed does the second step run: record the before-images of the rows about to change, then
 * update them. The rows the first step inserted carry this batch's id, so the second step
 * neither records nor rewrites them.
 */
export async function upsertValueColumns(
  db: Db,
  districtId: string,
  batchId: string,
  columns: ValueColumns,
  origins?: KeyOrigins,
): Promise<number> {
  let changed = 0;
  const total = columns.schoolId.length;
  for (let from = 0; from < total; from += WRITE_CHUNK) {
    const to = Math.min(total, from + WRITE_CHUNK);
    const c = from === 0 && to === total ? columns : sliceColumns(columns, from, to);
    const o = origins && (from === 0 && to === total ? origins : sliceColumns(origins, from, to));
    // Each value's line in the file, where it came from one (origins).
    const lines = o ? o.line : c.schoolId.map(() => null);
    const incoming = sql`
      select ${districtId}::text as district_id, i.school_id, i.school_year, i.measure_key,
        i.student_group, i.value, i.value_text, i.n, i.status, i.source_marker,
        ${batchId}::uuid as batch_id, i.source_row
      from unnest(
        ${c.schoolId}::text[], ${c.schoolYear}::smallint[], ${c.measureKey}::text[],
        ${c.studentGroup}::text[], ${c.value}::float8[], ${c.valueText}::text[],
        ${c.n}::integer[], ${c.status}::text[], ${c.marker}::text[], ${lines}::integer[]
      ) as i (school_id, school_year, measure_key, student_group, value, value_text, n, status,
        source_marker, source_row)
    `;
    // The key log reads the same arrays: only the lines and the order are extra.
    const logged = o
      ? sql`, logged as (
          insert into pg_temp.import_keys
          select * from unnest(${o.line}::integer[], ${o.seq}::bigint[], ${c.schoolId}::text[],
            ${c.schoolYear}::smallint[], ${c.measureKey}::text[], ${c.studentGroup}::text[])
        )`
      : sql``;
    const added = await withReferencesCheckedOnce(db, districtId, batchId, c, () =>
      insertNewValues(db, incoming, logged),
    );
    changed += added;
    if (added === to - from) continue;
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
        student_group, value, value_text, n, status, source_marker, batch_id, source_row)
      select * from incoming
      on conflict (district_id, school_id, school_year, measure_key, student_group)
      do update set
        value = excluded.value,
        value_text = excluded.value_text,
        n = excluded.n,
        status = excluded.status,
        source_marker = excluded.source_marker,
        batch_id = excluded.batch_id,
        -- A value this batch wrote already keeps the row that first gave it: the file gives
        -- the key twice, and findRepeatedKeys names that row.
        source_row = case when measure_values.batch_id = excluded.batch_id
          then measure_values.source_row else excluded.source_row end
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
 * The fast path for values none of which exist yet — a first import, the usual case for a large
 * file: the chunk goes in by `COPY` (PostgreSQL's bulk path: rows parsed in C and written a page
 * at a time; copy-in.ts), each value with its line (source_row), and the references checked once
 * for the chunk where that is allowed (withReferencesCheckedOnce). Its keys are not logged
 * (startKeyLog): the caller notes which lines went in this way, for findRepeatedKeys. Returns
 * the values written, or null when one of them already existed: then nothing of the chunk is
 * kept (a savepoint is rolled back) and the caller writes it with upsertValueColumns, which
 * records before-images and updates. Measured against the upsert's insert step:
 * docs/decisions/005-imports.md, "Reading beside the writing".
 */
export async function copyNewValues(
  db: Db,
  districtId: string,
  batchId: string,
  columns: ValueColumns,
  origins: KeyOrigins,
): Promise<number | null> {
  const total = columns.schoolId.length;
  if (total === 0) return 0;
  await sql`savepoint import_copy`.execute(db);
  try {
    const copied = await withReferencesCheckedOnce(db, districtId, batchId, columns, () =>
      copyIn(
        db,
        `copy measure_values (district_id, school_id, school_year, measure_key, student_group,
          value, value_text, n, status, source_marker, batch_id, source_row)`,
        valuesTsv(districtId, batchId, columns, origins),
      ),
    );
    await sql`release savepoint import_copy`.execute(db);
    return copied;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A value that already exists: undo the chunk (the `set local` with it) and let the
    // upsert take it.
    await sql`rollback to savepoint import_copy`.execute(db);
    await sql`release savepoint import_copy`.execute(db);
    return null;
  }
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && 'code' in error && error.code === '23505';

// COPY's text format: tab-separated, \N for null, and backslash, tab, newline and carriage
// return escaped with a backslash (PostgreSQL manual, COPY, "Text Format").
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value)
    ? value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c] ?? c)
    : value;
}
const copyNumber = (value: number | null) => (value === null ? '\\N' : String(value));

function valuesTsv(districtId: string, batchId: string, c: ValueColumns, o: KeyOrigins): string {
  const district = copyText(districtId);
  const parts: string[] = [];
  for (let i = 0; i < c.schoolId.length; i++) {
    parts.push(
      `${district}\t${copyText(c.schoolId[i] ?? '')}\t${c.schoolYear[i]}\t` +
        `${copyText(c.measureKey[i] ?? '')}\t${copyText(c.studentGroup[i] ?? '')}\t` +
        `${copyNumber(c.value[i] ?? null)}\t${copyText(c.valueText[i] ?? null)}\t` +
        `${copyNumber(c.n[i] ?? null)}\t${c.status[i]}\t${copyText(c.marker[i] ?? null)}\t` +
        `${batchId}\t${copyNumber(o.line[i] ?? null)}\n`,
    );
  }
  return parts.join('');
}

/** The first step of upsertValueColumns: the new rows (inside withReferencesCheckedOnce). */
async function insertNewValues(db: Db, incoming: RawBuilder<unknown>, logged: RawBuilder<unknown>) {
  const { rows } = await sql<{ added: number }>`
    with incoming as (${incoming})${logged},
    added as (
      insert into measure_values (district_id, school_id, school_year, measure_key,
        student_group, value, value_text, n, status, source_marker, batch_id, source_row)
      select * from incoming
      on conflict (district_id, school_id, school_year, measure_key, student_group) do nothing
      returning 1
    )
    select count(*)::integer as added from added
  `.execute(db);
  return rows[0]?.added ?? 0;
}

/**
 * `write` (new values of `columns`: an insert or a COPY) with the foreign keys of measure_values
 * (school, measure, batch) checked once for the chunk instead of once per row, where the
 * database lets this session turn the per-row checks off (withForeignKeysCheckedOnce).
 *
 * PostgreSQL checks a foreign key with a trigger per inserted row, each running its own
 * `select … for key share` on the referenced row: half of the CPU time of inserting on PGlite
 * (248,356 values: 17.5 s with the checks, 8.7 s without; docs/decisions/005-imports.md), and
 * on a PostgreSQL server 1.0 of the 1.4 s it took to COPY MA's 61,875 teacher-data values. One
 * set-based query per chunk finds a value whose school, measure or batch is missing just as
 * surely; if one is, the error aborts the transaction, as the trigger's would. The row lock is
 * what keeps *other* sessions from deleting a school or measure before this transaction
 * commits, so on a server the query takes it too, once per referenced row (`for key share`, as
 * the triggers do). PGlite has one connection, held by the import's transaction throughout
 * (pglite-dialect.ts): there is no other session to fend off, and no lock is taken. The
 * upsert's update step keeps the per-row checks: it runs only on re-imports, and then for the
 * rows that changed.
 */
async function withReferencesCheckedOnce(
  db: Db,
  districtId: string,
  batchId: string,
  columns: ValueColumns,
  write: () => Promise<number>,
): Promise<number> {
  return withForeignKeysCheckedOnce(
    db,
    'measure_values',
    write,
    () => sql<number>`
      ${missing(db, 'schools', 'id', districtId, [...new Set(columns.schoolId)])}
      + ${missing(db, 'measures', 'key', districtId, [...new Set(columns.measureKey)])}
      + ${batchOrphans(db, districtId, batchId)}`,
  );
}

/**
 * How many of `keys` (distinct) `table` lacks in the district, locking those it has against
 * deletion by other sessions until this transaction ends (not on PGlite: see
 * withReferencesCheckedOnce).
 */
function missing(
  db: Db,
  table: 'schools' | 'measures' | 'import_batches',
  column: 'id' | 'key',
  districtId: string,
  keys: readonly string[],
) {
  const lock = isSingleConnection(db) ? sql`` : sql`for key share`;
  const array = table === 'import_batches' ? sql`${keys}::uuid[]` : sql`${keys}::text[]`;
  // `= some(array)` (the SQL standard's synonym of the usual spelling): one probe of the
  // primary key per key, whatever the table's size.
  return sql<number>`(select ${keys.length}::integer - count(*)::integer from (
    select 1 from ${sql.table(table)} t
    where t.district_id = ${districtId} and ${sql.ref(`t.${column}`)} = some(${array})
    ${lock}) found)`;
}

/** 1 when the batch does not exist, else 0. */
const batchOrphans = (db: Db, districtId: string, batchId: string) =>
  missing(db, 'import_batches', 'id', districtId, [batchId]);

// Database handles (Kysely's adapter is one per handle) whose role may not set
// session_replication_role: they are not asked again, so that the server's log does not get one
// refusal per chunk. And those whose role may: they are not asked inside a savepoint again,
// which on a server saves two round trips per chunk.
const triggersRequired = new WeakSet<object>();
const triggersOptional = new WeakSet<object>();

/**
 * Turns the per-row triggers off for the rest of the transaction's current step (`set local
 * session_replication_role = replica`); false when the session may not. That takes a superuser
 * (PGlite runs as one), or on PostgreSQL 15 and later a role granted `SET ON PARAMETER
 * session_replication_role` (README, "Configuration"). The first attempt runs in a savepoint,
 * so that a refusal leaves the transaction as it was.
 */
async function skipTriggers(db: Db): Promise<boolean> {
  const session = db.getExecutor().adapter;
  // Outside a transaction each statement is one, and `set local` would not outlast it.
  if (!db.isTransaction || triggersRequired.has(session)) return false;
  if (triggersOptional.has(session)) {
    await sql`set local session_replication_role = replica`.execute(db);
    return true;
  }
  await sql`savepoint import_triggers`.execute(db);
  try {
    await sql`set local session_replication_role = replica`.execute(db);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === '42501')) throw error;
    await sql`rollback to savepoint import_triggers`.execute(db);
    await sql`release savepoint import_triggers`.execute(db);
    triggersRequired.add(session);
    return false;
  }
  await sql`release savepoint import_triggers`.execute(db);
  triggersOptional.add(session);
  return true;
}

/**
 * Runs `write` with the per-row foreign-key triggers off, then `countOrphans` once for the
 * whole write (see withReferencesCheckedOnce for why this is as safe); a write that refers to a
 * missing row fails as the trigger would have, aborting the transaction. Where the session may
 * not turn the triggers off, `write` runs with them, and they check each row.
 *
 * `session_replication_role = replica` is how PostgreSQL's own bulk loaders (logical
 * replication, pg_restore --disable-triggers) skip triggers; the tables written here
 * (measure_values, import_rejections, the key log) have no trigger but the foreign keys'.
 */
async function withForeignKeysCheckedOnce<T>(
  db: Db,
  table: string,
  write: () => Promise<T>,
  orphans: () => RawBuilder<number>,
): Promise<T> {
  if (!(await skipTriggers(db))) return write();
  const written = await write();
  // The count, and the triggers back on before anything else runs in this transaction, in one
  // statement (set_config(…, true) is `set local`; an error above has already aborted the
  // transaction, which undoes the `set local` too).
  const { rows } = await sql<{ orphans: number }>`
    select set_config('session_replication_role', 'origin', true) as role,
      ${orphans()} as orphans
  `.execute(db);
  const found = rows[0]?.orphans ?? 0;
  if (found > 0) {
    throw Object.assign(
      new Error(
        `insert into ${table} violates a foreign key: ${found} row(s) it refers to do not exist`,
      ),
      { code: '23503' },
    );
  }
  return written;
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
 *
 * Keys of values written by COPY (copyNewValues) are not logged. A COPY succeeds only when none
 * of its keys is in measure_values yet, and every earlier value of the import is, so these keys
 * are distinct from one another by the primary key itself, and each is the first time the file
 * gave it; measure_values keeps its line (source_row). Every other key — schools, values
 * written by the upsert, keys given twice within a chunk, keys after writing stopped — is
 * logged. A key given twice is therefore logged at least once, and the search for repeats looks
 * up in measure_values only the logged keys; when none is logged (a first import that went in by
 * COPY, the usual large file) there is nothing to search (ChunkWriter.repeatedKeys). Logging
 * the copied keys as well cost 0.09 s of MA's 61,875 values on either database.
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

export async function logKeys(db: Db, keys: KeyColumns): Promise<void> {
  const total = keys.line.length;
  for (let from = 0; from < total; from += WRITE_CHUNK) {
    const c = sliceColumns(keys, from, Math.min(total, from + WRITE_CHUNK));
    await sql`
      insert into pg_temp.import_keys
      select * from unnest(${c.line}::integer[], ${c.seq}::bigint[], ${c.schoolId}::text[],
        ${c.schoolYear}::smallint[], ${c.measureKey}::text[], ${c.studentGroup}::text[])
    `.execute(db);
  }
}

/**
 * The lines whose values went in by COPY (copyNewValues), as runs `first[i]`–`last[i]`: within a
 * run every value written came from a COPY, so its key is not in the key log.
 */
export interface CopiedLines {
  districtId: string;
  batchId: string;
  first: number[];
  last: number[];
}

/**
 * Every later row that repeats a key (the first `limit`, in file order), and how many in all.
 * With `copied`, a logged key whose first occurrence went in by COPY is found in measure_values,
 * at the line it was written from.
 */
export async function findRepeatedKeys(
  db: Db,
  limit: number,
  copied?: CopiedLines,
): Promise<{ repeats: RepeatedKey[]; total: number }> {
  // Ordered before each logged key (seq -1): a copied occurrence is the first of its key.
  const firstCopied =
    copied && copied.first.length > 0
      ? sql`
        union all
        select distinct v.source_row, -1::bigint, v.school_id, v.school_year, v.measure_key,
          v.student_group
        from pg_temp.import_keys k
        cross join lateral (${probe(
          'measure_values',
          sql`t.district_id = ${copied.districtId} and t.school_id = k.school_id
            and t.school_year = k.school_year and t.measure_key = k.measure_key
            and t.student_group = k.student_group`,
        )}) v
        where k.measure_key is not null and v.batch_id = ${copied.batchId}
          and exists (
            select 1 from unnest(${copied.first}::integer[], ${copied.last}::integer[])
              as r (first_line, last_line)
            where v.source_row between r.first_line and r.last_line)`
      : sql``;
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
      from (
        select line, seq, school_id, school_year, measure_key, student_group
        from pg_temp.import_keys
        ${firstCopied}
      ) k
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
  row_number: number;
  reason: string;
  cells: readonly string[];
}

/** A batch's rejected rows (onProblems 'skip-rows'), inside the import's transaction, by `COPY`
 * (MA's 7,394 teacher-data rows: 180 ms on PGlite, against 260 ms as arrays through unnest and
 * more as multi-row VALUES), with the batch reference checked once per WRITE_CHUNK of them where
 * allowed (withForeignKeysCheckedOnce). */
export async function insertRejections(
  db: Db,
  districtId: string,
  batchId: string,
  rows: readonly RejectedRow[],
): Promise<void> {
  const tag = `${copyText(districtId)}\t${batchId}\t`;
  for (const c of chunks(rows, WRITE_CHUNK)) {
    const parts: string[] = [];
    for (const r of c) {
      parts.push(
        `${tag}${r.row_number}\t${copyText(r.reason)}\t${copyText(JSON.stringify(r.cells))}\n`,
      );
    }
    const copy = () =>
      copyIn(
        db,
        'copy import_rejections (district_id, batch_id, row_number, reason, cells)',
        parts.join(''),
      );
    await withForeignKeysCheckedOnce(db, 'import_rejections', copy, () =>
      batchOrphans(db, districtId, batchId),
    );
  }
}
