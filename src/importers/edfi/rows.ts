// An Ed-Fi extract → the rows Tandem stores: schools, staff, their assignments and licences,
// and school measure values. Pure: the extract and the tallies in, rows and problems out.
import type {
  ImportedAssignment as AssignmentRow,
  ImportedCredential as CredentialRow,
  ImportedStaff as StaffRow,
} from '../../db/queries/staff-import.ts';
import type { SchoolRecord, ValueRecord } from '../apply.ts';
import { scaleNumber } from '../values.ts';
import type { EdFiExtract, ResultSkip, ResultTallies } from './extract.ts';
import type { EdFiProblem, EdOrgRecord } from './records.ts';

export type EdFiSkip =
  ResultSkip | 'assignment_not_at_school' | 'assignment_other_year' | 'district_rating';

export interface EdFiRows {
  /** The local education agency the files describe (the district), when there is one. */
  lea: EdOrgRecord | null;
  schoolYear: number | null;
  schools: SchoolRecord[];
  staff: StaffRow[];
  assignments: AssignmentRow[];
  credentials: CredentialRow[];
  values: ValueRecord[];
  skipped: Record<EdFiSkip, number>;
  problems: EdFiProblem[];
}

const SUBJECT_MEASURES = {
  all: 'achievement_score',
  ela: 'ela_pct_proficient',
  math: 'math_pct_proficient',
} as const;

export function buildEdFiRows(
  extract: EdFiExtract,
  tallies: ResultTallies,
  options: { schoolYear?: number },
): EdFiRows {
  const problems = [...extract.problems, ...tallies.problems];
  const skipped: Record<EdFiSkip, number> = {
    ...tallies.skipped,
    assignment_not_at_school: 0,
    assignment_other_year: 0,
    district_rating: 0,
  };
  const problem = (
    at: { file: string; line: number },
    element: string,
    value: string,
    reason: string,
  ) => problems.push({ ...at, element, value, reason });
  const leas = [...extract.leas.values()];
  const schoolYear = options.schoolYear ?? (extract.years.size ? Math.max(...extract.years) : null);

  const schools: SchoolRecord[] = [...extract.schools.values()].map((s) => ({
    id: s.id,
    name: s.name,
    stateId: s.stateId,
    ncesId: s.ncesId,
    level: s.level,
    gradeSpan: s.gradeSpan,
    isTitleI: s.isTitleI,
    street: s.street,
    city: s.city,
    state: s.state,
    zip: s.zip,
    latitude: null,
    longitude: null,
    region: null,
  }));

  const staff = [...extract.staff.values()].map(({ id, firstName, lastName }) => ({
    id,
    firstName,
    lastName,
  }));

  // Licences: each staff member's CredentialReference, resolved to its Credential element.
  const credentials = new Map<string, CredentialRow>();
  for (const s of extract.staff.values()) {
    for (const key of s.credentialKeys) {
      const c = extract.credentials.get(key);
      if (!c) {
        problem(
          s,
          'CredentialReference',
          key.replace(/\|$/, ''),
          'is a credential the files do not define',
        );
        continue;
      }
      credentials.set(`${s.id} ${c.id}`, {
        staffId: s.id,
        credentialId: c.id,
        status: c.status,
        subject: c.subject,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
      });
    }
  }

  // Assignments in force during the school year (1 July of Y−1 to 30 June of Y).
  const assignments = new Map<string, AssignmentRow>();
  if (schoolYear === null && extract.assignments.length > 0) {
    const first = extract.assignments[0]!;
    problem(
      first,
      'BeginDate',
      first.beginDate,
      'no record names a school year; give the import one',
    );
  }
  const hired = earliestHireDates(extract);
  const subjectsOf = new Map<string, string[]>();
  for (const ss of extract.staffSchools) {
    const key = `${ss.staffId} ${ss.schoolId}`;
    subjectsOf.set(key, [...(subjectsOf.get(key) ?? []), ...ss.subjects]);
  }
  for (const a of schoolYear === null ? [] : extract.assignments) {
    const person = extract.staff.get(a.staffId);
    if (!person) {
      problem(a, 'StaffUniqueId', a.staffId, 'is a staff member the files do not define');
      continue;
    }
    if (!extract.schools.has(a.edOrgId)) {
      if (extract.leas.has(a.edOrgId)) skipped.assignment_not_at_school++;
      else
        problem(
          a,
          'EducationOrganizationId',
          a.edOrgId,
          'is an education organization the files do not define',
        );
      continue;
    }
    if (
      a.beginDate > `${schoolYear}-06-30` ||
      (a.endDate !== null && a.endDate < `${schoolYear! - 1}-07-01`)
    ) {
      skipped.assignment_other_year++;
      continue;
    }
    const fte = a.fte ?? 1;
    const key = `${a.staffId} ${a.edOrgId} ${a.role}`;
    const before = assignments.get(key);
    const total = (before?.fte ?? 0) + fte;
    if (!(fte > 0) || total > 1.5) {
      problem(
        a,
        'FullTimeEquivalency',
        String(a.fte),
        'is not a full-time equivalency above 0 (at most 1.5 in all)',
      );
      continue;
    }
    const isTeacher = a.role === 'teacher';
    const subjects = subjectsOf.get(`${a.staffId} ${a.edOrgId}`) ?? [];
    assignments.set(key, {
      staffId: a.staffId,
      schoolId: a.edOrgId,
      schoolYear: schoolYear!,
      role: a.role,
      fte: total,
      subject: isTeacher && subjects.length ? [...new Set(subjects)].join(', ') : null,
      // HighlyQualifiedTeacher is "highly qualified for his/her assignment" (Ed-Fi Staff): for a
      // teacher, in field; for other roles it says nothing.
      isInField: isTeacher ? person.isHighlyQualified : null,
      yearsExperience: yearsOfExperience(
        person.priorTeachingYears,
        hired.get(a.staffId),
        schoolYear!,
      ),
    });
  }

  const values: ValueRecord[] = [];
  const rated = new Map<string, string>();
  for (const r of extract.ratings) {
    if (!extract.schools.has(r.edOrgId)) {
      if (extract.leas.has(r.edOrgId)) skipped.district_rating++;
      else
        problem(
          r,
          'EducationOrganizationId',
          r.edOrgId,
          'is an education organization the files do not define',
        );
      continue;
    }
    const key = `${r.edOrgId} ${r.schoolYear}`;
    const before = rated.get(key);
    if (before !== undefined && before !== r.rating) {
      problem(
        r,
        'Rating',
        r.rating,
        `is a second accountability rating for ${key} (the first: ${before})`,
      );
      continue;
    }
    if (before !== undefined) continue;
    rated.set(key, r.rating);
    values.push(value(r.edOrgId, r.schoolYear, 'accountability_rating', null, r.rating, null));
  }
  for (const [key, bySubject] of tallies.tallies) {
    const [schoolId = '', year = ''] = key.split('|');
    for (const [subject, t] of bySubject) {
      const pct = scaleNumber(t.proficient / t.tests, 100);
      values.push(value(schoolId, Number(year), SUBJECT_MEASURES[subject], pct, null, t.tests));
    }
  }

  return {
    lea: leas.length === 1 ? leas[0]! : null,
    schoolYear,
    schools,
    staff,
    assignments: [...assignments.values()],
    credentials: [...credentials.values()],
    values,
    skipped,
    problems,
  };
}

function value(
  schoolId: string,
  schoolYear: number,
  measureKey: string,
  v: number | null,
  text: string | null,
  n: number | null,
): ValueRecord {
  return {
    schoolId,
    schoolYear,
    measureKey,
    studentGroup: 'all',
    value: v,
    valueText: text,
    n,
    status: 'reported',
    marker: null,
  };
}

function earliestHireDates(extract: EdFiExtract): Map<string, string> {
  const hired = new Map<string, string>();
  for (const e of extract.employment) {
    const before = hired.get(e.staffId);
    if (e.hireDate && (!before || e.hireDate < before)) hired.set(e.staffId, e.hireDate);
  }
  return hired;
}

/**
 * Years of teaching experience at the start of the school year. YearsOfPriorTeachingExperience
 * counts the years "prior to employment with the education organization" (Ed-Fi Staff), so the
 * whole years since the earliest HireDate are added; with no prior count the total is unknown.
 */
export function yearsOfExperience(
  prior: number | null,
  hireDate: string | undefined,
  schoolYear: number,
): number | null {
  if (prior === null) return null;
  if (!hireDate) return prior;
  const start = `${schoolYear - 1}-07-01`;
  if (hireDate >= start) return prior;
  const [y = 0, m = 0, d = 0] = hireDate.split('-').map(Number);
  const [sy, sm, sd] = [schoolYear - 1, 7, 1];
  const whole = sy - y - (sm < m || (sm === m && sd < d) ? 1 : 0);
  return prior + Math.max(0, whole);
}
