// Schools, their measures and values: the reads behind the district and school pages.
import type { Db } from '../connection.ts';

export async function getDistrict(db: Db, districtId: string) {
  return db.selectFrom('districts').selectAll().where('id', '=', districtId).executeTakeFirst();
}

export async function listDistricts(db: Db) {
  return db.selectFrom('districts').selectAll().orderBy('name').execute();
}

export async function listSchools(db: Db, districtId: string) {
  return db
    .selectFrom('schools')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('name')
    .execute();
}

export async function getSchool(db: Db, districtId: string, schoolId: string) {
  return db
    .selectFrom('schools')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', schoolId)
    .executeTakeFirst();
}

export async function listMeasures(db: Db, districtId: string, keys?: readonly string[]) {
  let q = db.selectFrom('measures').selectAll().where('district_id', '=', districtId);
  if (keys) q = q.where('key', 'in', [...keys]);
  return q.orderBy('category').orderBy('key').execute();
}

export async function listYears(db: Db, districtId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('measure_values')
    .select('school_year')
    .distinct()
    .where('district_id', '=', districtId)
    .orderBy('school_year')
    .execute();
  return rows.map((r) => r.school_year);
}

/**
 * For each school and measure, the most recent year's all-students value. Uses PostgreSQL's
 * DISTINCT ON, which both engines support, so the whole district is one query.
 */
export async function latestValues(db: Db, districtId: string, keys: readonly string[]) {
  return db
    .selectFrom('measure_values')
    .select([
      'school_id',
      'measure_key',
      'school_year',
      'value',
      'value_text',
      'n',
      'status',
      'source_marker',
    ])
    .distinctOn(['school_id', 'measure_key'])
    .where('district_id', '=', districtId)
    .where('student_group', '=', 'all')
    .where('measure_key', 'in', [...keys])
    .orderBy('school_id')
    .orderBy('measure_key')
    .orderBy('school_year', 'desc')
    .execute();
}

export async function schoolValues(db: Db, districtId: string, schoolId: string) {
  return db
    .selectFrom('measure_values')
    .select([
      'measure_key',
      'student_group',
      'school_year',
      'value',
      'value_text',
      'n',
      'status',
      'source_marker',
      'batch_id',
      'source_row',
    ])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .orderBy('measure_key')
    .orderBy('student_group')
    .orderBy('school_year')
    .execute();
}

export async function batchSources(db: Db, districtId: string, batchIds: readonly string[]) {
  if (batchIds.length === 0) return [];
  return db
    .selectFrom('import_batches')
    .select(['id', 'file_name', 'source_kind', 'mapping_name', 'created_at'])
    .where('district_id', '=', districtId)
    .where('id', 'in', [...batchIds])
    .execute();
}
