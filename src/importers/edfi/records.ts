// One Ed-Fi interchange element → one typed record, or a problem: education organizations,
// ratings and staff. Pure. Element names are those of Ed-Fi Data Standard v5.2
// (Interchange-EducationOrganization.xsd and Interchange-StaffAssociation.xsd); students and
// assessments are in student-records.ts.
import type { CredentialStatus, SchoolLevel, StaffRole } from '../../db/schema.ts';
import {
  codeValue,
  credentialStatus,
  gradeNumber,
  isTitleIDesignation,
  levelOfCategory,
  roleOfClassification,
  schoolYearOf,
} from './descriptors.ts';
import { gradeSpanOf, levelForGrades } from './grade-levels.ts';
import { childAt, childrenNamed, textAt, type XmlNode } from './safe-xml.ts';

export interface EdFiProblem {
  file: string;
  line: number;
  element: string;
  value: string | null;
  reason: string;
}

export interface EdOrgRecord {
  kind: 'lea' | 'school';
  id: string;
  /** The bulk-XML `id` attribute other elements may `ref` ('LEAG_255901'). */
  xmlId: string | null;
  name: string;
  /** The LEA a school belongs to: its id, or the `ref` to the LEA element. */
  leaRef: string | null;
  stateId: string | null;
  ncesId: string | null;
  level: SchoolLevel;
  gradeSpan: string | null;
  isTitleI: boolean | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
}

export interface RatingRecord {
  edOrgId: string;
  schoolYear: number;
  rating: string;
}

export interface StaffRecord {
  id: string;
  firstName: string;
  lastName: string;
  /** YearsOfPriorTeachingExperience: years taught before joining this employer (Ed-Fi). */
  priorTeachingYears: number | null;
  /** HighlyQualifiedTeacher: highly qualified for the assignment under the state definition. */
  isHighlyQualified: boolean | null;
  credentialKeys: string[];
}

export interface CredentialRecord {
  key: string;
  id: string;
  status: CredentialStatus;
  subject: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
}

export interface AssignmentRecord {
  staffId: string;
  edOrgId: string;
  role: StaffRole;
  beginDate: string;
  endDate: string | null;
  fte: number | null;
}

export interface StaffSchoolRecord {
  staffId: string;
  schoolId: string;
  subjects: string[];
}

export interface EmploymentRecord {
  staffId: string;
  hireDate: string | null;
}

export type Parsed<T> = { ok: true; record: T } | { ok: false; problem: EdFiProblem };

const STAFF_ID = 'StaffReference/StaffIdentity/StaffUniqueId';
const EDORG_ID =
  'EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId';
export const SCHOOL_ID = 'SchoolReference/SchoolIdentity/SchoolId';

/** Reads the required paths of an element, or names the first that is missing. */
export function required<K extends string>(
  node: XmlNode,
  file: string,
  paths: Record<K, string>,
): { ok: true; values: Record<K, string> } | { ok: false; problem: EdFiProblem } {
  const values: Partial<Record<K, string>> = {};
  for (const key in paths) {
    const text = textAt(node, paths[key]);
    if (text === null) {
      const reason = `has no ${paths[key]}`;
      return {
        ok: false,
        problem: { file, line: node.line, element: node.name, value: null, reason },
      };
    }
    values[key] = text;
  }
  if (!isComplete(values, paths)) throw new Error('unreachable: every path was read');
  return { ok: true, values };
}

function isComplete<K extends string>(
  values: Partial<Record<K, string>>,
  paths: Record<K, string>,
): values is Record<K, string> {
  return Object.keys(paths).every((k) => k in values);
}

const num = (text: string | null) =>
  text === null || !Number.isFinite(Number(text)) ? null : Number(text);
const bool = (text: string | null) =>
  text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : null;

function identificationCode(node: XmlNode, systems: readonly string[]): string | null {
  for (const code of childrenNamed(node, 'EducationOrganizationIdentificationCode')) {
    const system = codeValue(textAt(code, 'EducationOrganizationIdentificationSystem'));
    if (system && systems.includes(system.toUpperCase())) return textAt(code, 'IdentificationCode');
  }
  return null;
}

export function parseEdOrg(node: XmlNode, file: string): Parsed<EdOrgRecord> {
  const kind = node.name === 'School' ? 'school' : 'lea';
  const idPath = kind === 'school' ? 'SchoolId' : 'LocalEducationAgencyId';
  const got = required(node, file, { id: idPath, name: 'NameOfInstitution' });
  if (!got.ok) return got;
  const addresses = childrenNamed(node, 'Address');
  const address =
    addresses.find((a) => codeValue(textAt(a, 'AddressType')) === 'Physical') ?? addresses[0];
  const grades = childrenNamed(node, 'GradeLevel')
    .map((g) => gradeNumber(codeValue(g.text.trim()) ?? ''))
    .filter((g): g is number => g !== null);
  const category = codeValue(textAt(node, 'SchoolCategory'));
  // The school's own category where it names a level, else the NCES rule on its grades.
  const level =
    (category ? levelOfCategory(category) : null) ??
    (grades.length ? levelForGrades(grades) : 'other');
  const leaRef = childAt(node, 'LocalEducationAgencyReference');
  const titleI = codeValue(textAt(node, 'TitleIPartASchoolDesignation'));
  return {
    ok: true,
    record: {
      kind,
      id: got.values.id,
      xmlId: node.attrs.id ?? null,
      name: got.values.name,
      leaRef: leaRef
        ? (textAt(leaRef, 'LocalEducationAgencyIdentity/LocalEducationAgencyId') ??
          leaRef.attrs.ref ??
          null)
        : null,
      stateId: identificationCode(node, ['SEA', 'STATE']),
      ncesId: identificationCode(node, ['NCES']),
      level,
      gradeSpan: gradeSpanOf(grades),
      isTitleI: titleI === null ? null : isTitleIDesignation(titleI),
      street: address ? textAt(address, 'StreetNumberName') : null,
      city: address ? textAt(address, 'City') : null,
      state: address ? codeValue(textAt(address, 'StateAbbreviation')) : null,
      zip: address ? textAt(address, 'PostalCode') : null,
    },
  };
}

export function parseRating(node: XmlNode, file: string): Parsed<RatingRecord> {
  const got = required(node, file, { edOrgId: EDORG_ID, rating: 'Rating', year: 'SchoolYear' });
  if (!got.ok) return got;
  const schoolYear = schoolYearOf(got.values.year);
  if (schoolYear === null) {
    const problem = {
      file,
      line: node.line,
      element: 'SchoolYear',
      value: got.values.year,
      reason: 'is not a school year',
    };
    return { ok: false, problem };
  }
  return {
    ok: true,
    record: { edOrgId: got.values.edOrgId, rating: got.values.rating, schoolYear },
  };
}

export function parseStaff(node: XmlNode, file: string): Parsed<StaffRecord> {
  const got = required(node, file, {
    id: 'StaffUniqueId',
    firstName: 'Name/FirstName',
    lastName: 'Name/LastSurname',
  });
  if (!got.ok) return got;
  return {
    ok: true,
    record: {
      ...got.values,
      priorTeachingYears: num(textAt(node, 'YearsOfPriorTeachingExperience')),
      isHighlyQualified: bool(textAt(node, 'HighlyQualifiedTeacher')),
      credentialKeys: childrenNamed(node, 'CredentialReference').flatMap((ref) => {
        const id = textAt(ref, 'CredentialIdentity/CredentialIdentifier');
        const state = codeValue(textAt(ref, 'CredentialIdentity/StateOfIssueStateAbbreviation'));
        return id ? [`${id}|${state ?? ''}`] : [];
      }),
    },
  };
}

export function parseCredential(node: XmlNode, file: string): Parsed<CredentialRecord> {
  const got = required(node, file, { id: 'CredentialIdentifier' });
  if (!got.ok) return got;
  const state = codeValue(textAt(node, 'StateOfIssueStateAbbreviation'));
  return {
    ok: true,
    record: {
      key: `${got.values.id}|${state ?? ''}`,
      id: got.values.id,
      status: credentialStatus(codeValue(textAt(node, 'TeachingCredential'))),
      subject: codeValue(textAt(node, 'CredentialField')),
      issuedOn: textAt(node, 'IssuanceDate'),
      expiresOn: textAt(node, 'ExpirationDate'),
    },
  };
}

export function parseAssignment(node: XmlNode, file: string): Parsed<AssignmentRecord> {
  const got = required(node, file, {
    staffId: STAFF_ID,
    edOrgId: EDORG_ID,
    classification: 'StaffClassification',
    beginDate: 'BeginDate',
  });
  if (!got.ok) return got;
  return {
    ok: true,
    record: {
      staffId: got.values.staffId,
      edOrgId: got.values.edOrgId,
      role: roleOfClassification(codeValue(got.values.classification) ?? ''),
      beginDate: got.values.beginDate,
      endDate: textAt(node, 'EndDate'),
      fte: num(textAt(node, 'FullTimeEquivalency')),
    },
  };
}

export function parseStaffSchool(node: XmlNode, file: string): Parsed<StaffSchoolRecord> {
  const got = required(node, file, { staffId: STAFF_ID, schoolId: SCHOOL_ID });
  if (!got.ok) return got;
  const subjects = childrenNamed(node, 'AcademicSubject')
    .map((s) => codeValue(s.text.trim()))
    .filter((s): s is string => s !== null);
  return { ok: true, record: { ...got.values, subjects } };
}

export function parseEmployment(node: XmlNode, file: string): Parsed<EmploymentRecord> {
  const got = required(node, file, { staffId: STAFF_ID });
  if (!got.ok) return got;
  return {
    ok: true,
    record: { staffId: got.values.staffId, hireDate: textAt(node, 'EmploymentPeriod/HireDate') },
  };
}
