// Synthetic person-level staff for a district whose staffing is published only as school-level
// aggregates (issue #2: "Person-level staff for the demo are synthetic: generated
// deterministically so that each school's aggregates match the published figures, and labelled
// synthetic wherever they appear"). Pure: no I/O, no clock; the same input gives the same output.
//
// Approach: generate each year's roster to meet that year's targets exactly while keeping as
// many of last year's people as those targets allow.
// 1. Targets per school-year (targets.ts, fit.ts): teachers; teachers per experience band (0–2
//    years = NC "beginning teacher", 3, 4–10, 11+); licence status; ratings where published;
//    whether the principal is inexperienced. count = round(pct / 100 × n). Missing or suppressed
//    figures fall back to the school's nearest year, else the district median (aggregates.ts),
//    and the report lists each one. Published band totals are firm; splits that rest on
//    fallbacks are soft goals.
// 2. One workforce, year by year (roster.ts): everyone gains a year; a school keeps the teachers
//    its firm totals allow, then loses random others until its turnover rate is met (choosing
//    first those who would overfill next year's totals); some leavers move to another school's
//    vacancy in their band, the rest leave; remaining vacancies go to new teachers (0 years) or
//    to experienced hires from outside.
// 3. Within each roster: licence status (credentials.ts) and ratings; principals stay, move or
//    are appointed (principals.ts).
//
// Ratings exist only in school-years whose NI/E/HE distribution was published (NC: 2019,
// rcd_effectiveness3). Elsewhere they are left absent rather than inventing figures nobody
// published; a rating is a confidential personnel record (DOMAIN.md §2), and a fabricated one
// would look as authoritative as a calibrated one.
import { MEASURES, StaffingAggregates, STAFFING_MEASURE_KEYS } from './aggregates.ts';
import { credentialRows, rateTeachers, assignCredentials } from './credentials.ts';
import { levelGroup, PeopleFactory, type LevelGroup } from './people.ts';
import { nextPrincipals, type Principals } from './principals.ts';
import { createPrng, hashSeed } from './prng.ts';
import { firstRosters, nextRosters, type Rosters, type YearContext } from './roster.ts';
import { buildTargets, type SchoolYearTargets } from './targets.ts';
import type {
  AdjustmentNote,
  FallbackNote,
  Notes,
  Person,
  SchoolInfo,
  StaffingValue,
  SyntheticAssignmentRow,
  SyntheticCredentialRow,
  SyntheticRatingRow,
  SyntheticStaffRow,
} from './types.ts';

export { MEASURES, STAFFING_MEASURE_KEYS };
export type * from './types.ts';

export interface SyntheticStaffInput {
  districtId: string;
  batchId: string | null;
  schools: readonly SchoolInfo[];
  /** The district's staffing figures (student group 'all'), whatever their status. */
  values: readonly StaffingValue[];
  /** Defaults to a hash of the district id. */
  seed?: number;
}

export interface SyntheticStaffReport {
  seed: number;
  years: number[];
  /** School-years with any staffing figure, each of which gets a roster. */
  schoolYears: number;
  counts: {
    staff: number;
    assignments: number;
    teacherAssignments: number;
    principalAssignments: number;
    ratings: number;
    credentials: number;
  };
  /** School-years with a published rating distribution, the only ones with ratings. */
  ratedSchoolYears: number;
  /** School-years whose principal matches a published figure; the rest follow continuity. */
  principalsPublished: number;
  fallbacks: FallbackNote[];
  adjustments: AdjustmentNote[];
}

export interface SyntheticStaff {
  staff: SyntheticStaffRow[];
  assignments: SyntheticAssignmentRow[];
  ratings: SyntheticRatingRow[];
  credentials: SyntheticCredentialRow[];
  report: SyntheticStaffReport;
}

export function generateSyntheticStaff(input: SyntheticStaffInput): SyntheticStaff {
  const { districtId, batchId } = input;
  const seed = input.seed ?? hashSeed(districtId);
  const prng = createPrng(seed);
  const agg = new StaffingAggregates(input.values);
  const groups = new Map<string, LevelGroup>(input.schools.map((s) => [s.id, levelGroup(s.level)]));
  const notes: Notes = { fallbacks: [], adjustments: [] };
  const people = new PeopleFactory(prng);
  const years = agg.years();
  const assignments: SyntheticAssignmentRow[] = [];
  const ratings: SyntheticRatingRow[] = [];
  let rosters: Rosters | null = null;
  let principals: Principals | null = null;
  let schoolYears = 0;
  let ratedSchoolYears = 0;
  let principalsPublished = 0;

  // Targets for every year first, so that the model can look a year ahead.
  const targetsByYear = years.map((year, i) => {
    const targets = new Map<string, SchoolYearTargets>();
    const lastYear = new Set(i > 0 ? agg.schoolsIn(years[i - 1] ?? 0) : []);
    for (const schoolId of agg.schoolsIn(year)) {
      targets.set(schoolId, buildTargets(agg, schoolId, year, lastYear.has(schoolId), notes));
    }
    return targets;
  });

  for (const [i, year] of years.entries()) {
    const ctx: YearContext = {
      year,
      prng,
      people,
      groupOf: (id) => groups.get(id) ?? 'secondary',
      notes,
    };
    const targets = targetsByYear[i] ?? new Map<string, SchoolYearTargets>();
    const nextYear = years[i + 1];
    const nextTargets = targetsByYear[i + 1];
    const lookahead =
      nextYear !== undefined && nextTargets ? { targets: nextTargets, gap: nextYear - year } : null;
    const previousYear = years[i - 1];
    const gap = previousYear === undefined ? 0 : year - previousYear;
    rosters = rosters
      ? nextRosters(rosters, targets, gap, lookahead, ctx)
      : firstRosters(targets, ctx);
    principals = nextPrincipals(principals, targets, gap, ctx);

    // Rows are written out field by field: spreading a shared object into 60,000 rows was the
    // slowest step of the whole generation.
    const row = (person: Person, schoolId: string, role: 'teacher' | 'principal') =>
      ({
        district_id: districtId,
        staff_id: person.id,
        school_id: schoolId,
        school_year: year,
        role,
        fte: 1,
        subject: role === 'teacher' ? person.subject : null,
        is_in_field: role === 'teacher' ? person.isInField : null,
        years_experience: person.experience,
        batch_id: batchId,
      }) satisfies SyntheticAssignmentRow;
    for (const [schoolId, target] of targets) {
      const roster = rosters.get(schoolId) ?? [];
      schoolYears += 1;
      assignCredentials(roster, target.credentials, year, prng);
      for (const person of roster) assignments.push(row(person, schoolId, 'teacher'));
      const rated = rateTeachers(roster, target.ratings, prng);
      if (target.ratings) ratedSchoolYears += 1;
      for (const { person, rating } of rated) {
        ratings.push({
          district_id: districtId,
          staff_id: person.id,
          school_year: year,
          rating,
          rating_scale: 'NC EVAAS',
          batch_id: batchId,
        });
      }
      const principal = principals.get(schoolId);
      if (!principal) continue;
      if (target.principalInexperienced !== null) principalsPublished += 1;
      assignments.push(row(principal, schoolId, 'principal'));
    }
  }

  const staff = people.created.map((p): SyntheticStaffRow => ({
    district_id: districtId,
    id: p.id,
    first_name: p.firstName,
    last_name: p.lastName,
    is_synthetic: true,
    batch_id: batchId,
  }));
  const credentials = credentialRows(
    people.created,
    years[years.length - 1] ?? 0,
    districtId,
    batchId,
  );
  const teacherAssignments = assignments.filter((a) => a.role === 'teacher').length;
  return {
    staff,
    assignments,
    ratings,
    credentials,
    report: {
      seed,
      years,
      schoolYears,
      counts: {
        staff: staff.length,
        assignments: assignments.length,
        teacherAssignments,
        principalAssignments: assignments.length - teacherAssignments,
        ratings: ratings.length,
        credentials: credentials.length,
      },
      ratedSchoolYears,
      principalsPublished,
      fallbacks: notes.fallbacks,
      adjustments: notes.adjustments,
    },
  };
}
