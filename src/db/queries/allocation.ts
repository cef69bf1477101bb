// Allocation scenarios and funding formulas (issue #5, migration 006), and the school profile
// reads the allocation planner, the funding calculator and the comparability test build on.
import type { Db } from '../connection.ts';
import type { SchoolLevel } from '../schema.ts';

export interface ScenarioRow {
  id: string;
  name: string;
  poolUnit: 'fte' | 'dollars';
  poolAmount: number;
  rules: unknown;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SCENARIO_COLUMNS = [
  'id',
  'name',
  'pool_unit as poolUnit',
  'pool_amount as poolAmount',
  'rules',
  'created_by as createdBy',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

export async function listScenarios(db: Db, districtId: string): Promise<ScenarioRow[]> {
  return db
    .selectFrom('allocation_scenarios')
    .select(SCENARIO_COLUMNS)
    .where('district_id', '=', districtId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getScenarios(
  db: Db,
  districtId: string,
  ids: readonly string[],
): Promise<ScenarioRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('allocation_scenarios')
    .select(SCENARIO_COLUMNS)
    .where('district_id', '=', districtId)
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertScenario(
  db: Db,
  row: {
    districtId: string;
    id: string;
    name: string;
    poolUnit: 'fte' | 'dollars';
    poolAmount: number;
    rules: unknown;
    userId: string;
  },
): Promise<void> {
  await db
    .insertInto('allocation_scenarios')
    .values({
      district_id: row.districtId,
      id: row.id,
      name: row.name,
      pool_unit: row.poolUnit,
      pool_amount: row.poolAmount,
      rules: JSON.stringify(row.rules),
      created_by: row.userId,
    })
    .execute();
}

export async function updateScenario(
  db: Db,
  districtId: string,
  id: string,
  change: { name: string; poolUnit: 'fte' | 'dollars'; poolAmount: number; rules: unknown },
): Promise<number> {
  const result = await db
    .updateTable('allocation_scenarios')
    .set({
      name: change.name,
      pool_unit: change.poolUnit,
      pool_amount: change.poolAmount,
      rules: JSON.stringify(change.rules),
      updated_at: new Date(),
    })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteScenario(db: Db, districtId: string, id: string): Promise<number> {
  const result = await db
    .deleteFrom('allocation_scenarios')
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface FormulaRow {
  id: string;
  name: string;
  formula: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export async function listFormulas(db: Db, districtId: string): Promise<FormulaRow[]> {
  return db
    .selectFrom('funding_formulas')
    .select(['id', 'name', 'formula', 'created_at as createdAt', 'updated_at as updatedAt'])
    .where('district_id', '=', districtId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertFormula(
  db: Db,
  row: { districtId: string; id: string; name: string; formula: unknown; userId: string },
): Promise<void> {
  await db
    .insertInto('funding_formulas')
    .values({
      district_id: row.districtId,
      id: row.id,
      name: row.name,
      formula: JSON.stringify(row.formula),
      created_by: row.userId,
    })
    .execute();
}

export interface SchoolProfileRow {
  id: string;
  name: string;
  level: SchoolLevel;
  gradeSpan: string | null;
  isTitleI: boolean | null;
}

export async function listSchoolProfiles(db: Db, districtId: string): Promise<SchoolProfileRow[]> {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'level', 'grade_span as gradeSpan', 'is_title_i as isTitleI'])
    .where('district_id', '=', districtId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Reported all-students values of the given measures in one school year. */
export async function listYearValues(
  db: Db,
  districtId: string,
  year: number,
  measureKeys: readonly string[],
): Promise<Array<{ schoolId: string; measureKey: string; value: number | null }>> {
  if (measureKeys.length === 0) return [];
  return db
    .selectFrom('measure_values')
    .select(['school_id as schoolId', 'measure_key as measureKey', 'value'])
    .where('district_id', '=', districtId)
    .where('school_year', '=', year)
    .where('student_group', '=', 'all')
    .where('status', '=', 'reported')
    .where('measure_key', 'in', [...measureKeys])
    .execute();
}

/**
 * Instructional staff FTE by school in one school year: teachers and specialist teachers, the
 * staff ED's comparability guidance counts (Title I Fiscal Issues guidance, comparability).
 */
export async function sumInstructionalFte(
  db: Db,
  districtId: string,
  year: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('staff_assignments')
    .select((eb) => ['school_id as schoolId', eb.fn.sum<number>('fte').as('fte')])
    .where('district_id', '=', districtId)
    .where('school_year', '=', year)
    .where('role', 'in', ['teacher', 'specialist'])
    .groupBy('school_id')
    .execute();
  return new Map(rows.map((r) => [r.schoolId, Number(r.fte)]));
}

export async function listStaffSchoolYears(db: Db, districtId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('staff_assignments')
    .select('school_year')
    .distinct()
    .where('district_id', '=', districtId)
    .orderBy('school_year')
    .execute();
  return rows.map((r) => r.school_year);
}
