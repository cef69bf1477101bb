// Partner matching: schools' places, strong schools' stated capacities, and recorded match runs
// (partners and principal placement alike; migration 008).
import type { Db } from '../connection.ts';
import type { MatchRunKind, SchoolLevel } from '../schema.ts';

export interface MatchingSchoolRow {
  id: string;
  name: string;
  level: SchoolLevel;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

export async function listMatchingSchools(
  db: Db,
  districtId: string,
): Promise<MatchingSchoolRow[]> {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'level', 'city', 'latitude', 'longitude'])
    .where('district_id', '=', districtId)
    .orderBy('id')
    .execute();
}

export async function listPartnerCapacities(db: Db, districtId: string) {
  return db
    .selectFrom('partner_capacities')
    .select(['school_id as schoolId', 'capacity', 'note'])
    .where('district_id', '=', districtId)
    .orderBy('school_id')
    .execute();
}

export async function upsertPartnerCapacity(
  db: Db,
  row: { districtId: string; schoolId: string; capacity: number; note: string; setBy: string },
) {
  await db
    .insertInto('partner_capacities')
    .values({
      district_id: row.districtId,
      school_id: row.schoolId,
      capacity: row.capacity,
      note: row.note,
      set_by: row.setBy,
    })
    .onConflict((oc) =>
      oc.columns(['district_id', 'school_id']).doUpdateSet({
        capacity: row.capacity,
        note: row.note,
        set_by: row.setBy,
        set_at: new Date(),
      }),
    )
    .execute();
}

export interface NewMatchRun {
  districtId: string;
  id: string;
  kind: MatchRunKind;
  schoolYear: number;
  settings: unknown;
  inputs: unknown;
  result: unknown;
  objective: number;
  summary: string;
  runBy: string;
}

export async function insertMatchRun(db: Db, run: NewMatchRun) {
  await db
    .insertInto('match_runs')
    .values({
      district_id: run.districtId,
      id: run.id,
      kind: run.kind,
      school_year: run.schoolYear,
      settings: JSON.stringify(run.settings),
      inputs: JSON.stringify(run.inputs),
      result: JSON.stringify(run.result),
      objective: run.objective,
      summary: run.summary,
      run_by: run.runBy,
    })
    .execute();
}

const runColumns = [
  'r.id',
  'r.kind',
  'r.school_year as schoolYear',
  'r.objective',
  'r.summary',
  'r.run_at as runAt',
  'r.run_by as runBy',
  'u.display_name as runByName',
] as const;

export async function listMatchRuns(db: Db, districtId: string, kind: MatchRunKind) {
  return db
    .selectFrom('match_runs as r')
    .leftJoin('users as u', 'u.id', 'r.run_by')
    .select(runColumns)
    .where('r.district_id', '=', districtId)
    .where('r.kind', '=', kind)
    .orderBy('r.run_at', 'desc')
    .limit(200)
    .execute();
}

export async function getMatchRun(db: Db, districtId: string, kind: MatchRunKind, id: string) {
  return db
    .selectFrom('match_runs as r')
    .leftJoin('users as u', 'u.id', 'r.run_by')
    .select([...runColumns, 'r.settings', 'r.inputs', 'r.result'])
    .where('r.district_id', '=', districtId)
    .where('r.kind', '=', kind)
    .where('r.id', '=', id)
    .executeTakeFirst();
}
