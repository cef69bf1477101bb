// What an Ed-Fi import keeps from the interchanges, gathered record by record. Pass one keeps
// the education organizations, ratings, staff records, assessment metadata and every link of a
// student to a school; pass two streams StudentAssessment records and keeps only running counts
// per school, year and subject, so memory grows with students and staff, not with results.
import {
  isProficient,
  NOT_PROFICIENT_LEVELS,
  PROFICIENT_LEVELS,
  type PerformanceLevels,
} from './descriptors.ts';
import {
  parseAssignment,
  parseCredential,
  parseEdOrg,
  parseEmployment,
  parseRating,
  parseStaff,
  parseStaffSchool,
  type AssignmentRecord,
  type CredentialRecord,
  type EdFiProblem,
  type EdOrgRecord,
  type EmploymentRecord,
  type Parsed,
  type RatingRecord,
  type StaffRecord,
  type StaffSchoolRecord,
} from './records.ts';
import {
  parseAssessment,
  parseStudentLink,
  parseStudentResult,
  STUDENT_LINK_ELEMENTS,
  type AssessmentRecord,
  type StudentLinkRecord,
  type StudentResultRecord,
} from './student-records.ts';
import type { XmlNode } from './safe-xml.ts';

export const PASS_ONE_ELEMENTS: ReadonlySet<string> = new Set([
  'LocalEducationAgency',
  'School',
  'AccountabilityRating',
  'Staff',
  'Credential',
  'StaffEducationOrganizationAssignmentAssociation',
  'StaffSchoolAssociation',
  'StaffEducationOrganizationEmploymentAssociation',
  'Assessment',
  ...STUDENT_LINK_ELEMENTS,
]);
export const PASS_TWO_ELEMENTS: ReadonlySet<string> = new Set(['StudentAssessment']);

/** The interchanges whose records either pass reads (others are not opened past their root). */
export const USED_INTERCHANGES: ReadonlySet<string> = new Set([
  'InterchangeEducationOrganization',
  'InterchangeStaffAssociation',
  'InterchangeAssessmentMetadata',
  'InterchangeStudentAssessment',
  'InterchangeStudentEnrollment',
  'InterchangeStudentAttendance',
  'InterchangeStudentDiscipline',
  'InterchangeAssessmentRegistration',
]);

export const DEFAULT_PERFORMANCE_LEVELS: PerformanceLevels = {
  proficient: PROFICIENT_LEVELS,
  notProficient: NOT_PROFICIENT_LEVELS,
};

interface Located {
  file: string;
  line: number;
}

export class EdFiExtract {
  readonly leas = new Map<string, EdOrgRecord>();
  readonly schools = new Map<string, EdOrgRecord>();
  readonly ratings: Array<RatingRecord & Located> = [];
  readonly staff = new Map<string, StaffRecord & Located>();
  readonly credentials = new Map<string, CredentialRecord>();
  readonly assignments: Array<AssignmentRecord & Located> = [];
  readonly staffSchools: StaffSchoolRecord[] = [];
  readonly employment: EmploymentRecord[] = [];
  readonly assessments = new Map<string, AssessmentRecord>();
  /** Every school year a record names, to find the year the extract is about. */
  readonly years = new Set<number>();
  readonly problems: EdFiProblem[] = [];
  private readonly links = new Map<string, Map<string, StudentLinkRecord>>();
  private readonly xmlIds = new Map<string, string>();

  /** Pass one: one element of a used interchange. */
  add(node: XmlNode, file: string): void {
    const keep = <T>(parsed: Parsed<T>, store: (record: T) => void) => {
      if (parsed.ok) store(parsed.record);
      else this.problems.push(parsed.problem);
    };
    const at = { file, line: node.line };
    switch (node.name) {
      case 'LocalEducationAgency':
      case 'School':
        return keep(parseEdOrg(node, file), (org) => {
          const into = org.kind === 'school' ? this.schools : this.leas;
          if (into.has(org.id)) this.duplicate(node, file, org.id);
          into.set(org.id, org);
          if (org.xmlId) this.xmlIds.set(org.xmlId, org.id);
        });
      case 'AccountabilityRating':
        return keep(parseRating(node, file), (r) => {
          this.ratings.push({ ...r, ...at });
          this.years.add(r.schoolYear);
        });
      case 'Staff':
        return keep(parseStaff(node, file), (s) => {
          if (this.staff.has(s.id)) this.duplicate(node, file, s.id);
          this.staff.set(s.id, { ...s, ...at });
        });
      case 'Credential':
        return keep(parseCredential(node, file), (c) => this.credentials.set(c.key, c));
      case 'StaffEducationOrganizationAssignmentAssociation':
        return keep(parseAssignment(node, file), (a) => this.assignments.push({ ...a, ...at }));
      case 'StaffSchoolAssociation':
        return keep(parseStaffSchool(node, file), (a) => this.staffSchools.push(a));
      case 'StaffEducationOrganizationEmploymentAssociation':
        return keep(parseEmployment(node, file), (e) => this.employment.push(e));
      case 'Assessment':
        return keep(parseAssessment(node, file), (a) => this.assessments.set(a.key, a));
      default: {
        const link = parseStudentLink(node);
        if (!link) return;
        if (link.schoolYear !== null) this.years.add(link.schoolYear);
        const mine = this.links.get(link.studentId) ?? new Map<string, StudentLinkRecord>();
        mine.set(`${link.schoolId} ${link.schoolYear} ${link.priority}`, link);
        this.links.set(link.studentId, mine);
      }
    }
  }

  /** The LEA id a school's reference names (an id, or the `ref` of the LEA element). */
  leaOf(school: EdOrgRecord): string | null {
    if (school.leaRef === null) return null;
    return this.xmlIds.get(school.leaRef) ?? school.leaRef;
  }

  /**
   * The one school a student attended in a school year, from the most direct kind of link that
   * names any; null when none does, or when the most direct kind names two schools.
   */
  schoolOf(studentId: string, schoolYear: number | null): string | null {
    const candidates = [...(this.links.get(studentId)?.values() ?? [])].filter(
      (l) => l.schoolYear === null || schoolYear === null || l.schoolYear === schoolYear,
    );
    if (candidates.length === 0) return null;
    const best = Math.min(...candidates.map((l) => l.priority));
    const schools = new Set(candidates.filter((l) => l.priority === best).map((l) => l.schoolId));
    return schools.size === 1 ? [...schools][0]! : null;
  }

  private duplicate(node: XmlNode, file: string, id: string) {
    const reason = `repeats ${node.name} ${id}, already given`;
    this.problems.push({ file, line: node.line, element: node.name, value: id, reason });
  }
}

export interface Tally {
  tests: number;
  proficient: number;
}

export type ResultSkip = 'not_tested' | 'not_state_assessment' | 'unknown_assessment' | 'no_school';

/** Pass two: proficiency counts per school, year and subject ('all' pools every subject). */
export class ResultTallies {
  readonly tallies = new Map<string, Map<'all' | 'ela' | 'math', Tally>>();
  readonly skipped: Record<ResultSkip, number> = {
    not_tested: 0,
    not_state_assessment: 0,
    unknown_assessment: 0,
    no_school: 0,
  };
  readonly problems: EdFiProblem[] = [];
  private readonly unknownLevels = new Set<string>();

  constructor(
    private readonly extract: EdFiExtract,
    private readonly levels: PerformanceLevels,
  ) {}

  add(node: XmlNode, file: string): void {
    const parsed = parseStudentResult(node, file);
    if (!parsed.ok) {
      this.problems.push(parsed.problem);
      return;
    }
    const result = parsed.record;
    const skip = this.reasonToSkip(result);
    if (skip) {
      this.skipped[skip]++;
      return;
    }
    const assessment = this.extract.assessments.get(result.assessmentKey);
    const proficient = isProficient(result.performanceLevel ?? '', this.levels);
    if (!assessment || proficient === null) {
      this.unknownLevel(result.performanceLevel ?? '', file, node.line);
      return;
    }
    const schoolId =
      result.reportedSchoolId ?? this.extract.schoolOf(result.studentId, result.schoolYear);
    if (schoolId === null || result.schoolYear === null || !this.extract.schools.has(schoolId)) {
      this.skipped.no_school++;
      return;
    }
    const key = `${schoolId}|${result.schoolYear}`;
    const bySubject = this.tallies.get(key) ?? new Map<'all' | 'ela' | 'math', Tally>();
    for (const subject of ['all', assessment.subject] as const) {
      if (subject === null) continue;
      const tally = bySubject.get(subject) ?? { tests: 0, proficient: 0 };
      tally.tests++;
      if (proficient) tally.proficient++;
      bySubject.set(subject, tally);
    }
    this.tallies.set(key, bySubject);
  }

  private reasonToSkip(result: StudentResultRecord): ResultSkip | null {
    const assessment = this.extract.assessments.get(result.assessmentKey);
    if (!assessment) return 'unknown_assessment';
    if (!assessment.isState) return 'not_state_assessment';
    if (result.performanceLevel === null) return 'not_tested';
    return null;
  }

  /** A level in neither list is a problem, reported once per level. */
  private unknownLevel(level: string, file: string, line: number) {
    if (this.unknownLevels.has(level)) return;
    this.unknownLevels.add(level);
    const reason =
      'is a performance level not known to be proficient or not; name it in performanceLevels';
    this.problems.push({ file, line, element: 'PerformanceLevel', value: level, reason });
  }
}
