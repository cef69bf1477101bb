// A OneRoster 1.1 / 1.2 CSV export → schools, staff with their school assignments, and each
// school's enrollment (distinct students enrolled in its classes), with problems by file, row
// and column. Field names follow the 1EdTech OneRoster v1.1 CSV binding (orgs, users,
// classes, enrollments, academicSessions) and v1.2 (roles.csv, which replaces the users' role
// and orgSourcedIds columns).
import { createHash } from 'node:crypto';
import type { StaffRole } from '../../db/schema.ts';
import type { SchoolRecord, ValueRecord } from '../apply.ts';
import { schoolYearOfDate } from '../edfi/descriptors.ts';
import type {
  ImportedAssignment as AssignmentRow,
  ImportedStaff as StaffRow,
} from '../../db/queries/staff-import.ts';
import { firstOf, hasTable, readTable, type RosterProblem } from './tables.ts';

export interface RosterRead {
  schoolYear: number | null;
  schools: SchoolRecord[];
  staff: StaffRow[];
  assignments: AssignmentRow[];
  values: ValueRecord[];
  /** Staff whose roles are all at organizations that are not schools (a district office). */
  staffWithoutSchool: number;
  problems: RosterProblem[];
  files: Array<{ file: string; sha256: string }>;
  sha256: string;
}

// Roles that make a user staff (v1.1 RoleType; v1.2 adds principal and siteAdministrator).
// OneRoster does not say what an administrator does, so the role is 'other', not a guess.
const STAFF_ROLES: Record<string, StaffRole> = {
  teacher: 'teacher',
  principal: 'principal',
  administrator: 'other',
  siteadministrator: 'other',
  districtadministrator: 'other',
};

interface Org {
  name: string;
  type: string;
  identifier: string;
}

interface Context {
  dir: string;
  report: (problem: RosterProblem) => void;
  /** Called with each file's hash once it has been read to the end. */
  done: (file: string) => (sha256: string) => void;
  /** A reference to a record the export does not have. */
  missing: (file: string, row: number, column: string, value: string, what: string) => void;
}

export async function readOneRoster(
  dir: string,
  options: { schoolYear?: number } = {},
): Promise<RosterRead> {
  const problems: RosterProblem[] = [];
  const report = (p: RosterProblem) => problems.push(p);
  const files: Array<{ file: string; sha256: string }> = [];
  const context: Context = {
    dir,
    report,
    done: (file) => (sha256) => files.push({ file, sha256 }),
    missing: (file, row, column, value, what) =>
      report({ file, row, column, value, reason: `is not ${what} in the export` }),
  };
  for (const file of ['orgs.csv', 'users.csv']) {
    if (!(await hasTable(dir, file))) {
      report({ file, row: 0, column: null, value: null, reason: 'is missing (it is required)' });
    }
  }
  if (problems.length > 0) return emptyRead(problems);

  const orgs = await readOrgs(context);
  const isSchool = (orgId: string) => orgs.get(orgId)?.type === 'school';
  const { users, staffRoles } = await readUsersAndRoles(context, orgs);
  const schoolYear = options.schoolYear ?? (await sessionYear(context));
  const students = await readEnrollments(context, orgs, users);

  const staffIds = new Set(staffRoles.map((r) => r.userId));
  const atSchool = staffRoles.filter((r) => isSchool(r.orgId));
  if ((atSchool.length > 0 || students.size > 0) && schoolYear === null) {
    const reason = 'gives no school year (no schoolYear session); give the import one';
    report({ file: 'academicSessions.csv', row: 0, column: null, value: null, reason });
  }
  const assignments = new Map<string, AssignmentRow>();
  for (const r of atSchool) {
    if (schoolYear === null) break;
    assignments.set(`${r.userId} ${r.orgId} ${r.role}`, {
      staffId: r.userId,
      schoolId: r.orgId,
      schoolYear,
      role: r.role,
      fte: 1, // OneRoster carries no FTE
      subject: null,
      isInField: null,
      yearsExperience: null,
    });
  }
  const hash = createHash('sha256');
  for (const f of files.toSorted((a, b) => a.file.localeCompare(b.file))) {
    hash.update(`${f.file} ${f.sha256}\n`);
  }
  return {
    schoolYear,
    schools: [...orgs].filter(([id]) => isSchool(id)).map(([id, org]) => schoolRecord(id, org)),
    staff: [...staffIds].map((id) => ({
      id,
      firstName: users.get(id)!.first,
      lastName: users.get(id)!.last,
    })),
    assignments: [...assignments.values()],
    values:
      schoolYear === null
        ? []
        : [...students].map(([schoolId, ids]) => enrollment(schoolId, schoolYear, ids.size)),
    staffWithoutSchool: staffIds.size - new Set(atSchool.map((r) => r.userId)).size,
    problems,
    files,
    sha256: hash.digest('hex'),
  };
}

async function readOrgs({ dir, report, done }: Context): Promise<Map<string, Org>> {
  const orgs = new Map<string, Org>();
  const spec = { required: ['sourcedId', 'name', 'type'] };
  for await (const row of readTable(dir, 'orgs.csv', spec, report, done('orgs.csv'))) {
    const id = row.get('sourcedId');
    if (orgs.has(id)) repeated(report, 'orgs.csv', row.line, id);
    orgs.set(id, {
      name: row.get('name'),
      type: row.get('type').toLowerCase(),
      identifier: row.get('identifier'),
    });
  }
  return orgs;
}

const repeated = (report: Context['report'], file: string, row: number, value: string) =>
  report({ file, row, column: 'sourcedId', value, reason: 'repeats a sourcedId given before' });

/** Users, and the staff roles they hold: v1.2 and SDS v2.1 give roles in roles.csv, v1.1 in
 * users.csv (role, orgSourcedIds). */
async function readUsersAndRoles(context: Context, orgs: ReadonlyMap<string, Org>) {
  const { dir, report, done, missing } = context;
  const hasRoles = await hasTable(dir, 'roles.csv');
  const own = hasRoles ? [] : ['role', 'orgSourcedIds'];
  const userSpec = { required: ['sourcedId', 'givenName', 'familyName', ...own] };
  const users = new Map<string, { first: string; last: string }>();
  const staffRoles: Array<{ userId: string; orgId: string; role: StaffRole }> = [];
  const addRole = (file: string, line: number, userId: string, orgId: string, role: string) => {
    const column = hasRoles ? 'orgSourcedId' : 'orgSourcedIds';
    if (!orgs.has(orgId)) return missing(file, line, column, orgId, 'an org');
    const staffRole = STAFF_ROLES[role.toLowerCase()];
    if (staffRole) staffRoles.push({ userId, orgId, role: staffRole });
  };
  for await (const row of readTable(dir, 'users.csv', userSpec, report, done('users.csv'))) {
    const id = row.get('sourcedId');
    if (users.has(id)) repeated(report, 'users.csv', row.line, id);
    users.set(id, { first: row.get('givenName'), last: row.get('familyName') });
    if (hasRoles) continue;
    const orgIds = row.get('orgSourcedIds').split(',');
    for (const orgId of orgIds.map((o) => o.trim()).filter(Boolean)) {
      addRole('users.csv', row.line, id, orgId, row.get('role'));
    }
  }
  if (hasRoles) {
    const spec = { required: ['userSourcedId', 'orgSourcedId', 'role'] };
    for await (const row of readTable(dir, 'roles.csv', spec, report, done('roles.csv'))) {
      const userId = row.get('userSourcedId');
      if (!users.has(userId)) missing('roles.csv', row.line, 'userSourcedId', userId, 'a user');
      else addRole('roles.csv', row.line, userId, row.get('orgSourcedId'), row.get('role'));
    }
  }
  return { users, staffRoles };
}

/** The distinct students enrolled in each school's classes (a class's school is
 * schoolSourcedId on the enrollment in v1.1, else the class's school or org). */
async function readEnrollments(
  context: Context,
  orgs: ReadonlyMap<string, Org>,
  users: ReadonlyMap<string, unknown>,
): Promise<Map<string, Set<string>>> {
  const { dir, report, done, missing } = context;
  const students = new Map<string, Set<string>>();
  if (!(await hasTable(dir, 'enrollments.csv'))) return students;
  const classSchool = new Map<string, string>();
  const SCHOOL = ['schoolSourcedId', 'orgSourcedId'];
  if (await hasTable(dir, 'classes.csv')) {
    const spec = { required: ['sourcedId'], oneOf: [SCHOOL] };
    for await (const row of readTable(dir, 'classes.csv', spec, report, done('classes.csv'))) {
      const orgId = firstOf(row, SCHOOL);
      if (!orgs.has(orgId)) missing('classes.csv', row.line, 'schoolSourcedId', orgId, 'an org');
      else classSchool.set(row.get('sourcedId'), orgId);
    }
  }
  const spec = { required: ['classSourcedId', 'userSourcedId', 'role'] };
  const file = 'enrollments.csv';
  for await (const row of readTable(dir, file, spec, report, done(file))) {
    const userId = row.get('userSourcedId');
    const classId = row.get('classSourcedId');
    const orgId = row.get('schoolSourcedId') || classSchool.get(classId);
    if (!users.has(userId)) missing(file, row.line, 'userSourcedId', userId, 'a user');
    else if (orgId === undefined) missing(file, row.line, 'classSourcedId', classId, 'a class');
    else if (row.get('role').toLowerCase() === 'student' && orgs.get(orgId)?.type === 'school') {
      students.set(orgId, (students.get(orgId) ?? new Set()).add(userId));
    }
  }
  return students;
}

/**
 * The school year of the export: its latest schoolYear-type academic session. The session's
 * dates decide (school year Y runs 1 July of Y−1 to 30 June of Y): v1.1 says schoolYear is the
 * year the school year ends, but exports disagree (the SDS sample writes 2021 for 2021-08-24 to
 * 2022-06-11), and dates are unambiguous. Without dates, schoolYear is read as the standard says.
 */
async function sessionYear({ dir, report, done }: Context): Promise<number | null> {
  const file = 'academicSessions.csv';
  if (!(await hasTable(dir, file))) return null;
  let latest: number | null = null;
  const spec = { required: ['sourcedId', 'type'] };
  for await (const row of readTable(dir, file, spec, report, done(file))) {
    if (row.get('type').toLowerCase() !== 'schoolyear') continue;
    const written = row.get('schoolYear');
    const year = schoolYearOfDate(row.get('startDate') || null) ?? (Number(written) || null);
    if (year === null) {
      report({
        file,
        row: row.line,
        column: 'schoolYear',
        value: written,
        reason: 'is not a year',
      });
    } else latest = Math.max(latest ?? year, year);
  }
  return latest;
}

function schoolRecord(id: string, org: Org): SchoolRecord {
  return {
    id,
    name: org.name,
    stateId: org.identifier || null,
    ncesId: null,
    level: 'other', // OneRoster orgs carry no grades
    gradeSpan: null,
    isTitleI: null,
    street: null,
    city: null,
    state: null,
    zip: null,
    latitude: null,
    longitude: null,
    region: null,
  };
}

function enrollment(schoolId: string, schoolYear: number, count: number): ValueRecord {
  return {
    schoolId,
    schoolYear,
    measureKey: 'enrollment',
    studentGroup: 'all',
    value: count,
    valueText: null,
    n: count,
    status: 'reported',
    marker: null,
  };
}

function emptyRead(problems: RosterProblem[]): RosterRead {
  const sha256 = createHash('sha256').digest('hex');
  const none = { schools: [], staff: [], assignments: [], values: [], files: [] };
  return { schoolYear: null, ...none, staffWithoutSchool: 0, problems, sha256 };
}
