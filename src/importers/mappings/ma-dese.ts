// Built-in mapping for the Massachusetts DESE 2017 school file (Kaggle "Massachusetts Public
// Schools Data", ../shared/data/ma-schools-2017/MA_Public_Schools_2017.csv.gz): the school
// directory with enrollment, selected populations, class size, graduation, AP, MCAS and the
// accountability level. The multi-year profile tables are in ma-dese-profiles.ts.
//
// Decisions (see ../shared/data/README.md "Dataset notes"):
// - % economically disadvantaged is the count over TOTAL_Enrollment: the file's own
//   "% Economically Disadvantaged" column is corrupt (it correlates about 0 with the computed
//   share; Abington High: 97 of 452 students, but 94.4 in the column).
// - MCAS results are published per grade (3–8 and 10). A school's proficiency is pooled over
//   the grades it has results for: Σ students proficient or advanced ÷ Σ students included.
//   The mapping format's sums treat a blank part as missing, so one measure spec is written per
//   span of tested grades (lowest..highest), selected with `when` on which grades are blank; a
//   school with a gap inside its span (3 schools) gets a missing value rather than a guess.
// - SGP is a median and cannot be pooled from grade medians: the school's highest grade with a
//   published SGP is taken, with that grade's count as n (the catalogue says so).
// - Salary, expenditure and FTE columns are district figures repeated on every school row
//   (README), CPI and PPI have no standard measure, and "Grade" is used for the level only.
import type { z } from 'zod';
import type { MappingInput, MeasureSpecSchema } from '../mapping.ts';
import { levelMapFor } from '../edfi/grade-levels.ts';
import { MA_DESE_PROFILE_MAPPINGS } from './ma-dese-profiles.ts';

type MeasureInput = z.input<typeof MeasureSpecSchema>;

// Every value of the 2017 file's "Grade" column (76 lists of the grades a school serves).
const GRADE_LISTS = `
  01,02,03 01,02,03,04 01,02,03,04,05 01,02,03,04,05,06,07,08 01,02,03,04,05,06,07,08,09,10,11,12
  02,03 02,03,04 02,03,04,05 02,03,04,05,06 02,03,04,05,06,07,08 03,04 03,04,05 03,04,05,06
  03,04,05,06,07 03,04,05,06,07,08 03,04,05,06,07,08,09,10,11,12 04,05 04,05,06 04,05,06,07
  04,05,06,07,08 04,05,06,07,08,09,10,11,12 05,06 05,06,07 05,06,07,08 05,06,07,08,09,10
  05,06,07,08,09,10,11,12 06,07 06,07,08 06,07,08,09,10 06,07,08,09,10,11 06,07,08,09,10,11,12
  07,08 07,08,09,10,11,12 08,09,10,11,12 09,10,11 09,10,11,12 09,11,12 10,11,12 11,12 4 6 K K,01
  K,01,02 K,01,02,03 K,01,02,03,04 K,01,02,03,04,05 K,01,02,03,04,05,06 K,01,02,03,04,05,06,07
  K,01,02,03,04,05,06,07,08 K,01,02,03,04,05,06,07,08,09 K,01,02,03,04,05,06,07,08,09,10,11
  K,01,02,03,04,05,06,07,08,09,10,11,12 K,01,02,05,06,07,08 K,01,02,07,08,09,10,11,12
  K,01,05,06,07,08,09,10,11,12 PK PK,03,04 PK,03,04,05,06 PK,05,06,07,08 PK,06,07,08
  PK,06,09,10,11,12 PK,09,10,11,12 PK,K PK,K,01 PK,K,01,02 PK,K,01,02,03 PK,K,01,02,03,04
  PK,K,01,02,03,04,05 PK,K,01,02,03,04,05,06 PK,K,01,02,03,04,05,06,07 PK,K,01,02,03,04,05,06,07,08
  PK,K,01,02,03,04,05,06,07,08,09,10,11,12 PK,K,01,02,04,05,06,07,08,09,10,11,12 PK,K,09,10,11,12
`
  .trim()
  .split(/\s+/);

const GRADES = ['3rd', '4th', '5th', '6th', '7th', '8th', '10th'] as const;
type Subject = 'English' | 'Math';
const mcas = (grade: string, subject: Subject, what: string) =>
  `MCAS_${grade}Grade_${subject}_${what}`;
const tested = (g: string, s: Subject) => mcas(g, s, 'Stud. Incl. #');
const proficient = (g: string, s: Subject) => mcas(g, s, 'P+A #');

/**
 * Pooled % proficient or advanced for each span of tested grades: the span's outer grades are
 * tested, every grade outside it is blank (so exactly one span fits a school). `subjects` are
 * pooled together; which grades are tested is read from the first.
 */
function pooledProficiency(measure: string, subjects: readonly Subject[]): MeasureInput[] {
  const specs: MeasureInput[] = [];
  for (let low = 0; low < GRADES.length; low++) {
    for (let high = low; high < GRADES.length; high++) {
      const span = GRADES.slice(low, high + 1);
      const first = subjects[0] ?? 'English';
      const blank = GRADES.filter((_, i) => i < low || i > high).map((g) => ({
        column: tested(g, first),
        equals: '',
      }));
      const present = [...new Set([GRADES[low]!, GRADES[high]!])].map((g) => ({
        column: tested(g, first),
        matches: '\\S',
      }));
      const columns = (f: (g: string, s: Subject) => string) =>
        span.flatMap((g) => subjects.map((s) => f(g, s)));
      specs.push({
        measure,
        type: 'number',
        ratio: { numerator: columns(proficient), denominator: columns(tested) },
        scale: 100,
        n: { sumOf: columns(tested) },
        when: [...present, ...blank],
      });
    }
  }
  return specs;
}

/** The median SGP of the highest grade that has one (see the header). */
function highestGradeGrowth(measure: string, subject: Subject): MeasureInput[] {
  return GRADES.map((grade, i) => ({
    measure,
    type: 'number',
    column: mcas(grade, subject, 'SGP'),
    n: { column: mcas(grade, subject, 'Incl. in SGP(#)') },
    when: [
      { column: mcas(grade, subject, 'SGP'), matches: '\\S' },
      ...GRADES.slice(i + 1).map((g) => ({ column: mcas(g, subject, 'SGP'), equals: '' })),
    ],
  }));
}

const ENROLLED = { column: 'TOTAL_Enrollment' };
const pct = (measure: string, column: string): MeasureInput => ({
  measure,
  type: 'number',
  column,
  n: ENROLLED,
});

// Race and sex shares as published ('% Native Hawaiian, Pacific Islander' is one column).
const RACE = {
  '% African American': 'black',
  '% Asian': 'asian',
  '% Hispanic': 'hispanic',
  '% Native American': 'american_indian',
  '% Native Hawaiian, Pacific Islander': 'pacific_islander',
  '% Multi-Race, Non-Hispanic': 'multiracial',
  '% White': 'white',
} as const;
const SEX = { '% Males': 'male', '% Females': 'female' } as const;

const HIGH_SCHOOL_GRADES = ['9_Enrollment', '10_Enrollment', '11_Enrollment', '12_Enrollment'];

export const maDese2017: MappingInput = {
  kind: 'schools',
  name: 'ma-dese-schools-2017',
  title: 'MA DESE public schools, 2017 (Kaggle MA_Public_Schools_2017)',
  description:
    'School directory, enrollment, selected populations, class size, graduation, AP, MCAS ' +
    'proficiency and growth, and the accountability level, 2016-17.',
  match: {
    fileName: '^MA_Public_Schools_2017\\.csv',
    requiredColumns: [
      'School Code',
      'School Name',
      'TOTAL_Enrollment',
      'Economically Disadvantaged',
    ],
  },
  // DESE's 8-digit code: 4 digits of district + 4 of school ('00010505'); spreadsheets drop
  // the leading zeros.
  school: { column: 'School Code', padStart: 8, pattern: '^[0-9]{8}$' },
  year: { value: 2017 },
  fields: {
    name: { column: 'School Name' },
    stateId: { column: 'School Code' },
    level: { column: 'Grade', map: levelMapFor(GRADE_LISTS) },
    street: { column: 'Address 1' },
    city: { column: 'Town' },
    state: { column: 'State' },
    zip: { column: 'Zip', transform: 'zip' },
  },
  measures: [
    { measure: 'enrollment', type: 'number', column: 'TOTAL_Enrollment' },
    {
      measure: 'pct_econ_disadv',
      type: 'number',
      ratio: { numerator: ['Economically Disadvantaged'], denominator: ['TOTAL_Enrollment'] },
      scale: 100,
      n: ENROLLED,
      note: 'Count over enrollment: the "% Economically Disadvantaged" column is corrupt.',
    },
    pct('pct_el', '% English Language Learner'),
    pct('pct_swd', '% Students With Disabilities'),
    pct('pct_high_needs', '% High Needs'),
    {
      measure: 'pct_minority',
      type: 'number',
      sumOf: Object.keys(RACE).filter((column) => column !== '% White'),
      n: ENROLLED,
      note: 'The sum of the published shares of every group but White.',
    },
    ...Object.entries({ ...RACE, ...SEX }).map(([column, studentGroup]) => ({
      ...pct('pct_of_enrollment', column),
      studentGroup,
    })),
    { measure: 'avg_class_size', type: 'number', column: 'Average Class Size' },
    {
      measure: 'grad_rate_4yr',
      type: 'number',
      column: '% Graduated',
      n: { column: '# in Cohort' },
    },
    {
      measure: 'ap_participation',
      type: 'number',
      ratio: { numerator: ['AP_Test Takers'], denominator: HIGH_SCHOOL_GRADES },
      scale: 100,
      n: { sumOf: HIGH_SCHOOL_GRADES },
      note: 'AP test takers over grade 9–12 enrollment.',
    },
    {
      measure: 'ap_pct_score_3plus',
      type: 'number',
      column: '% AP_Score 3-5',
      n: { column: 'AP_Tests Taken' },
    },
    ...pooledProficiency('achievement_score', ['English', 'Math']),
    ...pooledProficiency('ela_pct_proficient', ['English']),
    ...pooledProficiency('math_pct_proficient', ['Math']),
    ...highestGradeGrowth('ela_growth_percentile', 'English'),
    ...highestGradeGrowth('math_growth_percentile', 'Math'),
    {
      measure: 'accountability_rating',
      type: 'text',
      column: 'Accountability and Assistance Level',
      // 'Insufficient data' is a suppression marker (values.ts), so it is kept as suppressed.
      allowed: ['Level 1', 'Level 2', 'Level 3', 'Level 4', 'Level 5'],
    },
  ],
};

/** Every built-in MA DESE mapping: the 2017 directory first, then the profile tables. */
export const MA_DESE_MAPPINGS: readonly MappingInput[] = [maDese2017, ...MA_DESE_PROFILE_MAPPINGS];
