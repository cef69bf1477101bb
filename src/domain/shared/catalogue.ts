// The standard vocabulary of measures and student groups. Importers map every source onto these
// keys, so that features (diagnostics, equity, identification) can rely on them whatever state
// the data came from. A district may add its own measures beside these.
// Percent measures are stored on a 0–100 scale.
import type { MeasureCategory, MeasureUnit } from '../../db/schema.ts';

/** Every unit a measure may have (the database's MeasureUnit), for validation at the boundaries. */
export const MEASURE_UNITS = [
  'percent',
  'count',
  'score',
  'grade',
  'status',
  'dollars',
  'ratio',
  'index',
] as const satisfies readonly MeasureUnit[];
/** Every category of measure (the database's MeasureCategory). */
export const MEASURE_CATEGORIES = [
  'profile',
  'outcome',
  'staffing',
  'finance',
] as const satisfies readonly MeasureCategory[];
// Both lists hold every member of their type: a unit or category added there fails here.
type Missing<T, L extends readonly unknown[]> = Exclude<T, L[number]>;
const everyUnit: [Missing<MeasureUnit, typeof MEASURE_UNITS>] extends [never] ? true : never = true;
const everyCategory: [Missing<MeasureCategory, typeof MEASURE_CATEGORIES>] extends [never]
  ? true
  : never = true;
void everyUnit;
void everyCategory;

/** How a measure's values are read: a grade or a status as text, every other unit as a number
 * (a string, as the web app receives units). */
export const valueTypeOf = (unit: string): 'text' | 'number' =>
  unit === 'grade' || unit === 'status' ? 'text' : 'number';

export interface MeasureDefinition {
  key: string;
  label: string;
  category: MeasureCategory;
  unit: MeasureUnit;
  higherIsBetter: boolean | null;
  description: string;
}

const m = (
  key: string,
  label: string,
  category: MeasureCategory,
  unit: MeasureUnit,
  higherIsBetter: boolean | null,
  description: string,
): MeasureDefinition => ({ key, label, category, unit, higherIsBetter, description });

export const STANDARD_MEASURES: readonly MeasureDefinition[] = [
  // Profile: who the school serves.
  m(
    'enrollment',
    'Enrollment',
    'profile',
    'count',
    null,
    'Students enrolled (average daily membership where that is what the state publishes).',
  ),
  m(
    'pct_econ_disadv',
    '% economically disadvantaged',
    'profile',
    'percent',
    null,
    'Share of students who are economically disadvantaged, as the state defines it.',
  ),
  m(
    'pct_el',
    '% English learners',
    'profile',
    'percent',
    null,
    'Share of students who are English learners.',
  ),
  m(
    'pct_swd',
    '% students with disabilities',
    'profile',
    'percent',
    null,
    'Share of students with disabilities (IEP).',
  ),
  m(
    'pct_minority',
    '% students of color',
    'profile',
    'percent',
    null,
    'Share of students who are not White (non-Hispanic).',
  ),
  // Outcomes.
  m(
    'spg_score',
    'Performance score',
    'outcome',
    'score',
    true,
    'State summative school performance score (0–100).',
  ),
  m(
    'spg_grade',
    'Performance grade',
    'outcome',
    'grade',
    null,
    'State summative school performance letter grade (A–F).',
  ),
  m(
    'achievement_score',
    'Proficiency',
    'outcome',
    'percent',
    true,
    'Percent of tests scored proficient (grade-level proficient) across subjects.',
  ),
  m(
    'growth_status',
    'Growth status',
    'outcome',
    'status',
    null,
    'Whether the school exceeded, met or did not meet expected growth.',
  ),
  m(
    'growth_index',
    'Growth index',
    'outcome',
    'index',
    true,
    'Value-added growth index; 0 means growth as expected.',
  ),
  m(
    'grad_rate_4yr',
    'Graduation rate (4-year)',
    'outcome',
    'percent',
    true,
    'Four-year adjusted cohort graduation rate.',
  ),
  m(
    'chronic_absence_rate',
    'Chronic absence',
    'outcome',
    'percent',
    false,
    'Share of students absent 10% or more of the days enrolled.',
  ),
  m(
    'ap_participation',
    'AP participation',
    'outcome',
    'percent',
    true,
    'Share of students in grades 9–12 taking at least one AP course.',
  ),
  m(
    'low_performing',
    'Low-performing (published)',
    'outcome',
    'status',
    null,
    'The state’s published low-performing designation (Y/N).',
  ),
  m(
    'csi_designation',
    'CSI (published)',
    'outcome',
    'status',
    null,
    'Published comprehensive support and improvement designation (Y/N).',
  ),
  m(
    'tsi_designation',
    'TSI (published)',
    'outcome',
    'status',
    null,
    'Published targeted support and improvement designation (Y/N).',
  ),
  // Staffing aggregates, as states publish them.
  m('teachers_count', 'Teachers', 'staffing', 'count', null, 'Classroom teachers.'),
  m(
    'pct_teachers_beginning',
    '% beginning teachers',
    'staffing',
    'percent',
    false,
    'Teachers with fewer than 3 years of experience (NC definition of a beginning teacher).',
  ),
  m(
    'pct_teachers_provisional',
    '% provisional teachers',
    'staffing',
    'percent',
    false,
    'Teachers on a provisional, emergency or lateral-entry licence.',
  ),
  m(
    'pct_teachers_0_3yrs',
    '% teachers with 0–3 years',
    'staffing',
    'percent',
    false,
    'Teachers with 0–3 years of experience.',
  ),
  m(
    'pct_teachers_4_10yrs',
    '% teachers with 4–10 years',
    'staffing',
    'percent',
    null,
    'Teachers with 4–10 years of experience.',
  ),
  m(
    'pct_teachers_11plus_yrs',
    '% teachers with 11+ years',
    'staffing',
    'percent',
    null,
    'Teachers with more than 10 years of experience.',
  ),
  m(
    'pct_teachers_fully_licensed',
    '% fully licensed teachers',
    'staffing',
    'percent',
    true,
    'Teachers holding a full (not provisional) licence.',
  ),
  m(
    'pct_teachers_lateral_entry',
    '% lateral-entry teachers',
    'staffing',
    'percent',
    null,
    'Teachers on a lateral-entry licence.',
  ),
  m(
    'pct_teacher_turnover',
    'Teacher turnover',
    'staffing',
    'percent',
    false,
    'Share of teachers who left the school in the past year.',
  ),
  m(
    'pct_teachers_needs_improvement',
    '% teachers rated Needs Improvement',
    'staffing',
    'percent',
    false,
    'Teachers whose evaluation (EVAAS) is below expected.',
  ),
  m(
    'pct_teachers_effective',
    '% teachers rated Effective',
    'staffing',
    'percent',
    null,
    'Teachers whose evaluation is at the expected level.',
  ),
  m(
    'pct_teachers_highly_effective',
    '% teachers rated Highly Effective',
    'staffing',
    'percent',
    true,
    'Teachers whose evaluation is above expected.',
  ),
  m(
    'pct_teachers_nbpts',
    '% National Board certified',
    'staffing',
    'percent',
    true,
    'Teachers with National Board certification.',
  ),
  m(
    'pct_principals_inexperienced',
    '% inexperienced principals',
    'staffing',
    'percent',
    false,
    'Principals with fewer than 3 years as principal.',
  ),
  // Finance.
  m(
    'ppe_total',
    'Per-pupil spending',
    'finance',
    'dollars',
    null,
    'Total expenditure per pupil, all sources.',
  ),
  m(
    'ppe_state',
    'Per-pupil spending (state)',
    'finance',
    'dollars',
    null,
    'State-funded expenditure per pupil.',
  ),
  m(
    'ppe_federal',
    'Per-pupil spending (federal)',
    'finance',
    'dollars',
    null,
    'Federally funded expenditure per pupil.',
  ),
  m(
    'ppe_local',
    'Per-pupil spending (local)',
    'finance',
    'dollars',
    null,
    'Locally funded expenditure per pupil.',
  ),
  // Appended by the import path (issue #3): NC publishes the EVAAS growth *score* (the 0–100
  // growth component of the SPG, rcd_acc_spg2.eg_score / spg.csv "EVAAS Growth Score") for
  // every year, but the growth *index* (rcd_acc_eg.eg_index) only from 2019; they are different
  // scales, so they are different measures.
  m(
    'growth_score',
    'Growth score',
    'outcome',
    'score',
    true,
    'State growth component on a 0–100 scale (NC: EVAAS growth score, part of the SPG).',
  ),
  // Appended for the MA DESE, NYC DOE, Ed-Fi and OneRoster importers (issue #3).
  m(
    'pct_high_needs',
    '% high needs',
    'profile',
    'percent',
    null,
    'Share of students who are economically disadvantaged, English learners or have a ' +
      'disability (MA DESE "high needs": in at least one of the three).',
  ),
  m(
    'pct_of_enrollment',
    '% of enrollment (by group)',
    'profile',
    'percent',
    null,
    'Share of the school’s students who belong to the value’s student group (race, sex).',
  ),
  m(
    'economic_need_index',
    'Economic need index',
    'profile',
    'percent',
    null,
    'NYC DOE Economic Need Index on a 0–100 scale: the likelihood that a student faces ' +
      'economic hardship (temporary housing, HRA eligibility, census poverty), averaged.',
  ),
  m(
    'avg_class_size',
    'Average class size',
    'profile',
    'ratio',
    null,
    'Students per class, averaged over the school’s classes.',
  ),
  m(
    'attendance_rate',
    'Attendance rate',
    'outcome',
    'percent',
    true,
    'Share of enrolled days on which students were present.',
  ),
  m(
    'ela_pct_proficient',
    'ELA proficiency',
    'outcome',
    'percent',
    true,
    'Percent of English language arts tests scored proficient or above, all tested grades.',
  ),
  m(
    'math_pct_proficient',
    'Math proficiency',
    'outcome',
    'percent',
    true,
    'Percent of mathematics tests scored proficient or above, all tested grades.',
  ),
  m(
    'ela_avg_proficiency',
    'ELA average proficiency level',
    'outcome',
    'score',
    true,
    'Average performance level on the state ELA test (NYC: 1–4.5), grades 3–8.',
  ),
  m(
    'math_avg_proficiency',
    'Math average proficiency level',
    'outcome',
    'score',
    true,
    'Average performance level on the state math test (NYC: 1–4.5), grades 3–8.',
  ),
  m(
    'ela_top_level_count',
    'ELA top-level scorers',
    'outcome',
    'count',
    null,
    'Students scoring at the highest performance level on the state ELA test (NY: level 4), ' +
      'grades 3–8 together; n is the number tested where the source gives it.',
  ),
  m(
    'math_top_level_count',
    'Math top-level scorers',
    'outcome',
    'count',
    null,
    'Students scoring at the highest performance level on the state math test (NY: level 4), ' +
      'grades 3–8 together; n is the number tested where the source gives it.',
  ),
  m(
    'ela_growth_percentile',
    'ELA growth (median SGP)',
    'outcome',
    'score',
    true,
    'Median student growth percentile in ELA (1–99; 50 is typical growth). Where the state ' +
      'publishes it by grade only (MA 2017), the school’s highest grade with a published SGP.',
  ),
  m(
    'math_growth_percentile',
    'Math growth (median SGP)',
    'outcome',
    'score',
    true,
    'Median student growth percentile in math (1–99; 50 is typical growth). Where the state ' +
      'publishes it by grade only (MA 2017), the school’s highest grade with a published SGP.',
  ),
  m(
    'ap_pct_score_3plus',
    'AP exams scored 3–5',
    'outcome',
    'percent',
    true,
    'Share of AP exams taken that scored 3, 4 or 5; n is the number of exams.',
  ),
  m(
    'pct_advanced_coursework',
    'Advanced coursework completion',
    'outcome',
    'percent',
    true,
    'Share of grade 11–12 students who completed at least one advanced course (AP, IB, dual ' +
      'enrollment and the like; MA DESE definition).',
  ),
  m(
    'accountability_rating',
    'Accountability rating (published)',
    'outcome',
    'status',
    null,
    'The state’s published accountability level or rating, as text (MA: Level 1–5; Ed-Fi ' +
      'AccountabilityRating.Rating).',
  ),
  m(
    'pct_teachers_licensed',
    '% licensed teachers',
    'staffing',
    'percent',
    true,
    'Teachers licensed in their teaching assignment, whatever the kind of licence (MA DESE).',
  ),
  m(
    'pct_teachers_experienced',
    '% experienced teachers',
    'staffing',
    'percent',
    true,
    'Teachers with at least three years of experience (MA DESE "experienced teachers").',
  ),
  m(
    'pct_teachers_in_field',
    '% teaching in field',
    'staffing',
    'percent',
    true,
    'Teachers teaching in the subject and grades their licence covers.',
  ),
  m(
    'pct_teachers_retained',
    'Teacher retention',
    'staffing',
    'percent',
    true,
    'Share of last year’s teachers still teaching in the school this year.',
  ),
  m(
    'pct_principals_retained',
    'Principal retention',
    'staffing',
    'percent',
    true,
    'Share of last year’s principals still leading the school this year.',
  ),
  // Appended for access to rigorous courses (issue #4; docs/decisions/006-diagnostics-methods.md
  // "Access to advanced courses"): NC's course files give, per school and student group, the
  // students in AP, IB and Career & College Promise (dual enrollment) courses, as counts
  // (rcd_course2) or as the group's share of those students (rcd_courses2); ec_pupils gives the
  // headcount by race × sex that the rates and representation ratios divide by.
  m(
    'headcount',
    'Headcount (membership)',
    'profile',
    'count',
    null,
    'Students in membership on the state’s count day, for all students and by race/ethnicity ' +
      'and sex (NC ec_pupils). Not average daily membership, which is Enrollment.',
  ),
  m(
    'ap_course_students',
    'Students in AP courses',
    'outcome',
    'count',
    null,
    'Students enrolled in Advanced Placement courses, each student once; by group where the ' +
      'state publishes it.',
  ),
  m(
    'ib_course_students',
    'Students in IB courses',
    'outcome',
    'count',
    null,
    'Students enrolled in International Baccalaureate courses, each student once.',
  ),
  m(
    'ccp_course_students',
    'Students in dual-enrollment courses',
    'outcome',
    'count',
    null,
    'Students enrolled in college courses while in high school (NC: Career & College Promise), ' +
      'each student once.',
  ),
  m(
    'pct_of_ap_students',
    '% of AP students (by group)',
    'outcome',
    'percent',
    null,
    'The value’s student group as a share of the school’s students in AP courses; n is the ' +
      'school’s students in AP courses.',
  ),
  m(
    'pct_of_ib_students',
    '% of IB students (by group)',
    'outcome',
    'percent',
    null,
    'The value’s student group as a share of the school’s students in IB courses; n is the ' +
      'school’s students in IB courses.',
  ),
  m(
    'pct_of_ccp_students',
    '% of dual-enrollment students (by group)',
    'outcome',
    'percent',
    null,
    'The value’s student group as a share of the school’s students in dual-enrollment courses; ' +
      'n is the school’s students in those courses.',
  ),
  m(
    'ib_participation',
    'IB participation',
    'outcome',
    'percent',
    true,
    'Share of students taking an IB exam (NC rcd_ib: “IB Exam participation rate”).',
  ),
  m(
    'ib_pct_score_4plus',
    'IB exams scored 4–7',
    'outcome',
    'percent',
    true,
    'Share of IB exam scores of 4 or above (the IB diploma’s passing level).',
  ),
];

export const STUDENT_GROUPS = {
  all: 'All students',
  econ_disadv: 'Economically disadvantaged',
  not_econ_disadv: 'Not economically disadvantaged',
  el: 'English learners',
  swd: 'Students with disabilities',
  white: 'White',
  black: 'Black',
  hispanic: 'Hispanic',
  asian: 'Asian',
  american_indian: 'American Indian',
  pacific_islander: 'Pacific Islander',
  multiracial: 'Two or more races',
  male: 'Male',
  female: 'Female',
  gifted: 'Academically/intellectually gifted',
  homeless: 'Homeless',
  foster: 'Foster care',
  military: 'Military-connected',
} as const;

export type StudentGroup = keyof typeof STUDENT_GROUPS;

export function isStudentGroup(value: string): value is StudentGroup {
  return Object.hasOwn(STUDENT_GROUPS, value);
}
