// The practice exchange: practices, their artifacts (uploaded files), adoptions by schools, and
// schools' improvement goals (migration 007; docs/decisions/011-support.md).
import type { Insertable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  ImprovementGoalsTable,
  PracticeAdoptionsTable,
  PracticeArtifactsTable,
  PracticesTable,
} from '../schema.ts';

export async function listPracticeRows(db: Db, districtId: string) {
  return db
    .selectFrom('practices as p')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'),
    )
    .selectAll('p')
    .select('s.name as school_name')
    .where('p.district_id', '=', districtId)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id')
    .execute();
}

export async function getPracticeRow(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('practices as p')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'),
    )
    .selectAll('p')
    .select('s.name as school_name')
    .where('p.district_id', '=', districtId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function insertPracticeRow(db: Db, row: Insertable<PracticesTable>) {
  await db.insertInto('practices').values(row).execute();
}

/** Artifacts without their bytes. */
export async function listArtifactRows(db: Db, districtId: string, practiceId: string) {
  return db
    .selectFrom('practice_artifacts')
    .select(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
    .where('district_id', '=', districtId)
    .where('practice_id', '=', practiceId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function getArtifactRow(db: Db, districtId: string, practiceId: string, id: string) {
  return db
    .selectFrom('practice_artifacts')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('practice_id', '=', practiceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertArtifactRow(db: Db, row: Insertable<PracticeArtifactsTable>) {
  await db.insertInto('practice_artifacts').values(row).execute();
}

export async function countArtifactRows(db: Db, districtId: string, practiceId: string) {
  const rows = await listArtifactRows(db, districtId, practiceId);
  return rows.length;
}

export async function listAdoptionRows(db: Db, districtId: string, practiceId?: string) {
  let q = db
    .selectFrom('practice_adoptions as a')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.school_id'),
    )
    .innerJoin('practices as p', (j) =>
      j.onRef('p.district_id', '=', 'a.district_id').onRef('p.id', '=', 'a.practice_id'),
    )
    .selectAll('a')
    .select(['s.name as school_name', 'p.title as practice_title'])
    .where('a.district_id', '=', districtId);
  if (practiceId) q = q.where('a.practice_id', '=', practiceId);
  return q.orderBy('a.started_on').orderBy('s.name').execute();
}

export async function upsertAdoptionRow(db: Db, row: Insertable<PracticeAdoptionsTable>) {
  await db
    .insertInto('practice_adoptions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['district_id', 'practice_id', 'school_id']).doUpdateSet({
        started_on: row.started_on,
        status: row.status,
        notes: row.notes ?? '',
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function listGoalRows(db: Db, districtId: string) {
  return db
    .selectFrom('improvement_goals as g')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'g.district_id').onRef('s.id', '=', 'g.school_id'),
    )
    .leftJoin('measures as m', (j) =>
      j.onRef('m.district_id', '=', 'g.district_id').onRef('m.key', '=', 'g.measure_key'),
    )
    .selectAll('g')
    .select(['s.name as school_name', 'm.label as measure_label'])
    .where('g.district_id', '=', districtId)
    .orderBy('g.measure_key')
    .orderBy('g.student_group')
    .orderBy('s.name')
    .execute();
}

export async function insertGoalRow(db: Db, row: Insertable<ImprovementGoalsTable>) {
  await db.insertInto('improvement_goals').values(row).execute();
}

/** One stored figure: a pocket's value and n as they are when a practice is recorded. */
export async function getFigureRow(
  db: Db,
  districtId: string,
  key: { schoolId: string; year: number; measureKey: string; group: string },
) {
  return db
    .selectFrom('measure_values')
    .select(['value', 'value_text', 'n', 'status', 'batch_id'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', key.schoolId)
    .where('school_year', '=', key.year)
    .where('measure_key', '=', key.measureKey)
    .where('student_group', '=', key.group)
    .executeTakeFirst();
}
