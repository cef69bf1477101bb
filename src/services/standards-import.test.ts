import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { countImportedRows } from '../db/queries/imports.ts';
import { countStaffRows } from '../db/queries/staff-import.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { importEdFi, importOneRoster } from './standards-import.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const GRAND_BEND = path.join(DATA, 'edfi-grand-bend-sample-xml');
const SDS = path.join(DATA, 'oneroster-msft-sds-samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-standards-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

let handle: DbHandle;
beforeEach(async () => {
  handle = await createTestDb();
  return () => handle.close();
});

const districtRows = (districtId: string) =>
  Promise.all([countImportedRows(handle.db, districtId), countStaffRows(handle.db, districtId)]);

describe('importEdFi (Grand Bend ISD sample, Ed-Fi DS 5.2)', () => {
  it('loads the district, 3 schools, 68 staff, licences, ratings and assessment results', async () => {
    const summary = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    expect(summary).toMatchObject({
      districtId: 'tx-255901',
      sourceKind: 'edfi',
      schoolYear: 2022,
      counts: { schools: 3, staff: 68, assignments: 65, credentials: 56, values: 9 },
    });
    // 4 of 69 assignments are left out: 3 are to the district office, 1 starts after 2021-22.
    expect(summary.skipped).toMatchObject({
      assignment_not_at_school: 3,
      assignment_other_year: 1,
      district_rating: 1,
      not_tested: 2,
      no_school: 18,
    });
    const db = handle.db;
    const district = await db.selectFrom('districts').selectAll().executeTakeFirstOrThrow();
    expect(district).toMatchObject({ id: 'tx-255901', name: 'Grand Bend ISD', state: 'TX' });
    const schools = await db.selectFrom('schools').selectAll().orderBy('id').execute();
    expect(schools.map((s) => [s.id, s.name, s.level, s.grade_span])).toEqual([
      ['255901001', 'Grand Bend High School', 'high', '9-12'],
      ['255901044', 'Grand Bend Middle School', 'middle', '6-8'],
      ['255901107', 'Grand Bend Elementary School', 'elementary', '1-5'],
    ]);
    expect(schools[2]).toMatchObject({ street: '52 Halsey Ave.', zip: '73334', is_title_i: false });

    // Read by hand from StaffAssociation.xml: Earnest Buck (207219), 1st grade teacher, 20 prior
    // years, hired 2018-02-09 (3 whole years by 1 July 2021), HighlyQualifiedTeacher 0.
    const staff = await db.selectFrom('staff').selectAll().where('id', '=', '207219').execute();
    expect(staff).toMatchObject([
      { first_name: 'Earnest', last_name: 'Buck', is_synthetic: false },
    ]);
    const assignment = (id: string) =>
      db.selectFrom('staff_assignments').selectAll().where('staff_id', '=', id).execute();
    expect(await assignment('207219')).toMatchObject([
      {
        school_id: '255901107',
        school_year: 2022,
        role: 'teacher',
        fte: 1,
        is_in_field: false,
        years_experience: 23,
        subject: 'English Language Arts, Mathematics, Social Studies, Science',
      },
    ]);
    // Chadwick Garner (207246), principal: 9 prior years, hired 2021-09-02; a Master licence.
    expect(await assignment('207246')).toMatchObject([
      { role: 'principal', years_experience: 9, is_in_field: null },
    ]);
    const licences = await db
      .selectFrom('staff_credentials')
      .selectAll()
      .where('staff_id', '=', '207246')
      .execute();
    expect(licences).toMatchObject([
      {
        credential_id: '414204572747',
        status: 'full',
        subject: 'Physical Education',
        issued_on: '2004-08-27',
        expires_on: '2005-08-27',
      },
    ]);
    // The counselor split half and half between the high and the middle school.
    expect((await assignment('207283')).map((a) => [a.school_id, a.role, a.fte])).toEqual([
      ['255901001', 'specialist', 0.5],
      ['255901044', 'specialist', 0.5],
    ]);

    const values = await db
      .selectFrom('measure_values')
      .select(['school_id', 'measure_key', 'value', 'value_text', 'n', 'school_year'])
      .orderBy('school_id')
      .orderBy('measure_key')
      .execute();
    const at = (school: string, key: string) =>
      values.find((v) => v.school_id === school && v.measure_key === key);
    expect(at('255901107', 'accountability_rating')).toMatchObject({
      value_text: 'Exemplary',
      school_year: 2022,
    });
    expect(at('255901001', 'accountability_rating')?.value_text).toBe('Academically Acceptable');
    // State assessment, grade 5: of 6 linked students, 5 met the math standard and 4 reading.
    expect(at('255901107', 'math_pct_proficient')).toMatchObject({ n: 6 });
    expect(at('255901107', 'math_pct_proficient')?.value).toBeCloseTo(83.33, 2);
    expect(at('255901107', 'ela_pct_proficient')?.value).toBeCloseTo(66.67, 2);
    expect(at('255901107', 'achievement_score')).toMatchObject({ value: 75, n: 12 });
    expect(at('255901044', 'achievement_score')).toMatchObject({ value: 50, n: 2 });
  });

  it('changes nothing when the same files are imported again', async () => {
    const first = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    const before = await districtRows(first.districtId);
    const again = await importEdFi(handle.db, null, { paths: [GRAND_BEND] });
    expect(again.rowsWritten).toBe(0);
    expect(again.fileSha256).toBe(first.fileSha256);
    const after = await districtRows(first.districtId);
    expect(after).toEqual([{ ...before[0], batches: 2 }, before[1]]);
    const batchIds = await handle.db
      .selectFrom('measure_values')
      .select('batch_id')
      .distinct()
      .execute();
    expect(batchIds).toEqual([{ batch_id: first.batchId }]);
  });

  it('refuses a DOCTYPE (external entity) with the file and line, and writes nothing', async () => {
    const dir = folder('hostile', {
      'EducationOrganization.xml': fs.readFileSync(
        path.join(GRAND_BEND, 'EducationOrganization.xml'),
        'utf8',
      ),
      'Staff.xml':
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' +
        '<InterchangeStaffAssociation xmlns="http://ed-fi.org/5.2.0"><Staff>' +
        '<StaffUniqueId>1</StaffUniqueId><Name><FirstName>&e;</FirstName>' +
        '<LastSurname>X</LastSurname></Name></Staff></InterchangeStaffAssociation>\n',
    });
    const error = await rejection(importEdFi(handle.db, null, { paths: [dir] }));
    expect(error.message).toBe(
      'Staff.xml:2: the document has a DOCTYPE; DTDs and entity declarations are refused',
    );
    expect(error.problems).toEqual([
      { field: 'Staff.xml:2', message: expect.stringContaining('DOCTYPE') },
    ]);
    expect(await handle.db.selectFrom('districts').selectAll().execute()).toEqual([]);
    expect(await handle.db.selectFrom('import_batches').selectAll().execute()).toEqual([]);
  });

  it('reports every problem with file, line and element, and writes nothing', async () => {
    const { id: districtId } = await makeDistrict(handle.db);
    const dir = folder('broken', {
      'Staff.xml':
        '<InterchangeStaffAssociation xmlns="http://ed-fi.org/5.2.0">\n' +
        '<Staff><StaffUniqueId>1</StaffUniqueId><Name><FirstName>A</FirstName></Name></Staff>\n' +
        '<StaffSchoolAssociation><StaffReference><StaffIdentity><StaffUniqueId>1' +
        '</StaffUniqueId></StaffIdentity></StaffReference></StaffSchoolAssociation>\n' +
        '</InterchangeStaffAssociation>\n',
    });
    const error = await rejection(importEdFi(handle.db, null, { districtId, paths: [dir] }));
    expect(error.problems).toEqual([
      { field: 'Staff.xml:2:Staff', message: 'has no Name/LastSurname' },
      {
        field: 'Staff.xml:3:StaffSchoolAssociation',
        message: 'has no SchoolReference/SchoolIdentity/SchoolId',
      },
    ]);
    expect(await districtRows(districtId)).toMatchObject([{ batches: 0 }, { staff: 0 }]);
  });

  it('lets only data importers of the same district import', async () => {
    const { id: districtId } = await makeDistrict(handle.db);
    const actor = (role: 'analyst' | 'teacher', district = districtId): Actor => ({
      userId: '00000000-0000-4000-8000-000000000001',
      districtId: district,
      username: 'u',
      displayName: 'U',
      staffId: null,
      grants: [{ role, schoolId: null }],
    });
    const forbidden = (a: Actor) =>
      rejection(importEdFi(handle.db, a, { districtId, paths: [GRAND_BEND] }));
    expect((await forbidden(actor('teacher'))).kind).toBe('forbidden');
    expect((await forbidden(actor('analyst', 'elsewhere'))).kind).toBe('forbidden');
    const summary = await importEdFi(handle.db, actor('analyst'), { paths: [GRAND_BEND] });
    expect(summary.districtId).toBe(districtId);
  });
});

describe('importOneRoster (Microsoft SDS samples)', () => {
  it('loads SDS v2.1 (OneRoster 1.1 files with a 1.2-style roles.csv)', async () => {
    const { id: districtId } = await makeDistrict(handle.db);
    const summary = await importOneRoster(handle.db, null, {
      districtId,
      dir: path.join(SDS, 'sds-v2.1'),
    });
    // The school year comes from the schoolYear session's dates (2021-08-24 – 2022-06-11).
    expect(summary).toMatchObject({
      schoolYear: 2022,
      counts: { schools: 1, staff: 1, assignments: 1, values: 1, credentials: 0 },
    });
    const db = handle.db;
    expect(await db.selectFrom('schools').select(['id', 'name']).execute()).toEqual([
      { id: '110003', name: 'School of TwoDotOne' },
    ]);
    // Kristen Fein is a teacher at the ministry (not a school) and at the school.
    expect(
      await db.selectFrom('staff').select(['id', 'first_name', 'last_name']).execute(),
    ).toEqual([{ id: '114007', first_name: 'Kristen', last_name: 'Fein' }]);
    expect(
      await db.selectFrom('staff_assignments').select(['school_id', 'role']).execute(),
    ).toEqual([{ school_id: '110003', role: 'teacher' }]);
    // Biology 10 has 3 students; the college's class does not count.
    expect(
      await db.selectFrom('measure_values').select(['measure_key', 'value', 'n']).execute(),
    ).toEqual([{ measure_key: 'enrollment', value: 3, n: 3 }]);
    const again = await importOneRoster(handle.db, null, {
      districtId,
      dir: path.join(SDS, 'sds-v2.1'),
    });
    expect(again.rowsWritten).toBe(0);
  });

  it('loads SDS v2 (role and orgSourcedIds in users.csv), given the school year', async () => {
    const { id: districtId } = await makeDistrict(handle.db);
    const dir = path.join(SDS, 'sds-v2');
    const error = await rejection(importOneRoster(handle.db, null, { districtId, dir }));
    expect(error.problems).toEqual([
      {
        field: 'academicSessions.csv:0:',
        message: 'gives no school year (no schoolYear session); give the import one',
      },
    ]);
    const summary = await importOneRoster(handle.db, null, { districtId, dir, schoolYear: 2022 });
    expect(summary.counts).toMatchObject({ schools: 2, staff: 2, assignments: 2, values: 2 });
    const values = await handle.db
      .selectFrom('measure_values')
      .select(['school_id', 'value'])
      .orderBy('school_id')
      .execute();
    // Algebra 1 (Contoso) has 6 students, Algebra 2 (Fabrikam) 8.
    expect(values).toEqual([
      { school_id: '10001', value: 6 },
      { school_id: '10002', value: 8 },
    ]);
  });

  it('reports missing columns, blank cells and broken references by file, row and column', async () => {
    const { id: districtId } = await makeDistrict(handle.db);
    const dir = folder('roster', {
      'orgs.csv': 'sourcedId,name,type\ns1,North School,school\ns2,,school\n',
      'users.csv': 'sourcedId,givenName,familyName,role,orgSourcedIds\nt1,Ann,Lee,teacher,s9\n',
      'classes.csv': 'sourcedId,title\nc1,Math\n',
      'enrollments.csv': 'classSourcedId,userSourcedId,role\nc1,u404,student\n',
    });
    const error = await rejection(
      importOneRoster(handle.db, null, { districtId, dir, schoolYear: 2024 }),
    );
    expect(error.problems).toEqual([
      { field: 'orgs.csv:3:name', message: '"" is blank' },
      { field: 'users.csv:2:orgSourcedIds', message: '"s9" is not an org in the export' },
      {
        field: 'classes.csv:1:schoolSourcedId or orgSourcedId',
        message: 'the header has no column "schoolSourcedId or orgSourcedId"',
      },
      { field: 'enrollments.csv:2:userSourcedId', message: '"u404" is not a user in the export' },
    ]);
    expect(await districtRows(districtId)).toMatchObject([{ schools: 0, batches: 0 }, {}]);
  });
});
