// Ed-Fi descriptors and what Tandem makes of them. Pure.
//
// In Ed-Fi Data Standard v5 XML a descriptor is a URI whose fragment is the code value
// ('uri://ed-fi.org/StaffClassificationDescriptor#Teacher'); the namespace may be a state's or a
// district's own, so only the code value is compared. The tables below are the Ed-Fi default
// descriptor values (Ed-Fi-Standard v5.2 Descriptors); a district's own values fall through to
// the documented default of each function.
import type { CredentialStatus, SchoolLevel, StaffRole } from '../../db/schema.ts';
import { parseSchoolYear } from '../values.ts';
import { PRE_K } from './grade-levels.ts';

/** The code value of a descriptor URI ('…Descriptor#Ninth grade' → 'Ninth grade'). */
export function codeValue(descriptor: string | null): string | null {
  if (descriptor === null) return null;
  const code = descriptor.slice(descriptor.lastIndexOf('#') + 1).trim();
  return code === '' ? null : code;
}

// GradeLevelDescriptor: 'Preschool/Prekindergarten', 'Kindergarten', 'First grade' … 'Twelfth
// grade'; 'Infant/toddler', 'Early Education', 'Ungraded', 'Postsecondary' and 'Adult
// Education' do not place a school on the K-12 scale.
const ORDINALS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth',
  'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
]; // prettier-ignore

export function gradeNumber(code: string): number | null {
  const c = code.toLowerCase();
  if (c.includes('prekindergarten') || c === 'preschool') return PRE_K;
  if (c === 'kindergarten') return 0;
  const ordinal = ORDINALS.indexOf(c.replace(/\s*grade$/, ''));
  return ordinal >= 0 ? ordinal + 1 : null;
}

// SchoolCategoryDescriptor values that name one level.
const SCHOOL_CATEGORIES: Record<string, SchoolLevel> = {
  'elementary school': 'elementary',
  'primary school': 'elementary',
  'middle school': 'middle',
  'junior high school': 'middle',
  'high school': 'high',
  'senior high school': 'high',
  'elementary/secondary school': 'combined',
  'all levels': 'combined',
};

export function levelOfCategory(code: string): SchoolLevel | null {
  return SCHOOL_CATEGORIES[code.toLowerCase()] ?? null;
}

// TitleIPartASchoolDesignationDescriptor: a school runs a Title I program when it is a
// schoolwide or targeted-assistance school; "eligible … no program" schools do not.
export function isTitleIDesignation(code: string): boolean | null {
  const c = code.toLowerCase();
  if (c.startsWith('not a title i')) return false;
  if (c.includes('no program')) return false;
  if (c.includes('schoolwide') || c.includes('school wide') || c.includes('targeted')) return true;
  return null;
}

// StaffClassificationDescriptor → Tandem's staff roles. Any other classification (School
// Administrator, clerks, aides, LEA staff) is 'other' rather than a guess.
const ROLES: Record<string, StaffRole> = {
  teacher: 'teacher',
  'substitute teacher': 'teacher',
  principal: 'principal',
  'school leader': 'principal',
  'assistant principal': 'assistant_principal',
  'instructional coordinator': 'coach',
  counselor: 'specialist',
  'school specialist': 'specialist',
  'librarians/media specialists': 'specialist',
  'student support services staff': 'specialist',
};

export function roleOfClassification(code: string): StaffRole {
  return ROLES[code.toLowerCase()] ?? 'other';
}

// TeachingCredentialDescriptor → licence status. A regular, professional or master credential
// is a full licence; probationary, provisional, intern, temporary and non-renewable ones are not
// (yet) full; emergency is its own status; paraprofessional, substitute and 'Other' are 'other'.
// Expiry is not a status here: issued_on / expires_on say when a licence was in force.
const CREDENTIALS: Record<string, CredentialStatus> = {
  'regular/standard': 'full',
  professional: 'full',
  master: 'full',
  specialist: 'full',
  'probationary/initial': 'provisional',
  provisional: 'provisional',
  intern: 'provisional',
  temporary: 'provisional',
  nonrenewable: 'provisional',
  emergency: 'emergency',
  'alternative certification': 'lateral_entry',
};

export function credentialStatus(teachingCredential: string | null): CredentialStatus {
  if (teachingCredential === null) return 'other';
  return CREDENTIALS[teachingCredential.toLowerCase()] ?? 'other';
}

// PerformanceLevelDescriptor code values known to mean proficient (at or above the standard) or
// not. Ed-Fi leaves the meaning of a level to the assessment; a level in neither list must be
// named by the caller (importEdFi's performanceLevels option) rather than guessed.
export const PROFICIENT_LEVELS = [
  'Met Standard',
  'Meets Standard',
  'Exceeds Standard',
  'Advanced',
  'Proficient',
  'Above Proficient',
  'Commended Performance',
  'Meets Grade Level',
  'Masters Grade Level',
  'Pass',
] as const;
export const NOT_PROFICIENT_LEVELS = [
  'Did Not Meet Standard',
  'Partially Met Standard',
  'Below Standard',
  'Approaches Grade Level',
  'Did Not Meet Grade Level',
  'Basic',
  'Below Basic',
  'Well Below Basic',
  'Not Proficient',
  'Fail',
] as const;

export interface PerformanceLevels {
  proficient: readonly string[];
  notProficient: readonly string[];
}

export function isProficient(code: string, levels: PerformanceLevels): boolean | null {
  const c = code.toLowerCase();
  if (levels.proficient.some((l) => l.toLowerCase() === c)) return true;
  if (levels.notProficient.some((l) => l.toLowerCase() === c)) return false;
  return null;
}

// AcademicSubjectDescriptor → the subject measures; other subjects count in the all-subject
// achievement score only.
export function subjectOf(code: string | null): 'ela' | 'math' | null {
  const c = code?.toLowerCase() ?? '';
  if (c === 'mathematics') return 'math';
  if (c === 'english language arts' || c === 'reading' || c === 'english') return 'ela';
  return null;
}

/** A state assessment (AssessmentCategoryDescriptor 'State summative assessment 3-8 general',
 * 'State high school subject assessment', …), but not the English-proficiency test. */
export function isStateAssessment(category: string | null): boolean {
  const c = category?.toLowerCase() ?? '';
  return c.startsWith('state ') && !c.includes('english proficiency');
}

/** SchoolYear as Ed-Fi writes it ('2021-2022') → its spring year (2022). */
export function schoolYearOf(text: string | null): number | null {
  return text === null ? null : parseSchoolYear(text);
}

/** The school year a date falls in: 1 July of Y−1 to 30 June of Y is school year Y (the same
 * convention as src/db/queries/staff.ts). */
export function schoolYearOfDate(date: string | null): number | null {
  const m = date === null ? null : /^(\d{4})-(\d{2})-\d{2}/.exec(date);
  if (!m) return null;
  return Number(m[1]) + (Number(m[2]) >= 7 ? 1 : 0);
}
