// The reads and writes behind the diagnostics (issue #4): every measure value of a district in
// one query (the diagnostics need every year and every student group), the schools, and the
// recorded identification runs.
import type { Db } from '../connection.ts';

/** Every measure value of the district, all years and student groups, in long form. */
export async function listDistrictMeasureValues(db: Db, districtId: string) {
  return db
    .selectFrom('measure_values')
    .select([
      'school_id',
      'school_year',
      'measure_key',
      'student_group',
      'value',
      'value_text',
      'n',
      'status',
    ])
    .where('district_id', '=', districtId)
    .execute();
}

/** The schools the diagnostics describe. */
export async function listDiagnosticSchools(db: Db, districtId: string) {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'level', 'is_title_i', 'city', 'region'])
    .where('district_id', '=', districtId)
    .orderBy('name')
    .execute();
}

export interface IdentificationRunInsert {
  districtId: string;
  id: string;
  ruleSet: unknown;
  ruleSetId: string;
  ruleSetName: string;
  schoolYear: number;
  runBy: string | null;
  results: Array<{
    schoolId: string;
    identified: boolean;
    tier: string | null;
    designations: unknown;
    reasons: readonly string[];
  }>;
}

/** Records a run and its results in one transaction; returns the recorded run_at. */
export async function insertIdentificationRun(db: Db, run: IdentificationRunInsert) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('identification_runs')
      .values({
        district_id: run.districtId,
        id: run.id,
        rule_set: JSON.stringify(run.ruleSet),
        rule_set_id: run.ruleSetId,
        rule_set_name: run.ruleSetName,
        school_year: run.schoolYear,
        run_by: run.runBy,
      })
      .returning(['run_at'])
      .executeTakeFirstOrThrow();
    if (run.results.length > 0) {
      await trx
        .insertInto('identification_results')
        .values(
          run.results.map((r) => ({
            district_id: run.districtId,
            run_id: run.id,
            school_id: r.schoolId,
            identified: r.identified,
            tier: r.tier,
            designations: JSON.stringify(r.designations),
            reasons: JSON.stringify(r.reasons),
          })),
        )
        .execute();
    }
    return row.run_at;
  });
}

const RUN_COLUMNS = [
  'identification_runs.id',
  'identification_runs.rule_set',
  'identification_runs.rule_set_id',
  'identification_runs.rule_set_name',
  'identification_runs.school_year',
  'identification_runs.run_at',
  'identification_runs.run_by',
  'users.display_name as run_by_name',
] as const;

/** The district's runs, newest first, with how many schools each identified. */
export async function listIdentificationRuns(db: Db, districtId: string) {
  return db
    .selectFrom('identification_runs')
    .leftJoin('users', 'users.id', 'identification_runs.run_by')
    .select(RUN_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom('identification_results as r')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('r.district_id', '=', 'identification_runs.district_id')
        .whereRef('r.run_id', '=', 'identification_runs.id')
        .as('schools'),
      eb
        .selectFrom('identification_results as r')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('r.district_id', '=', 'identification_runs.district_id')
        .whereRef('r.run_id', '=', 'identification_runs.id')
        .where('r.identified', '=', true)
        .as('identified'),
    ])
    .where('identification_runs.district_id', '=', districtId)
    .orderBy('identification_runs.run_at', 'desc')
    .limit(500)
    .execute();
}

export async function getIdentificationRun(db: Db, districtId: string, runId: string) {
  return db
    .selectFrom('identification_runs')
    .leftJoin('users', 'users.id', 'identification_runs.run_by')
    .select(RUN_COLUMNS)
    .where('identification_runs.district_id', '=', districtId)
    .where('identification_runs.id', '=', runId)
    .executeTakeFirst();
}

export async function listIdentificationResults(db: Db, districtId: string, runId: string) {
  return db
    .selectFrom('identification_results')
    .leftJoin('schools', (join) =>
      join
        .onRef('schools.district_id', '=', 'identification_results.district_id')
        .onRef('schools.id', '=', 'identification_results.school_id'),
    )
    .select([
      'identification_results.school_id',
      'schools.name as school_name',
      'identification_results.identified',
      'identification_results.tier',
      'identification_results.designations',
      'identification_results.reasons',
    ])
    .where('identification_results.district_id', '=', districtId)
    .where('identification_results.run_id', '=', runId)
    .orderBy('identification_results.identified', 'desc')
    .orderBy('schools.name')
    .execute();
}

/**
 * The district's data version (migration 005): bumped in the same transaction as every write the
 * diagnostics depend on. null when there is no such district.
 */
export async function getDistrictDataVersion(db: Db, districtId: string): Promise<number | null> {
  const row = await db
    .selectFrom('districts')
    .select('data_version')
    .where('id', '=', districtId)
    .executeTakeFirst();
  return row?.data_version ?? null;
}

/** For writes that the migration's triggers do not see (see markDistrictDataChanged). */
export async function bumpDistrictDataVersion(db: Db, districtId: string): Promise<void> {
  await db
    .updateTable('districts')
    .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
    .where('id', '=', districtId)
    .execute();
}
