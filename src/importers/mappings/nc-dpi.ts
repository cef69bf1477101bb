// Built-in mappings for the North Carolina DPI School Report Card research files, 2014–2019
// (../shared/data/nc-dpi-src; the Wake County extract in data/demo/nc-wake). One mapping per file
// layout. Column meanings are from NC DPI's data dictionary (nc-dpi-src/docs/
// data-dictionary_2019.xlsx, cited as "dict."); rcd_eq, rcd_funds2 and rcd_effectiveness3 are
// not in it and are read from their headers and values. Scales differ by file: rcd_acc_* files
// give percents (0–100), most others fractions (0–1), hence `scale: 100` on the latter.
//
// Not mapped, and why:
// - funding.csv (2014–17): every school row's own cells are blank; only the LEA and state
//   comparison columns are filled, and measure values belong to schools.
// - yoe.csv (2014–17): the experience bands again, long format; personnel.csv has them.
// - environment.csv, ratio.csv, rcd_acc_elp, rcd_effectiveness (2018 evaluation ratings by
//   standard), rcd_prin_demo (LEA/state only): no standard measure holds them yet.
// - rcd_course2's AP columns (2019): its All row's total_ap is, in 425 of the 466 schools with
//   AP students, 2018's rcd_courses2 tot_num_ap, and its group rows do not add up to it (FEM and
//   MALE shares sum to 100% in 18 of 421 schools; 920348: All 647, FEM 214 + MALE 210). Its IB
//   and CCP columns add up and agree with 2019's rcd_courses2, so they are mapped; AP by group
//   comes from rcd_courses2, whose shares add up in every school.
// - rcd_nbpts (2018): a count of National Board teachers; the share needs the teacher count
//   from another file (rcd_experience), which a one-file mapping cannot reach.
// - % EL and % SWD: NC publishes no school share. rcd_chronic_absent's subgroup rows cannot
//   give one either: their den is the school's total on every row (see below).
// - rcd_code_desc: the code sets themselves, used for the maps here.
import type { MappingInput, MeasureSpec } from '../mapping.ts';

type Input = MappingInput;
type MeasuresInput = Extract<MappingInput, { kind: 'measures' }>;
type Spec = Omit<MeasureSpec, 'type'> & { type?: MeasureSpec['type'] };
type TypedSpec = Spec & { type: MeasureSpec['type'] };

// The school code is 3 characters of LEA + 3 digits of school ('920302'); charter LEAs carry a
// letter ('92E000'). Spreadsheets drop leading zeros ('10303' for Alamance's '010303').
const school = (column: string) => ({
  column,
  padStart: 6,
  pattern: '^[0-9]{2}[0-9A-Z][0-9]{3}$',
});

// District (920LEA) and state (NC-SEA) rows carry comparison figures, not schools.
const schoolRowsOnly = (column: string) => [
  { column, notMatches: 'LEA$' },
  { column, notIn: ['NC-SEA', 'NATION'] },
];

// Subgroup codes (2018/rcd_code_desc.csv, code_set "subgroup"); rcd_acc_cgr also uses NEDS for
// "not economically disadvantaged". MIG, NSWD, Other and NA have no standard group: skipped.
const SUBGROUPS = {
  ALL: 'all',
  EDS: 'econ_disadv',
  NOT_EDS: 'not_econ_disadv',
  NEDS: 'not_econ_disadv',
  ELS: 'el',
  SWD: 'swd',
  WH7: 'white',
  BL7: 'black',
  HI7: 'hispanic',
  AM7: 'american_indian',
  AS7: 'asian',
  MU7: 'multiracial',
  PI7: 'pacific_islander',
  MALE: 'male',
  FEM: 'female',
  AIG: 'gifted',
  HMS: 'homeless',
  FCS: 'foster',
  MIL: 'military',
} as const;
const bySubgroup = { column: 'subgroup', map: SUBGROUPS };

// Masking codes (rcd_code_desc.csv, code_set "masking"); 0 is "None". Masked percents are
// published as the bound (95 for '>95%', dict. rcd_acc_cgr.pct), so a masked cell is suppressed.
const MASKING = { '0': null, '1': '>95%', '2': '<5%', '3': '<10', '4': 'Insufficient Data' };

// Grade-span category (rcd_code_desc.csv "category_code"): A = E+M+H, T = M+H, I = E+M.
const LEVELS = {
  E: 'elementary',
  M: 'middle',
  H: 'high',
  A: 'combined',
  T: 'combined',
  I: 'combined',
  '': 'other',
} as const;

const GRADES = ['A', 'B', 'C', 'D', 'F', 'A+NG']; // A+NG: "A + No Gaps", 2015–2017
const GROWTH = ['Met', 'NotMet', 'Exceeded']; // rcd_code_desc.csv "growth_status"
const YN = ['Y', 'N'];

const num = (measure: string, column: string, extra: Partial<Spec> = {}): TypedSpec => ({
  measure,
  column,
  type: 'number',
  ...extra,
});
const pct = (measure: string, column: string, extra: Partial<Spec> = {}) =>
  num(measure, column, { scale: 100, ...extra });
const text = (measure: string, column: string, allowed: string[]): TypedSpec => ({
  measure,
  column,
  type: 'text',
  allowed,
});

function measures(
  name: string,
  title: string,
  description: string,
  fileName: string,
  requiredColumns: string[],
  specs: Spec[],
  extra: Partial<MeasuresInput> = {},
): MeasuresInput {
  return {
    kind: 'measures',
    name,
    title,
    description,
    match: { fileName, requiredColumns },
    school: school('agency_code'),
    filter: schoolRowsOnly('agency_code'),
    year: { column: 'year' },
    maskingCodes: MASKING,
    measures: specs.map((s) => ({ ...s, type: s.type ?? 'number' })),
    ...extra,
  };
}

// ——— School directory ———

const rcdLocation: Input = {
  kind: 'schools',
  name: 'nc-dpi-rcd-location',
  title: 'NC DPI school directory (rcd_location, 2018–)',
  description: 'Schools with address, grade span, grade-span category and Title I status.',
  match: {
    fileName: '^rcd_location\\.csv',
    requiredColumns: ['agency_code', 'agency_level', 'name'],
  },
  school: school('agency_code'),
  filter: [{ column: 'agency_level', equals: 'SCH' }], // dict.: SCH/LEA/SEA/NAT
  fields: {
    name: { column: 'name' },
    stateId: { column: 'agency_code' },
    level: { column: 'category_code', map: LEVELS },
    gradeSpan: { column: 'grade_span', transform: 'gradeSpan' },
    // dict.: "Y indicator, title 1 status" — a blank cell means not Title I.
    isTitleI: { column: 'title_i', map: { Y: true, '': false } },
    street: { column: 'street_addr' },
    city: { column: 'city' },
    state: { column: 'state' },
    zip: { column: 'zip', transform: 'zip' },
  },
};

const profile: Input = {
  kind: 'schools',
  name: 'nc-dpi-profile',
  title: 'NC DPI school profile (profile, 2014–2017)',
  description: 'Schools with address, grade range, category and Title I; membership as enrollment.',
  match: {
    fileName: '^profile\\.csv',
    requiredColumns: ['unit_code', 'School_Name', 'student_num'],
  },
  school: school('unit_code'),
  filter: schoolRowsOnly('unit_code'),
  year: { column: 'year' },
  fields: {
    name: { column: 'School_Name' },
    stateId: { column: 'unit_code' },
    level: { column: 'category_cd', map: LEVELS },
    gradeSpan: { column: 'grade_range_cd', transform: 'gradeSpan' },
    isTitleI: { column: 'title1_type_cd', map: { Y: true, '': false } },
    street: { column: 'street_ad' },
    city: { column: 'scity_ad' },
    state: { column: 'state_ad' },
    zip: { column: 'szip_ad', transform: 'zip' },
  },
  measures: [num('enrollment', 'student_num', { note: 'Membership, as the profile reports it.' })],
};

// ——— Profile measures ———

const rcdAdm = measures(
  'nc-dpi-rcd-adm',
  'NC DPI average daily membership (rcd_adm, 2018–)',
  'Enrollment as average daily membership.',
  '^rcd_adm\\.csv',
  ['agency_code', 'avg_student_num'],
  [num('enrollment', 'avg_student_num')],
);

const rcdAccEds = measures(
  'nc-dpi-rcd-acc-eds',
  'NC DPI economically disadvantaged share (rcd_acc_eds, 2018–)',
  'Percent economically disadvantaged under accountability rules (already a percent).',
  '^rcd_acc_eds\\.csv',
  ['agency_code', 'pct_eds'],
  [num('pct_econ_disadv', 'pct_eds', { maskingColumn: 'pct_eds_masking' })],
);

// Share of students of colour: every race/ethnicity count but White, over the total.
const NOT_WHITE = ['Indian', 'Asian', 'Hispanic', 'Black', 'Pacific Island', 'Two or More'].flatMap(
  (race) => [`${race} Male`, `${race} Female`],
);
// The race columns (header "<race> Male", "<race> Female"; 2014–2017 write "Two or  More", which
// column matching reads as "Two or More") and the standard group each is. Total is their sum
// in every row of every year (checked on the statewide files, 2014–2019).
const RACES = [
  ['Indian', 'american_indian'],
  ['Asian', 'asian'],
  ['Hispanic', 'hispanic'],
  ['Black', 'black'],
  ['White', 'white'],
  ['Pacific Island', 'pacific_islander'],
  ['Two or More', 'multiracial'],
] as const;
const SEXES = [
  ['Male', 'male'],
  ['Female', 'female'],
] as const;
// Each group's headcount (the denominator of a group's course participation rate) and its share
// of the school (the denominator of a representation ratio), n = Total. No EL or SWD count: the
// file has none, and NC publishes no school share of them (see the header).
const byRaceAndSex: Spec[] = [
  num('headcount', 'Total'),
  ...[
    ...RACES.map(([race, group]) => [group, [`${race} Male`, `${race} Female`]] as const),
    ...SEXES.map(([sex, group]) => [group, RACES.map(([race]) => `${race} ${sex}`)] as const),
  ].flatMap(([group, columns]): Spec[] => [
    { measure: 'headcount', sumOf: [...columns], studentGroup: group },
    {
      measure: 'pct_of_enrollment',
      ratio: { numerator: [...columns], denominator: ['Total'] },
      scale: 100,
      n: { column: 'Total' },
      studentGroup: group,
    },
  ]),
];
const ecPupils = (codeColumn: string, name: string, years: string): Input => ({
  ...measures(
    name,
    `NC DPI membership by race and sex (ec_pupils, ${years})`,
    'Headcount by race/ethnicity × sex; gives % students of colour, with the total as n, and ' +
      'each race and sex group’s headcount and share of the school.',
    '^ec_pupils\\.csv',
    [codeColumn, 'White Male', 'White Female', 'Total'],
    [
      {
        measure: 'pct_minority',
        ratio: { numerator: NOT_WHITE, denominator: ['Total'] },
        scale: 100,
        n: { column: 'Total' },
      },
      ...byRaceAndSex,
    ],
  ),
  school: school(codeColumn),
  filter: schoolRowsOnly(codeColumn),
});

// ——— Accountability ———

const rcdAccSpg2 = measures(
  'nc-dpi-rcd-acc-spg2',
  'NC DPI school performance grades by subgroup (rcd_acc_spg2, 2018–)',
  'SPG score and grade, overall achievement, EVAAS growth status and score, by subgroup.',
  '^rcd_acc_spg2\\.csv',
  ['agency_code', 'subgroup', 'spg_score', 'spg_grade', 'ach_score', 'eg_status', 'eg_score'],
  [
    num('spg_score', 'spg_score'),
    text('spg_grade', 'spg_grade', GRADES),
    num('achievement_score', 'ach_score'), // dict.: "Overall Achievement Score"
    text('growth_status', 'eg_status', GROWTH),
    num('growth_score', 'eg_score'), // dict.: "EVAAS Growth Score" (not the index)
  ],
  { studentGroup: bySubgroup },
);

const rcdAccEg = measures(
  'nc-dpi-rcd-acc-eg',
  'NC DPI EVAAS growth by subject and subgroup (rcd_acc_eg, 2019–)',
  'The EVAAS growth index for all subjects together, by subgroup.',
  '^rcd_acc_eg\\.csv',
  ['agency_code', 'subject', 'subgroup', 'eg_index'],
  // Growth index: 0 is expected growth; can be negative, so no negative-code suppression.
  [num('growth_index', 'eg_index')],
  {
    studentGroup: bySubgroup,
    filter: [...schoolRowsOnly('agency_code'), { column: 'subject', equals: 'ALL' }],
  },
);

const rcdAccCgr = measures(
  'nc-dpi-rcd-acc-cgr',
  'NC DPI cohort graduation rate (rcd_acc_cgr, 2018–)',
  'Four-year cohort graduation rate (cgr_type STD) by subgroup, with the cohort as n.',
  '^rcd_acc_cgr\\.csv',
  ['agency_code', 'cgr_type', 'subgroup', 'den', 'pct'],
  [num('grad_rate_4yr', 'pct', { n: { column: 'den' }, maskingColumn: 'masking' })],
  {
    studentGroup: bySubgroup,
    // dict.: cgr_type STD is the standard (4-year) rate, EXT the extended (5-year) one.
    filter: [...schoolRowsOnly('agency_code'), { column: 'cgr_type', equals: 'STD' }],
  },
);

const rcdAccLowperf = measures(
  'nc-dpi-rcd-acc-lowperf',
  'NC DPI low-performing schools (rcd_acc_lowperf, 2018–)',
  'The published low-performing designation (G.S. 115C-105.37; DOMAIN.md §3).',
  '^rcd_acc_lowperf\\.csv',
  ['agency_code', 'lp_school'],
  [text('low_performing', 'lp_school', YN)],
);

// CSI covers both the lowest-performing (csi_lp) and low-graduation (csi_lg) routes (ESSA
// §1111(c)(4)(D); DOMAIN.md §3). dict.: tsi_cu "(2018 is Watch List only)", so in 2018 only the
// additional-targeted-support route (tsi_at) is a TSI designation.
const rcdAccEssaDesig = measures(
  'nc-dpi-rcd-acc-essa-desig',
  'NC DPI ESSA designations (rcd_acc_essa_desig, 2018–)',
  'Published CSI and TSI designations (Y/N).',
  '^rcd_acc_essa_desig\\.csv',
  ['agency_code', 'csi_lp', 'csi_lg', 'tsi_cu', 'tsi_at'],
  [
    {
      measure: 'csi_designation',
      type: 'text',
      yesIfAny: { columns: ['csi_lp', 'csi_lg'], equals: 'Y' },
    },
    {
      measure: 'tsi_designation',
      type: 'text',
      yesIfAny: { columns: ['tsi_at'], equals: 'Y' },
      when: [{ column: 'year', matches: '^2018(\\.0+)?$' }],
    },
    {
      measure: 'tsi_designation',
      type: 'text',
      yesIfAny: { columns: ['tsi_cu', 'tsi_at'], equals: 'Y' },
      when: [{ column: 'year', notMatches: '^2018(\\.0+)?$' }],
    },
  ],
);

// Only the ALL row is a rate. On the subgroup rows den is still the school's total (the same on
// every row: 727 for each of 920302's 2019 rows) and pct = the group's chronically absent count
// ÷ that total, i.e. the group's share of the school, not the group's rate; so they are skipped.
const rcdChronicAbsent = measures(
  'nc-dpi-rcd-chronic-absent',
  'NC DPI chronic absence (rcd_chronic_absent, 2018–)',
  'Share of all students chronically absent; pct is a fraction, den is n.',
  '^rcd_chronic_absent\\.csv',
  ['agency_code', 'subgroup', 'den', 'pct', 'masking'],
  [pct('chronic_absence_rate', 'pct', { n: { column: 'den' }, maskingColumn: 'masking' })],
  { filter: [...schoolRowsOnly('agency_code'), { column: 'subgroup', equals: 'ALL' }] },
);

// dict.: "Percentage of AP Exam participation rate" — exam takers, a fraction.
const rcdAp = measures(
  'nc-dpi-rcd-ap',
  'NC DPI AP participation (rcd_ap, 2018–)',
  'AP exam participation rate.',
  '^rcd_ap\\.csv',
  ['agency_code', 'pct_ap_participation'],
  [pct('ap_participation', 'pct_ap_participation')],
);

// dict. rcd_ib: "Percentage of IB Exam participation rate", "Percentage of IB Exam scores of 4
// or above"; fractions, like rcd_ap. 2018 leaves participation blank for most schools.
const rcdIb = measures(
  'nc-dpi-rcd-ib',
  'NC DPI IB participation and results (rcd_ib, 2018–)',
  'IB exam participation rate and share of IB exam scores of 4 or above (all students).',
  '^rcd_ib\\.csv',
  ['agency_code', 'pct_ib_participation', 'pct_ib_pass'],
  [pct('ib_participation', 'pct_ib_participation'), pct('ib_pct_score_4plus', 'pct_ib_pass')],
);

// AP, IB and Career & College Promise (CCP, NC's dual enrollment) course students by subgroup.
// The 2019 dictionary names the columns (rcd_courses2: pct_ap/ib/ccp, total_ap/ib/ccp) without
// defining them; the older one (data-dictionary.pdf) defines the school figure as students
// "enrolled in at least one" such course. What they hold is read from the numbers:
//
// rcd_courses2 (2018, 2019): tot_num_* is the school's students in those courses (the same on
// all 12 subgroup rows) and pct_* the subgroup's share of them, 0–100: FEM + MALE = 100 in every
// school where both are shown. The shares are masked: blank when the group has fewer than 10
// such students (or none; the file does not tell which), 5.0 for "<5%" and 95.0 for ">95%" —
// checked against rcd_course2's unmasked counts for 2019's IB and CCP: 323 of 326 cells of
// 5.0 are under 5%, every 95.0 over 95%, every blank a count of 1–9 or none. So 5.0 and 95.0 are
// suppression markers in the shares only (tot_num_* can be 5.0: five students).
// Other (no standard group) is skipped. 2018's file repeats charter 34H000's rows eight times,
// half with only the AP cells filled and half with only the CCP cells; a figure given twice
// refuses the file (decision 005), so that one school is left out.
const BOUND_SHARES = { extraMarkers: ['5.0', '95.0', '5', '95'] };
const courseShares = (kind: 'ap' | 'ib' | 'ccp'): Spec[] => [
  // The school's total once per school, from its FEM row (every school has exactly one).
  {
    measure: `${kind}_course_students`,
    column: `tot_num_${kind}`,
    studentGroup: 'all',
    when: [{ column: 'subgroup', equals: 'FEM' }],
  },
  {
    measure: `pct_of_${kind}_students`,
    column: `pct_${kind}`,
    n: { column: `tot_num_${kind}` },
    cells: BOUND_SHARES,
  },
];
const rcdCourses2 = measures(
  'nc-dpi-rcd-courses2',
  'NC DPI AP, IB and dual-enrollment students by subgroup (rcd_courses2, 2018–)',
  'Students in AP, IB and Career & College Promise courses, and each subgroup’s share of them.',
  '^rcd_courses2\\.csv',
  ['agency_code', 'subgroup', 'tot_num_ap', 'pct_ap', 'tot_num_ib', 'pct_ib', 'tot_num_ccp'],
  [...courseShares('ap'), ...courseShares('ib'), ...courseShares('ccp')],
  {
    studentGroup: bySubgroup,
    filter: [...schoolRowsOnly('agency_code'), { column: 'agency_code', notEquals: '34H000' }],
  },
);

// rcd_course2 (2019 only; the layout the 2019 dictionary lists under rcd_courses2): the same
// figures as counts, unmasked (groups of 1 are shown), with an All row (pct 100). total_ib and
// total_ccp are the group's students: the race rows and the sex rows each add up to All in every
// school, and pct = total ÷ All's total. Its AP columns are not read (see the header). A blank
// count stays missing: the file does not say it means none. Charter 34H000 has two rows per
// subgroup here too (the same IB and CCP cells, different AP ones: FEM pct_ap 300.0 on one),
// and is left out for the same reason as in rcd_courses2.
const rcdCourse2 = measures(
  'nc-dpi-rcd-course2',
  'NC DPI IB and dual-enrollment students by subgroup (rcd_course2, 2019)',
  'Students in IB and Career & College Promise courses, by subgroup (counts).',
  '^rcd_course2\\.csv',
  ['agency_code', 'subgroup', 'total_ap', 'total_ib', 'total_ccp', 'pct_ib', 'pct_ccp'],
  [num('ib_course_students', 'total_ib'), num('ccp_course_students', 'total_ccp')],
  {
    studentGroup: { column: 'subgroup', map: { ...SUBGROUPS, All: 'all' } },
    filter: [...schoolRowsOnly('agency_code'), { column: 'agency_code', notEquals: '34H000' }],
  },
);

const spg = (name: string, years: string, gradColumn: string): Input =>
  measures(
    name,
    `NC DPI school performance grades (spg, ${years})`,
    'SPG score and grade, overall achievement, EVAAS growth, graduation (all students).',
    '^spg\\.csv',
    ['unit_code', 'SPG Score', 'SPG Grade', 'EVAAS Growth Status', gradColumn],
    [
      num('spg_score', 'SPG Score'),
      text('spg_grade', 'SPG Grade', GRADES),
      num('achievement_score', 'Overall Achievement Score'),
      text('growth_status', 'EVAAS Growth Status', GROWTH),
      num('growth_score', 'EVAAS Growth Score'),
      // The SPG graduation component is the 4-year cohort rate: in 2018–19, where both are
      // published, rcd_acc_spg2.cgrs_score equals rcd_acc_cgr STD/ALL pct for every Wake school.
      num('grad_rate_4yr', gradColumn),
    ],
    {
      school: school('unit_code'),
      filter: schoolRowsOnly('unit_code'),
      // These files have no year column: the year is the folder (…/2016/spg.csv) or a
      // year in the file's name, the last one in the path (the greedy `.*` passes the others).
      year: { fromFileName: '.*(20\\d{2})' },
      // Statewide, schools without enough data to grade have 'I' as their grade and every other
      // cell blank (e.g. 010311 in 2014–2017): not a grade, a withheld one.
      cells: { extraMarkers: ['I'] },
    },
  );

// ——— Staffing ———

const rcdEq = measures(
  'nc-dpi-rcd-eq',
  'NC DPI educator qualifications by school poverty (rcd_eq, 2019)',
  'Teachers; beginning and provisionally licensed teachers; inexperienced principals.',
  '^rcd_eq\\.csv',
  ['agency_code', 'number_of_teachers', 'pct_beg_teachers', 'pct_prov_teachers'],
  [
    num('teachers_count', 'number_of_teachers'),
    pct('pct_teachers_beginning', 'pct_beg_teachers', { n: { column: 'number_of_teachers' } }),
    pct('pct_teachers_provisional', 'pct_prov_teachers', { n: { column: 'number_of_teachers' } }),
    pct('pct_principals_inexperienced', 'pct_inexp_prin', { n: { column: 'num_prin' } }),
  ],
);

const evaluated = { sumOf: ['ni', 'eff', 'he'] };
const rcdEffectiveness3 = measures(
  'nc-dpi-rcd-effectiveness3',
  'NC DPI teacher EVAAS effectiveness (rcd_effectiveness3, 2019)',
  'Shares of teachers Needs Improvement / Effective / Highly Effective; n = all three.',
  '^rcd_effectiveness3\\.csv',
  ['agency_code', 'ni', 'eff', 'he', 'ni_pct', 'eff_pct', 'he_pct'],
  [
    pct('pct_teachers_needs_improvement', 'ni_pct', { n: evaluated }),
    pct('pct_teachers_effective', 'eff_pct', { n: evaluated }),
    pct('pct_teachers_highly_effective', 'he_pct', { n: evaluated }),
  ],
);

// dict. rcd_experience: pct_experience_0/4/10 are the 0–3, 4–10 and 10+ (i.e. 11+) bands;
// avg_class_teach is the school's classroom teachers (total_class_teach is the state's).
const rcdExperience = measures(
  'nc-dpi-rcd-experience',
  'NC DPI teacher experience and turnover (rcd_experience, 2018)',
  'Experience bands and one-year turnover of classroom teachers (staff = Teacher rows).',
  '^rcd_experience\\.csv',
  ['agency_code', 'staff', 'pct_experience_0', 'pct_turnover', 'avg_class_teach'],
  [
    num('teachers_count', 'avg_class_teach'),
    ...(
      [
        ['pct_teachers_0_3yrs', 'pct_experience_0'],
        ['pct_teachers_4_10yrs', 'pct_experience_4'],
        ['pct_teachers_11plus_yrs', 'pct_experience_10'],
        ['pct_teacher_turnover', 'pct_turnover'],
      ] as const
    ).map(([measure, column]) => pct(measure, column, { n: { column: 'avg_class_teach' } })),
  ],
  { filter: [...schoolRowsOnly('agency_code'), { column: 'staff', equals: 'Teacher' }] },
);

const rcdLicenses = measures(
  'nc-dpi-rcd-licenses',
  'NC DPI teacher licensure (rcd_licenses, 2018)',
  'Shares of teachers fully licensed and on lateral-entry licences.',
  '^rcd_licenses\\.csv',
  ['agency_code', 'pct_fully_licensed', 'pct_lateral_entry'],
  [
    pct('pct_teachers_fully_licensed', 'pct_fully_licensed'),
    pct('pct_teachers_lateral_entry', 'pct_lateral_entry'),
  ],
);

// 2014–2017 personnel: school figures are the unprefixed columns (lea_/st_ are comparisons).
// A blank cell (common in emer_prov_teach_pct and lateral_teach_pct) stays missing: the file
// does not say it means zero. emer_prov_teach_pct counts emergency and provisional licences;
// lateral entry is its own column.
const perTeacher = { n: { column: 'class_teach_num' } };
const personnel = measures(
  'nc-dpi-personnel',
  'NC DPI personnel (personnel, 2014–2017)',
  'Teachers, licensure, experience bands, turnover, lateral entry, National Board share.',
  '^personnel\\.csv',
  ['unit_code', 'class_teach_num', 'flicensed_teach_pct', 'tchyrs_0thru3_pct', 'nbpts_num'],
  [
    num('teachers_count', 'class_teach_num'),
    pct('pct_teachers_fully_licensed', 'flicensed_teach_pct', perTeacher),
    pct('pct_teachers_0_3yrs', 'tchyrs_0thru3_pct', perTeacher),
    pct('pct_teachers_4_10yrs', 'tchyrs_4thru10_pct', perTeacher),
    pct('pct_teachers_11plus_yrs', 'tchyrs_11plus_pct', perTeacher),
    pct('pct_teacher_turnover', '_1yr_tchr_trnovr_pct', perTeacher),
    pct('pct_teachers_lateral_entry', 'lateral_teach_pct', perTeacher),
    pct('pct_teachers_provisional', 'emer_prov_teach_pct', perTeacher),
    {
      measure: 'pct_teachers_nbpts',
      ratio: { numerator: ['nbpts_num'], denominator: ['class_teach_num'] },
      scale: 100,
      ...perTeacher,
    },
  ],
  { school: school('unit_code'), filter: schoolRowsOnly('unit_code') },
);

const schoolIndicators = measures(
  'nc-dpi-school-indicators',
  'NC DPI school indicators (school-indicators, 2014–2017)',
  'AP participation (a fraction) for high schools.',
  '^school-indicators\\.csv',
  ['unit_code', 'ap_participation_pct'],
  [pct('ap_participation', 'ap_participation_pct')],
  { school: school('unit_code'), filter: schoolRowsOnly('unit_code') },
);

// ——— Finance ———

const rcdFunds2 = measures(
  'nc-dpi-rcd-funds2',
  'NC DPI school-level per-pupil spending (rcd_funds2, 2019)',
  'Per-pupil expenditure by source from the TOTAL row; n is ADM.',
  '^rcd_funds2\\.csv',
  ['agency_code', 'expenditure_category', 'total_ppe', 'state_ppe', 'federal_ppe', 'local_ppe'],
  [
    num('ppe_total', 'total_ppe', { n: { column: 'ADM' } }),
    num('ppe_state', 'state_ppe', { n: { column: 'ADM' } }),
    num('ppe_federal', 'federal_ppe', { n: { column: 'ADM' } }),
    num('ppe_local', 'local_ppe', { n: { column: 'ADM' } }),
  ],
  {
    // One row per object of expenditure; TOTAL is their sum.
    filter: [...schoolRowsOnly('agency_code'), { column: 'expenditure_category', equals: 'TOTAL' }],
  },
);

export const NC_DPI_MAPPINGS: readonly Input[] = [
  rcdLocation,
  profile,
  rcdAdm,
  rcdAccEds,
  ecPupils('agency_code', 'nc-dpi-ec-pupils', '2018–'),
  ecPupils('unit_code', 'nc-dpi-ec-pupils-2014', '2014–2017'),
  rcdAccSpg2,
  rcdAccEg,
  rcdAccCgr,
  rcdAccLowperf,
  rcdAccEssaDesig,
  rcdChronicAbsent,
  rcdAp,
  rcdIb,
  rcdCourses2,
  rcdCourse2,
  spg('nc-dpi-spg-2014', '2014–2015', 'Cohort Graduation Rate Standard Score'),
  spg('nc-dpi-spg-2016', '2016–2017', '4-Year Cohort Graduation Rate Score'),
  rcdEq,
  rcdEffectiveness3,
  rcdExperience,
  rcdLicenses,
  personnel,
  schoolIndicators,
  rcdFunds2,
];
