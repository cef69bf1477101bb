// Built-in mapping for the NYC DOE 2016 School Explorer as published by PASSNYC
// (../shared/data/nyc-passnyc-2016/2016 School Explorer.csv): 1,272 schools with address,
// coordinates, the Economic Need Index, % ELL, % by race, attendance, average ELA and math
// proficiency and the grade 3–8 counts of students scoring 4 by subgroup.
//
// Decisions:
// - The key is `Location Code`, the DBN: 2-digit community district, borough letter (M, X, K,
//   Q, R) and 3-digit school number ('01M015'). "SED Code" was mangled by a spreadsheet
//   (3.32E+11) and is not read.
// - Economic Need Index is published as a fraction (0.885) and stored on 0–100, as NYC shows it.
// - "Average ELA/Math Proficiency" is a mean performance level (1–4.5), not a percent.
// - The counts of 4s are wide: one column per grade and subgroup. Each subgroup's grades 3–8 are
//   summed into one value whose student group is the column's subgroup (wide-to-long). Only the
//   all-students count has a denominator in the file (students tested), so only it has an n.
//   "Asian or Pacific Islander" is NYC's combined group and lands as 'asian'.
// - % students of color cannot be derived: the file gives Asian, Black, Hispanic and White only.
// - Framework ratings (Rigorous Instruction …) and the income estimate have no standard measure.
import type { MappingInput } from '../mapping.ts';
import { levelMapFor } from '../edfi/grade-levels.ts';

type SchoolsInput = Extract<MappingInput, { kind: 'schools' }>;
type MeasureInput = NonNullable<SchoolsInput['measures']>[number];

// Every value of the "Grades" column (41 lists; SE is a special-education class).
const GRADE_LISTS = `
  01,02,03,04,05,06,07,08 01,02,03,04,05,06,SE 01,05,06,07,08,K 02,03,04,05 03,04,05 03,04,05,06
  04,05 04,05,06,07,08 05,06,07,08 05,06,07,08,09,10,11,12 06,07,08 06,07,08,09 06,07,08,09,10
  06,07,08,09,10,11,12 06,07,08,09,10,11,12,SE 06,07,08,SE 07,08,09,10,11,12 09,10,11,12 0K
  0K,01,02 0K,01,02,03 0K,01,02,03,04 0K,01,02,03,04,05 0K,01,02,03,04,05,06
  0K,01,02,03,04,05,06,07 0K,01,02,03,04,05,06,07,08 0K,01,02,03,04,05,06,07,08,09,10,11,12
  0K,01,02,03,04,05,06,07,08,SE 0K,01,02,03,04,05,SE 0K,01,03,04,05,06,07,08 PK,0K,01,02
  PK,0K,01,02,03 PK,0K,01,02,03,04 PK,0K,01,02,03,04,05 PK,0K,01,02,03,04,05,06
  PK,0K,01,02,03,04,05,06,07,08 PK,0K,01,02,03,04,05,06,07,08,09,10,11,12
  PK,0K,01,02,03,04,05,06,07,08,SE PK,0K,01,02,03,04,05,07,08 PK,0K,01,02,03,04,05,SE
  PK,0K,01,03,04,05
`
  .trim()
  .split(/\s+/);

const SUBGROUPS = {
  'All Students': 'all',
  'American Indian or Alaska Native': 'american_indian',
  'Black or African American': 'black',
  'Hispanic or Latino': 'hispanic',
  'Asian or Pacific Islander': 'asian',
  White: 'white',
  Multiracial: 'multiracial',
  'Limited English Proficient': 'el',
  'Economically Disadvantaged': 'econ_disadv',
} as const;

const TESTED_GRADES = [3, 4, 5, 6, 7, 8];

function topLevelCounts(measure: string, subject: 'ELA' | 'Math'): MeasureInput[] {
  return Object.entries(SUBGROUPS).map(([subgroup, studentGroup]) => ({
    measure,
    type: 'number',
    sumOf: TESTED_GRADES.map((g) => `Grade ${g} ${subject} 4s - ${subgroup}`),
    studentGroup,
    ...(studentGroup === 'all'
      ? { n: { sumOf: TESTED_GRADES.map((g) => `Grade ${g} ${subject} - All Students Tested`) } }
      : {}),
  }));
}

const RACE = {
  'Percent Asian': 'asian',
  'Percent Black': 'black',
  'Percent Hispanic': 'hispanic',
  'Percent White': 'white',
} as const;

const num = (measure: string, column: string, scale?: number): MeasureInput => ({
  measure,
  type: 'number',
  column,
  ...(scale === undefined ? {} : { scale }),
});

export const nycSchoolExplorer2016: SchoolsInput = {
  kind: 'schools',
  name: 'nyc-doe-school-explorer-2016',
  title: 'NYC DOE School Explorer 2016 (PASSNYC)',
  description:
    'Schools with address and coordinates; economic need, ELL and race shares, attendance, ' +
    'chronic absence, average proficiency and counts of level-4 scorers by subgroup, 2015-16.',
  match: {
    fileName: 'School Explorer',
    requiredColumns: ['Location Code', 'School Name', 'Economic Need Index', 'Percent ELL'],
  },
  school: { column: 'Location Code', pattern: '^[0-9]{2}[MXKQR][0-9]{3}$' },
  year: { value: 2016 },
  fields: {
    name: { column: 'School Name' },
    level: { column: 'Grades', map: levelMapFor(GRADE_LISTS) },
    city: { column: 'City' },
    state: { value: 'NY' },
    zip: { column: 'Zip', transform: 'zip' },
    latitude: { column: 'Latitude' },
    longitude: { column: 'Longitude' },
  },
  measures: [
    num('economic_need_index', 'Economic Need Index', 100),
    num('pct_el', 'Percent ELL'),
    ...Object.entries(RACE).map(([column, studentGroup]) => ({
      ...num('pct_of_enrollment', column),
      studentGroup,
    })),
    num('attendance_rate', 'Student Attendance Rate'),
    num('chronic_absence_rate', 'Percent of Students Chronically Absent'),
    num('ela_avg_proficiency', 'Average ELA Proficiency'),
    num('math_avg_proficiency', 'Average Math Proficiency'),
    ...topLevelCounts('ela_top_level_count', 'ELA'),
    ...topLevelCounts('math_top_level_count', 'Math'),
  ],
};

export const NYC_DOE_MAPPINGS: readonly MappingInput[] = [nycSchoolExplorer2016];
