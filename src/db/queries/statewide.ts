// The state's school-level reference figures (migration 009): written by a statewide load
// (src/services/statewide-import.ts), read by the equity report's statewide comparison
// (src/services/equity-statewide.ts), deleted with their batch on rollback. The figures in force
// for a state and year are the latest committed batch's rows for it (a snapshot per load).
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../connection.ts';
import type { StatewideSchoolFiguresTable } from '../schema.ts';

export type StatewideRow = Selectable<StatewideSchoolFiguresTable>;

/** Rows of one statement: 29 parameters a row keeps a chunk under PostgreSQL's 65,535. */
const CHUNK = 1000;

export async function insertStatewideRows(
  db: Db,
  rows: readonly Insertable<StatewideSchoolFiguresTable>[],
): Promise<number> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await db
      .insertInto('statewide_school_figures')
      .values(rows.slice(start, start + CHUNK))
      .execute();
  }
  return rows.length;
}

export interface StatewideLoad {
  state: string;
  schoolYear: number;
  batchId: string;
  fileName: string;
  createdAt: Date;
  schools: number;
}

/** Every committed batch with rows, per state and year, newest first. */
export async function listStatewideLoads(db: Db, districtId: string): Promise<StatewideLoad[]> {
  const { rows } = await sql<StatewideLoad>`
    with loads as (
      select state, school_year, batch_id, count(*)::int as schools
      from statewide_school_figures
      where district_id = ${districtId}
      group by state, school_year, batch_id
    )
    select l.state, l.school_year as "schoolYear", l.batch_id as "batchId",
      b.file_name as "fileName", b.created_at as "createdAt", l.schools
    from loads l
    join import_batches b on b.district_id = ${districtId} and b.id = l.batch_id
    where b.status = 'committed'
    order by l.state, l.school_year, b.created_at desc, b.id desc
  `.execute(db);
  return rows.map((r) => ({ ...r, schoolYear: Number(r.schoolYear) }));
}

/** For each state and year with rows: the load in force (the latest committed one). */
export async function listStatewideSnapshots(db: Db, districtId: string): Promise<StatewideLoad[]> {
  const seen = new Set<string>();
  return (await listStatewideLoads(db, districtId)).filter((l) => {
    const key = `${l.state}|${l.schoolYear}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The rows in force for a state, for the given years (every year when omitted). */
export async function listStatewideRows(
  db: Db,
  districtId: string,
  state: string,
  years?: readonly number[],
): Promise<StatewideRow[]> {
  const snapshots = (await listStatewideSnapshots(db, districtId)).filter(
    (s) => s.state === state && (years === undefined || years.includes(s.schoolYear)),
  );
  if (snapshots.length === 0) return [];
  return db
    .selectFrom('statewide_school_figures')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('state', '=', state)
    .where('batch_id', 'in', [...new Set(snapshots.map((s) => s.batchId))])
    .where(
      'school_year',
      'in',
      snapshots.map((s) => s.schoolYear),
    )
    .orderBy('school_year')
    .orderBy('school_code')
    .execute()
    .then((rows) => {
      // A batch may hold several years and an older batch a year since reloaded: keep the pairs.
      const inForce = new Set(snapshots.map((s) => `${s.schoolYear}|${s.batchId}`));
      return rows.filter((r) => inForce.has(`${r.school_year}|${r.batch_id}`));
    });
}

/** Deletes a rolled-back batch's statewide rows; returns how many. */
export async function deleteStatewideRowsOfBatch(
  db: Db,
  districtId: string,
  batchId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('statewide_school_figures')
    .where('district_id', '=', districtId)
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
