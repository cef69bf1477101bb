// upsertMeasureValues's references: on PGlite the per-row foreign-key triggers are skipped for
// the insert and the chunk is checked once instead (import-writes.ts); these tests hold it to
// what the triggers guaranteed, and run unchanged on PostgreSQL, where the triggers stay.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../connection.ts';
import { makeBatch, makeDistrict, makeMeasure, makeSchool } from '../factories.ts';
import { createTestDb } from '../testing.ts';
import { upsertMeasureValues } from './import-writes.ts';

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
