// Built-in mappings for the MA DESE school-profile tables, 2016-17 onwards
// (../shared/data/ma-dese-profiles-multiyear, scraped from profiles.doe.mass.edu). Every file
// starts with three columns the scraper computed (Raw likert calculation, Likert Score, Admin
// Data Item) and then DESE's own columns; only DESE's are read. `DESE ID` is the 8-digit school
// code of the 2017 file (ma-dese.ts), whose directory mapping must run first: these are
// measure files, because their "School Name" is "District - School" and has no level.
//
// Decisions:
// - Duplicates. The scraper writes a DESE row once per indicator it derives from it:
//   1A_1_teacher_data has each (Academic Year, DESE ID) twice, as Admin Data Item a-exp-i1 and
//   a-exp-i3, and 2C_1_attendance as a-vale-i1 and a-vale-i2; the DESE columns of each pair are
//   identical (checked on all 16,518 and 14,665 pairs). The mappings keep the -i1 copy. Any
//   other repeat of a school and year is a real conflict, and the import refuses it.
// - Shifted years. Teacher rows before 2018-19 and attendance rows before 2021-22 have one cell
//   fewer than the header (a column DESE added later), so which cell is which cannot be known;
//   the reader reports them as ragged rows, and the filters below keep those years out should a
//   reader ever pass them on. 3B_1_enrollments_by_race before 2019-20 lacks the last column
//   (Nonbinary) and is likewise ragged.
// - "Student/Teacher Ratio" ('12.3 to 1') and the likert columns have no standard measure.
import type { MappingInput } from '../mapping.ts';

type MeasuresInput = Extract<MappingInput, { kind: 'measures' }>;
type MeasureInput = MeasuresInput['measures'][number];

const num = (measure: string, column: string, n?: string): MeasureInput => ({
  measure,
  type: 'number',
  column,
  ...(n === undefined ? {} : { n: { column: n } }),
});

// The school years from `first` (a spring year: 2019 for 2018-19) on, as the files write them.
const fromYear = (first: number) => ({
  column: 'Academic Year',
  in: Array.from({ length: 50 }, (_, i) => first + i).map(
    (y) => `${y - 1}-${String(y % 100).padStart(2, '0')}`,
  ),
});

function profile(
  name: string,
  title: string,
  description: string,
  fileName: string,
  requiredColumns: string[],
  measures: MeasureInput[],
  filter: MeasuresInput['filter'] = [],
): MeasuresInput {
  return {
    kind: 'measures',
    name,
    title: `MA DESE school profiles: ${title}`,
    description,
    match: { fileName, requiredColumns: ['Academic Year', 'DESE ID', ...requiredColumns] },
    school: { column: 'DESE ID', padStart: 8, pattern: '^[0-9]{8}$' },
    year: { column: 'Academic Year' },
    filter,
    measures,
  };
}

const teacherData = profile(
  'ma-dese-teacher-data',
  'teacher data (1A_1_teacher_data, 2018-19 on)',
  'Teachers (FTE); % licensed, experienced, without waiver or provisional licence, in field.',
  '^1A_1_teacher_data\\.csv',
  ['Percent of Teachers Licensed', 'Percent Teaching in-field'],
  [
    num('teachers_count', 'Total # of Teachers(FTE)'),
    num('pct_teachers_licensed', 'Percent of Teachers Licensed'),
    num('pct_teachers_experienced', 'Percent of Experienced Teachers'),
    // Without a waiver or a provisional licence: the full licence the catalogue key means.
    num('pct_teachers_fully_licensed', 'Percent of Teachers without Waiver or Provisional License'),
    num('pct_teachers_in_field', 'Percent Teaching in-field'),
  ],
  [{ column: 'Admin Data Item', equals: 'a-exp-i1' }, fromYear(2019)],
);

const staffingRetention = profile(
  'ma-dese-staffing-retention',
  'staffing retention (1A_3_staffing_retention)',
  'Teachers and principals retained from the year before, with the totals as n.',
  '^1A_3_staffing_retention\\.csv',
  ['Teacher % Retained', 'Principal % Retained'],
  [
    num('pct_teachers_retained', 'Teacher % Retained', 'Teacher Total'),
    num('pct_principals_retained', 'Principal % Retained', 'Principal Total'),
  ],
  // Two 2022-23 charter rows spread DESE's note "Failed to meet reporting requirements" over
  // the count cells: the school reported nothing, so the row gives no value.
  [{ column: 'Principal # Retained', notEquals: 'Failed to' }],
);

const attendance = profile(
  'ma-dese-attendance',
  'attendance (2C_1_attendance, 2021-22 on)',
  'Attendance rate and chronic absence (absent 10% or more of days enrolled).',
  '^2C_1_attendance\\.csv',
  ['Attendance Rate', 'Chronically Absent (10% or more)'],
  [
    num('attendance_rate', 'Attendance Rate'),
    num('chronic_absence_rate', 'Chronically Absent (10% or more)'),
  ],
  [{ column: 'Admin Data Item', equals: 'a-vale-i1' }, fromYear(2022)],
);

// Sex shares are taken from the enrollment file below, not from here: these percentages are of
// the students counted in classes.
const classSize = profile(
  'ma-dese-class-size',
  'average class size (3A_1_average_class_size)',
  'Average class size; % English learners, students with disabilities, economically disadvantaged.',
  '^3A_1_average_class_size\\.csv',
  ['Average Class Size', 'Economically Disadvantaged %'],
  [
    num('avg_class_size', 'Average Class Size'),
    num('pct_el', 'English Language Learner %'),
    num('pct_swd', 'Students with Disabilities %'),
    num('pct_econ_disadv', 'Economically Disadvantaged %'),
  ],
);

const ap = profile(
  'ma-dese-ap',
  'AP exams (3B_1_ap)',
  'Share of AP exams scored 3–5, with the exams taken as n.',
  '^3B_1_ap\\.csv',
  ['Tests Taken', '% Score 3-5'],
  [num('ap_pct_score_3plus', '% Score 3-5', 'Tests Taken')],
);

const advancedCourses = profile(
  'ma-dese-advanced-coursework',
  'advanced course completion (3B_1_advcoursecomprate)',
  'Grade 11–12 students completing an advanced course, with the grade 11–12 count as n.',
  '^3B_1_advcoursecomprate\\.csv',
  ['% Students Completing Advanced'],
  [num('pct_advanced_coursework', '% Students Completing Advanced', '# Grade 11 and 12 Students')],
);

const fourYearGrad = profile(
  'ma-dese-four-year-grad',
  'four-year graduation (4B_2_four_year_grad)',
  'Four-year cohort graduation rate, with the cohort as n.',
  '^4B_2_four_year_grad\\.csv',
  ['# in Cohort', '% Graduated'],
  [num('grad_rate_4yr', '% Graduated', '# in Cohort')],
);

const RACE = {
  'American Indian or Alaska Native': 'american_indian',
  Asian: 'asian',
  'Black or African American': 'black',
  'Hispanic or Latino': 'hispanic',
  'Multi-Race, Not Hispanic or Latino': 'multiracial',
  'Native Hawaiian or Other Pacific Islander': 'pacific_islander',
  White: 'white',
} as const;
// Nonbinary (from 2019-20) has no standard student group yet.
const SEX = { Female: 'female', Male: 'male' } as const;

const enrollmentByRace = profile(
  'ma-dese-enrollment-by-race',
  'enrollment by race and sex (3B_1_enrollments_by_race)',
  'Shares of enrollment by race/ethnicity and sex; % students of color.',
  '^3B_1_enrollments_by_race\\.csv',
  ['White', 'Hispanic or Latino', 'Black or African American'],
  [
    ...Object.entries({ ...RACE, ...SEX }).map(([column, studentGroup]) => ({
      ...num('pct_of_enrollment', column),
      studentGroup,
    })),
    {
      measure: 'pct_minority',
      type: 'number',
      sumOf: Object.keys(RACE).filter((column) => column !== 'White'),
      note: 'The sum of the published shares of every group but White.',
    },
  ],
);

export const MA_DESE_PROFILE_MAPPINGS: readonly MappingInput[] = [
  teacherData,
  staffingRetention,
  attendance,
  classSize,
  ap,
  advancedCourses,
  fourYearGrad,
  enrollmentByRace,
];
