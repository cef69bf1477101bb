// The import's writes. Where the session may, the per-row foreign-key triggers are skipped for
// new rows and each chunk is checked once instead (import-writes.ts); these tests hold that to
// what the triggers guaranteed, on PGlite and on PostgreSQL alike, and check that a session
// which may not skip them still writes, with the triggers checking each row.
import { randomBytes } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../connection.ts';
import { makeBatch, makeDistrict, makeMeasure, makeSchool } from '../factories.ts';
import type { MeasureValuesTable } from '../schema.ts';
import { createTestDb } from '../testing.ts';
import {
  copyNewValues,
  findRepeatedKeys,
  insertRejections,
  logKeys,
  startKeyLog,
  upsertMeasureValues,
  valueColumnsOf,
} from './import-writes.ts';

let handle: DbHandle;
let db: Db;

// The first database of a process builds the migrated template (testing.ts): minutes on a busy
// machine.
beforeEach(async () => {
  handle = await createTestDb();
  db = handle.db;
}, 600_000);
afterEach(async () => {
  await handle.close();
});

async function setUp() {
  const district = await makeDistrict(db);
  const school = await makeSchool(db, district.id);
  await makeMeasure(db, district.id, { key: 'grad_rate' });
  const batchId = await makeBatch(db, district.id);
  const value = (schoolId: string, measureKey: string, batch = batchId) => ({
    district_id: district.id,
    school_id: schoolId,
    school_year: 2019,
    measure_key: measureKey,
    student_group: 'all',
    value: 91.5,
    value_text: null,
    n: 120,
    status: 'reported' as const,
    source_marker: null,
    batch_id: batch,
  });
  return { district, school, batchId, value };
}

/** Where `count` keys came from: rows 2, 3, … in order. */
const origins = (count: number) => ({
  line: Array.from({ length: count }, (_, i) => i + 2),
  seq: Array.from({ length: count }, (_, i) => i),
});

const countValues = async () =>
  Number(
    (await sql<{ n: number }>`select count(*)::integer as n from measure_values`.execute(db))
      .rows[0]?.n,
  );

describe('upsertMeasureValues', () => {
  it('inserts new values, counts them, and leaves the triggers on afterwards', async () => {
    const { school, value } = await setUp();
    const role = await db.transaction().execute(async (trx) => {
      expect(await upsertMeasureValues(trx, [value(school.id, 'grad_rate')])).toBe(1);
      // The same row again changes nothing.
      expect(await upsertMeasureValues(trx, [value(school.id, 'grad_rate')])).toBe(0);
      const { rows } = await sql<{
        role: string;
      }>`select current_setting('session_replication_role') as role`.execute(trx);
      return rows[0]?.role;
    });
    expect(role).toBe('origin');
    expect(await countValues()).toBe(1);
  });

  it.each([
    ['a school', { school: 'NO-SUCH-SCHOOL', measure: 'grad_rate', batch: false }],
    ['a measure', { school: '', measure: 'no_such_measure', batch: false }],
    ['a batch', { school: '', measure: 'grad_rate', batch: true }],
  ])(
    'refuses a value whose %s does not exist, and the transaction writes nothing',
    async (_, c) => {
      const { school, value } = await setUp();
      const rows = [
        value(school.id, 'grad_rate'),
        value(
          c.school || school.id,
          c.measure,
          c.batch ? '00000000-0000-4000-8000-000000000000' : undefined,
        ),
      ];
      rows[1] = { ...rows[1]!, school_year: 2020 };
      const attempt = db.transaction().execute((trx) => upsertMeasureValues(trx, rows));
      await expect(attempt).rejects.toMatchObject({ code: '23503' });
      expect(await countValues()).toBe(0);
    },
  );
});

describe('copyNewValues', () => {
  /** copyNewValues on a fresh key log, and how many keys the log holds after (none: startKeyLog). */
  async function copyAndCountKeys(
    trx: Db,
    districtId: string,
    batchId: string,
    rows: Array<Insertable<MeasureValuesTable>>,
  ) {
    await startKeyLog(trx);
    const columns = valueColumnsOf(rows);
    const copied = await copyNewValues(trx, districtId, batchId, columns, origins(rows.length));
    const { rows: counted } = await sql<{
      n: number;
    }>`select count(*)::integer as n from pg_temp.import_keys`.execute(trx);
    return { copied, keys: counted[0]?.n };
  }

  it('copies new values exactly with their lines, logs no key, and leaves the triggers on', async () => {
    const { district, school, batchId, value } = await setUp();
    await makeMeasure(db, district.id, { key: 'note' });
    const awkward = 'tab\there, a line\nbreak, a back\\slash and \\N';
    const rows: Array<Insertable<MeasureValuesTable>> = [
      value(school.id, 'grad_rate'),
      { ...value(school.id, 'note'), value: null, value_text: awkward, n: null },
      {
        ...value(school.id, 'grad_rate'),
        school_year: 2018,
        value: null,
        status: 'suppressed' as const,
        source_marker: '<10\r',
      },
    ];
    const result = await db.transaction().execute(async (trx) => {
      const { copied, keys } = await copyAndCountKeys(trx, district.id, batchId, rows);
      const { rows: role } = await sql<{
        role: string;
      }>`select current_setting('session_replication_role') as role`.execute(trx);
      return { copied, keys, role: role[0]?.role };
    });
    expect(result).toEqual({ copied: 3, keys: 0, role: 'origin' });
    const stored = await db
      .selectFrom('measure_values')
      .select([
        'measure_key',
        'school_year',
        'value',
        'value_text',
        'n',
        'status',
        'source_marker',
        'source_row',
      ])
      .orderBy(['measure_key', 'school_year'])
      .execute();
    expect(stored).toEqual([
      {
        measure_key: 'grad_rate',
        school_year: 2018,
        value: null,
        value_text: null,
        n: 120,
        status: 'suppressed',
        source_marker: '<10\r',
        source_row: 4,
      },
      {
        measure_key: 'grad_rate',
        school_year: 2019,
        value: 91.5,
        value_text: null,
        n: 120,
        status: 'reported',
        source_marker: null,
        source_row: 2,
      },
      {
        measure_key: 'note',
        school_year: 2019,
        value: null,
        value_text: awkward,
        n: null,
        status: 'reported',
        source_marker: null,
        source_row: 3,
      },
    ]);
  });

  it('gives way to the upsert, keeping nothing, when a value exists already', async () => {
    const { district, school, batchId, value } = await setUp();
    await upsertMeasureValues(db, [value(school.id, 'grad_rate')]);
    const rows = [
      { ...value(school.id, 'grad_rate'), school_year: 2020 },
      value(school.id, 'grad_rate'),
    ];
    // The transaction goes on: nothing of the chunk is left, keys included.
    const outcome = await db
      .transaction()
      .execute((trx) => copyAndCountKeys(trx, district.id, batchId, rows));
    expect(outcome).toEqual({ copied: null, keys: 0 });
    expect(await countValues()).toBe(1);
  });

  it('finds a repeat whose first occurrence went in by COPY, and only real repeats', async () => {
    const { district, school, batchId, value } = await setUp();
    const other = await makeSchool(db, district.id);
    const rows = [value(school.id, 'grad_rate'), value(other.id, 'grad_rate')];
    // Rows 2 and 3 went in by COPY.
    const copiedLines = { districtId: district.id, batchId, first: [2], last: [3] };
    const { found, unknownCopies } = await db.transaction().execute(async (trx) => {
      await startKeyLog(trx);
      await copyNewValues(trx, district.id, batchId, valueColumnsOf(rows), origins(2));
      // Row 9 gives the first school's value again; row 10 a school (no year, measure, group)
      // with the same id, which is not the same key.
      await logKeys(trx, {
        line: [9, 10],
        seq: [7, 8],
        schoolId: [school.id, school.id],
        schoolYear: [2019, null],
        measureKey: ['grad_rate', null],
        studentGroup: ['all', null],
      });
      return {
        found: await findRepeatedKeys(trx, 10, copiedLines),
        // Told of no COPY, the search finds no first occurrence in measure_values.
        unknownCopies: await findRepeatedKeys(trx, 10, { ...copiedLines, first: [], last: [] }),
      };
    });
    expect(unknownCopies).toEqual({ total: 0, repeats: [] });
    expect(found).toEqual({
      total: 1,
      repeats: [
        {
          row: 9,
          firstRow: 2,
          schoolId: school.id,
          schoolYear: 2019,
          measureKey: 'grad_rate',
          studentGroup: 'all',
        },
      ],
    });
  });

  it('refuses values whose school does not exist, and the transaction writes nothing', async () => {
    const { district, school, batchId, value } = await setUp();
    const rows = [value(school.id, 'grad_rate'), value('NO-SUCH-SCHOOL', 'grad_rate')];
    const attempt = db.transaction().execute(async (trx) => {
      await startKeyLog(trx);
      return copyNewValues(trx, district.id, batchId, valueColumnsOf(rows), origins(2));
    });
    await expect(attempt).rejects.toMatchObject({ code: '23503' });
    expect(await countValues()).toBe(0);
  });
});

describe('insertRejections', () => {
  it('keeps every rejected row with its reason and its cells exactly', async () => {
    const { district, batchId } = await setUp();
    const awkward = ['say "hi"', 'a line\nbreak\r', 'a\ttab', 'é, ü', 'back\\slash', '', '=1+2'];
    const rows = Array.from({ length: 5002 }, (_, i) => ({
      row_number: i + 2,
      reason: i === 0 ? 'spg: "x" is not a number' : 'the row has 2 cells',
      cells: i === 0 ? awkward : [String(i), 'x'],
    }));
    await db.transaction().execute((trx) => insertRejections(trx, district.id, batchId, rows));
    const stored = await db
      .selectFrom('import_rejections')
      .select(['row_number', 'reason', 'cells'])
      .where('batch_id', '=', batchId)
      .orderBy('row_number')
      .execute();
    expect(stored).toHaveLength(5002);
    expect(stored[0]).toEqual({ row_number: 2, reason: rows[0]!.reason, cells: awkward });
    expect(stored[5001]).toEqual({
      row_number: 5003,
      reason: 'the row has 2 cells',
      cells: ['5001', 'x'],
    });
  });

  it('refuses rows of a batch that does not exist, and leaves the triggers on', async () => {
    const { district } = await setUp();
    const missing = '00000000-0000-4000-8000-000000000000';
    const attempt = db.transaction().execute(async (trx) => {
      await insertRejections(trx, district.id, missing, [
        { row_number: 2, reason: 'x', cells: ['a'] },
      ]);
    });
    await expect(attempt).rejects.toMatchObject({ code: '23503' });
    const { rows } = await sql<{
      role: string;
    }>`select current_setting('session_replication_role') as role`.execute(db);
    expect(rows[0]?.role).toBe('origin');
    expect(await db.selectFrom('import_rejections').selectAll().execute()).toEqual([]);
  });
});

describe('a session that may not turn the per-row triggers off', () => {
  /** Makes `trx` run as a new role that is no superuser, with the rights an app role has. The
   * role is created in the transaction, so it goes when the transaction ends without commit. */
  async function asAppRole(trx: Db) {
    const role = sql.id(`tandem_app_${randomBytes(4).toString('hex')}`);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
    const schema = sql.id(rows[0]!.schema);
    await sql`create role ${role} nologin nosuperuser`.execute(trx);
    await sql`grant usage on schema ${schema} to ${role}`.execute(trx);
    await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`.execute(
      trx,
    );
    // PGlite reads COPY's input as a file ('/dev/blob'), which takes this role; the app runs
    // there as superuser. A server's COPY FROM STDIN takes nothing more.
    if (handle.kind === 'pglite') await sql`grant pg_read_server_files to ${role}`.execute(trx);
    await sql`set local role ${role}`.execute(trx);
  }

  it('copies, upserts and keeps rejected rows, with the triggers checking each row', async () => {
    const { district, school, batchId, value } = await setUp();
    const rows = Array.from({ length: 3 }, (_, i) => ({
      ...value(school.id, 'grad_rate'),
      school_year: 2017 + i,
    }));
    const outcome = await db.transaction().execute(async (trx) => {
      await asAppRole(trx);
      await startKeyLog(trx);
      const copied = await copyNewValues(
        trx,
        district.id,
        batchId,
        valueColumnsOf(rows),
        origins(3),
      );
      const changed = await upsertMeasureValues(trx, [
        { ...rows[0]!, value: 50 },
        { ...rows[0]!, school_year: 2020 },
      ]);
      await insertRejections(trx, district.id, batchId, [
        { row_number: 7, reason: 'x', cells: ['a'] },
      ]);
      const { rows: seen } = await sql<{ role: string; values: number; rejected: number }>`
        select current_setting('session_replication_role') as role,
          (select count(*)::integer from measure_values) as values,
          (select count(*)::integer from import_rejections) as rejected`.execute(trx);
      // The triggers catch a missing school (the error aborts the transaction, so that the role
      // and everything above go with it).
      const missingSchool = await copyNewValues(
        trx,
        district.id,
        batchId,
        valueColumnsOf([value('NO-SUCH-SCHOOL', 'grad_rate')]),
        origins(1),
      ).then(
        () => 'written',
        (error: unknown) => (error as { code?: string }).code,
      );
      return { copied, changed, ...seen[0], missingSchool };
    });
    expect(outcome).toEqual({
      copied: 3,
      changed: 2,
      role: 'origin',
      values: 4,
      rejected: 1,
      missingSchool: '23503',
    });
    expect(await countValues()).toBe(0);
  });
});
