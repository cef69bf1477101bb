// One Ed-Fi interchange element about students and assessments → one typed record, or a
// problem. Pure. Element names are those of Ed-Fi Data Standard v5.2
// (Interchange-AssessmentMetadata, -StudentAssessment, -StudentEnrollment, -StudentAttendance,
// -StudentDiscipline and -AssessmentRegistration .xsd).
import {
  codeValue,
  isStateAssessment,
  schoolYearOf,
  schoolYearOfDate,
  subjectOf,
} from './descriptors.ts';
import { required, SCHOOL_ID, type Parsed } from './records.ts';
import { textAt, type XmlNode } from './safe-xml.ts';

const STUDENT_ID = 'StudentReference/StudentIdentity/StudentUniqueId';

export interface AssessmentRecord {
  key: string;
  isState: boolean;
  subject: 'ela' | 'math' | null;
}

/** Lower priority wins: how directly a record says which school a student attends. */
export interface StudentLinkRecord {
  studentId: string;
  schoolId: string;
  schoolYear: number | null;
  priority: number;
}

export interface StudentResultRecord {
  studentId: string;
  assessmentKey: string;
  schoolYear: number | null;
  /** The PerformanceLevel code value; null when the student was not tested. */
  performanceLevel: string | null;
  reportedSchoolId: string | null;
}

export function parseAssessment(node: XmlNode, file: string): Parsed<AssessmentRecord> {
  const got = required(node, file, { id: 'AssessmentIdentifier' });
  if (!got.ok) return got;
  return {
    ok: true,
    record: {
      key: `${got.values.id}|${textAt(node, 'Namespace') ?? ''}`,
      isState: isStateAssessment(codeValue(textAt(node, 'AssessmentCategory'))),
      subject: subjectOf(codeValue(textAt(node, 'AcademicSubject'))),
    },
  };
}

// Where each kind of record says a student attends a school, most direct first: the
// enrollment itself (StudentSchoolAssociation, InterchangeStudentEnrollment), daily and section
// attendance, the school responsible for a discipline action, an assessment registration's
// enrollment reference.
const LINKS: Record<string, { school: string; year?: string; date?: string; priority: number }> = {
  StudentSchoolAssociation: {
    school: SCHOOL_ID,
    year: 'SchoolYear',
    date: 'EntryDate',
    priority: 1,
  },
  StudentSchoolAttendanceEvent: {
    school: SCHOOL_ID,
    year: 'SessionReference/SessionIdentity/SchoolYear',
    priority: 2,
  },
  StudentSectionAttendanceEvent: {
    school:
      'SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity/SchoolReference/SchoolIdentity/SchoolId',
    year: 'SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity/SessionReference/SessionIdentity/SchoolYear',
    priority: 3,
  },
  DisciplineAction: {
    school: 'ResponsibilitySchoolReference/SchoolIdentity/SchoolId',
    date: 'DisciplineDate',
    priority: 4,
  },
  StudentAssessmentRegistration: {
    school:
      'StudentSchoolAssociationReference/StudentSchoolAssociationIdentity/SchoolReference/SchoolIdentity/SchoolId',
    priority: 5,
  },
};
export const STUDENT_LINK_ELEMENTS = Object.keys(LINKS);

export function parseStudentLink(node: XmlNode): StudentLinkRecord | null {
  const spec = LINKS[node.name];
  const studentId =
    textAt(node, STUDENT_ID) ??
    textAt(
      node,
      'StudentSchoolAssociationReference/StudentSchoolAssociationIdentity/' + STUDENT_ID,
    );
  const schoolId = spec ? textAt(node, spec.school) : null;
  if (!spec || !studentId || !schoolId) return null;
  const schoolYear =
    (spec.year ? schoolYearOf(textAt(node, spec.year)) : null) ??
    (spec.date ? schoolYearOfDate(textAt(node, spec.date)) : null);
  return { studentId, schoolId, schoolYear, priority: spec.priority };
}

export function parseStudentResult(node: XmlNode, file: string): Parsed<StudentResultRecord> {
  const got = required(node, file, {
    studentId: STUDENT_ID,
    assessment: 'AssessmentReference/AssessmentIdentity/AssessmentIdentifier',
  });
  if (!got.ok) return got;
  const namespace = textAt(node, 'AssessmentReference/AssessmentIdentity/Namespace') ?? '';
  return {
    ok: true,
    record: {
      studentId: got.values.studentId,
      assessmentKey: `${got.values.assessment}|${namespace}`,
      schoolYear: schoolYearOf(textAt(node, 'SchoolYear')),
      performanceLevel: codeValue(textAt(node, 'PerformanceLevel/PerformanceLevel')),
      // Ed-Fi v5: the school the student was enrolled in when tested, where the source says.
      reportedSchoolId: textAt(node, 'ReportedSchoolReference/SchoolIdentity/SchoolId'),
    },
  };
}
