// Rolling back an Ed-Fi batch restores every staff table, school and value exactly as it was
// (migration 004's before-images), and refuses out of order.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import { AppError } from '../domain/shared/errors.ts';
import { rollbackBatch } from './import-batches.ts';
import { importEdFi } from './standards-import.ts';

const GRAND_BEND = path.resolve(
  import.meta.dirname,
  '../../../shared/data/edfi-grand-bend-sample-xml',
);
const DISTRICT = 'tx-255901';

let handle: DbHandle;
beforeEach(async () => {
  handle = await createTestDb();
  return () => handle.close();
});

/** Every table an Ed-Fi import touches, whole rows in key order. */
async function snapshot() {
  const db = handle.db;
  return {
    schools: await db
      .selectFrom('schools')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('id')
      .execute(),
    values: await db
      .selectFrom('measure_values')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('school_id')
      .orderBy('school_year')
      .orderBy('measure_key')
      .orderBy('student_group')
      .execute(),
    staff: await db
      .selectFrom('staff')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('id')
      .execute(),
    assignments: await db
      .selectFrom('staff_assignments')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('staff_id')
      .orderBy('school_id')
      .orderBy('school_year')
      .orderBy('role')
      .execute(),
    credentials: await db
      .selectFrom('staff_credentials')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('staff_id')
      .orderBy('credential_id')
      .execute(),
  };
}

describe('rolling back an Ed-Fi batch (Grand Bend ISD)', () => {
  it('restores every touched table exactly, newest batch first', async () => {
    const empty = await snapshot();
    const first = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    const db = handle.db;
    // Between the two imports the district's records drift: a name corrected by hand, an FTE
    // changed, a licence's status changed and another deleted, an assignment deleted, and a
    // person the files do not know added. The second import puts the file's values back.
    const buck = { district_id: DISTRICT, staff_id: '207219' };
    const [assignment] = await db
      .selectFrom('staff_assignments')
      .selectAll()
      .where('staff_id', '=', '207219')
      .execute();
    const credentials = await db
      .selectFrom('staff_credentials')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .orderBy('staff_id')
      .orderBy('credential_id')
      .limit(2)
      .execute();
    expect(assignment).toBeDefined();
    expect(credentials).toHaveLength(2);
    await db
      .updateTable('staff')
      .set({ last_name: 'Buck-Hand', batch_id: null })
      .where('district_id', '=', DISTRICT)
      .where('id', '=', '207219')
      .execute();
    await db
      .updateTable('staff_assignments')
      .set({ fte: 0.5 })
      .where('district_id', '=', DISTRICT)
      .where('staff_id', '=', buck.staff_id)
      .execute();
    await db
      .updateTable('staff_credentials')
      .set({ status: 'expired' })
      .where('district_id', '=', DISTRICT)
      .where('staff_id', '=', credentials[0]!.staff_id)
      .where('credential_id', '=', credentials[0]!.credential_id)
      .execute();
    await db
      .deleteFrom('staff_credentials')
      .where('district_id', '=', DISTRICT)
      .where('staff_id', '=', credentials[1]!.staff_id)
      .where('credential_id', '=', credentials[1]!.credential_id)
      .execute();
    const other = await db
      .selectFrom('staff_assignments')
      .selectAll()
      .where('district_id', '=', DISTRICT)
      .where('staff_id', '<>', '207219')
      .orderBy('staff_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('staff_assignments')
      .where('district_id', '=', DISTRICT)
      .where('staff_id', '=', other.staff_id)
      .where('school_id', '=', other.school_id)
      .where('school_year', '=', other.school_year)
      .where('role', '=', other.role)
      .execute();
    await db
      .insertInto('staff')
      .values({
        district_id: DISTRICT,
        id: 'hand-1',
        first_name: 'Ada',
        last_name: 'Hand',
        is_synthetic: false,
        batch_id: null,
      })
      .execute();
    const before = await snapshot();

    const second = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    expect(second.rowsWritten).toBeGreaterThanOrEqual(5);
    const after = await snapshot();
    expect(after.staff.find((s) => s.id === '207219')).toMatchObject({
      last_name: 'Buck',
      batch_id: second.batchId,
    });
    expect(after).not.toEqual(before);

    // The first batch is built on by the second (which changed its rows): refused, listed.
    const refused = await rollbackBatch(db, null, DISTRICT, first.batchId!).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).kind).toBe('conflict');
    expect((refused as AppError).message).toContain(second.batchId!);

    const undone = await rollbackBatch(db, null, DISTRICT, second.batchId!);
    // 3 changed rows put back (name, FTE, licence status); the 2 it re-inserted (a licence and
    // an assignment) removed.
    expect(undone).toMatchObject({ restored: 3, deleted: 2 });
    expect(await snapshot()).toEqual(before);
    const images = await db
      .selectFrom('import_before_images')
      .selectAll()
      .where('batch_id', '=', second.batchId!)
      .execute();
    expect(images).toEqual([]);

    // Now the first can go; the hand-added person and the hand-corrected name stay (not the
    // batch's), everything the batch inserted goes.
    await db
      .deleteFrom('staff')
      .where('district_id', '=', DISTRICT)
      .where('id', '=', 'hand-1')
      .execute();
    const result = await rollbackBatch(db, null, DISTRICT, first.batchId!);
    expect(result.restored).toBe(0);
    const final = await snapshot();
    expect(final.staff.map((s) => [s.id, s.last_name])).toEqual([['207219', 'Buck-Hand']]);
    expect({ ...final, staff: [] }).toEqual({ ...empty, staff: [] });
  });

  it('undoes a re-import that changed nothing: 0 restored, 0 deleted', async () => {
    await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    const before = await snapshot();
    const again = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    expect(again.rowsWritten).toBe(0);
    expect(await rollbackBatch(handle.db, null, DISTRICT, again.batchId!)).toMatchObject({
      restored: 0,
      deleted: 0,
    });
    expect(await snapshot()).toEqual(before);
  });
});
