// Loading a district's figures for the diagnostics (issue #4): measure_values in long form
// (docs/decisions/003-data-model.md) become one SchoolYearFigures per school and year, with the
// all-students figures in `values` and each published student group in `groups`. The domain
// functions in src/domain/diagnostics read only these.
import type { Db } from '../db/connection.ts';
import { listDiagnosticSchools, listDistrictMeasureValues } from '../db/queries/diagnostics.ts';
import type { MeasureValuesTable, SchoolLevel } from '../db/schema.ts';
import type { Figure, SchoolYearFigures } from '../domain/diagnostics/types.ts';
import { isStudentGroup, type StudentGroup } from '../domain/shared/catalogue.ts';

export interface DiagnosticSchool {
  id: string;
  name: string;
  level: SchoolLevel;
  isTitleI: boolean | null;
  city: string | null;
  /** The district's own region, set by a directory import's `region` field. */
  region: string | null;
}

export interface DiagnosticData {
  schools: Map<string, DiagnosticSchool>;
  rows: SchoolYearFigures[];
  /** Every school year with at least one figure, ascending. */
  years: number[];
}

type ValueRow = Pick<
  MeasureValuesTable,
  | 'school_id'
  | 'school_year'
  | 'measure_key'
  | 'student_group'
  | 'value'
  | 'value_text'
  | 'n'
  | 'status'
>;

/** Long-form rows → one SchoolYearFigures per school and year, in school then year order. */
export function buildSchoolYearFigures(
  schools: ReadonlyMap<string, DiagnosticSchool>,
  values: readonly ValueRow[],
): SchoolYearFigures[] {
  const byKey = new Map<
    string,
    SchoolYearFigures & { groups: Partial<Record<StudentGroup, Record<string, Figure>>> }
  >();
  for (const v of values) {
    const school = schools.get(v.school_id);
    if (school === undefined) continue;
    const group = v.student_group;
    if (!isStudentGroup(group)) continue;
    const key = `${v.school_id}\u0000${v.school_year}`;
    let row = byKey.get(key);
    if (row === undefined) {
      row = {
        schoolId: v.school_id,
        year: v.school_year,
        level: school.level,
        isTitleI: school.isTitleI,
        values: {},
        groups: {},
      };
      byKey.set(key, row);
    }
    const figure: Figure = { value: v.value, text: v.value_text, status: v.status, n: v.n };
    if (group === 'all') (row.values as Record<string, Figure>)[v.measure_key] = figure;
    else (row.groups[group] ??= {})[v.measure_key] = figure;
  }
  return [...byKey.values()].sort(
    (a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0) || a.year - b.year,
  );
}

/** Every school and every figure of a district: two queries. */
export async function loadDiagnosticData(db: Db, districtId: string): Promise<DiagnosticData> {
  const [schoolRows, values] = await Promise.all([
    listDiagnosticSchools(db, districtId),
    listDistrictMeasureValues(db, districtId),
  ]);
  const schools = new Map(
    schoolRows.map((s) => [
      s.id,
      {
        id: s.id,
        name: s.name,
        level: s.level,
        isTitleI: s.is_title_i,
        city: s.city,
        region: s.region,
      } satisfies DiagnosticSchool,
    ]),
  );
  const rows = buildSchoolYearFigures(schools, values);
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  return { schools, rows, years };
}
