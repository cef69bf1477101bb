// Access to rigorous courses (issue #4; DOMAIN.md §1 "access to rigorous courses"): for one
// school and year, each student group's participation in AP, IB and dual-enrollment courses and
// how well it is represented in them.
//
// - Participation rate = the group's students in those courses ÷ the group's students (its
//   headcount), × 100. n is the group's headcount.
// - Representation ratio = the group's share of the course's students ÷ its share of the school's
//   students. 1.0 means the group is in the courses in proportion to its place in the school;
//   0.5, half as often. This is how the Office for Civil Rights reads its Civil Rights Data
//   Collection: a group's share of students enrolled in AP set beside its share of enrollment
//   ("Black and Latino students make up 37% of students in high schools, 27% of students enrolled
//   in at least one AP course": CRDC Data Snapshot: College and Career Readiness, Issue Brief
//   No. 3, March 2014; Dear Colleague Letter on Title VI and access to AP, 22 May 2008). Written
//   out, the ratio is (a_g / A) ÷ (e_g / E) = (a_g / e_g) ÷ (A / E): the group's participation
//   rate over the school's, so it is a rate about the group's e_g students and takes its n.
//
// Minimum n (DOMAIN.md §6), as the gaps apply it: a rate or ratio about a group of fewer than n
// students is hidden, never shown as zero; a share of the course's students needs n course
// students in the school. A figure the publisher suppressed stays suppressed, with its marker.
//
// Inputs, by measure (src/domain/shared/catalogue.ts): `<kind>_course_students` (counts, 'all'
// and where published by group), `pct_of_<kind>_students` (the group's published share of them),
// `headcount` ('all' and by group) and `pct_of_enrollment` (a group's share of the school, used
// where no headcount is published). A group's count is the published count, else its published
// share × the school's count (NC publishes shares to 0.01 points, so for fewer than 10,000
// course students the product rounds to the exact count). Where a state gives no headcount for a
// group (NC: English learners, students with disabilities) only the group's share of the course
// students can be shown: its composition, not a rate.
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import type { StudentGroup } from '../shared/catalogue.ts';
import { figureOf, reportedValue, type Figure, type SchoolYearFigures } from './types.ts';

export const COURSE_KINDS = ['ap', 'ib', 'ccp'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export const COURSE_LABELS: Record<CourseKind, string> = {
  ap: 'AP',
  ib: 'IB',
  ccp: 'Dual enrollment',
};

/** Groups the indicator reports on, in catalogue order. */
export const COURSE_ACCESS_GROUPS: readonly StudentGroup[] = [
  'all',
  'el',
  'swd',
  'white',
  'black',
  'hispanic',
  'asian',
  'american_indian',
  'pacific_islander',
  'multiracial',
  'male',
  'female',
];

export const COURSE_MEASURES = {
  headcount: 'headcount',
  shareOfEnrollment: 'pct_of_enrollment',
  students: (kind: CourseKind) => `${kind}_course_students`,
  shareOfStudents: (kind: CourseKind) => `pct_of_${kind}_students`,
} as const;

export type AccessStatus = 'shown' | 'suppressed' | 'missing';

export interface AccessFigure {
  status: AccessStatus;
  value: number | null;
  /** How many people the figure is about, where known. */
  n: number | null;
  /** Why it is hidden: the publisher's marker ('<5%') or ours ('n<10'). */
  marker: string | null;
}

export interface CourseAccessFigures {
  /** The group's students in these courses (a count; null when hidden or not published). */
  students: number | null;
  /** % of the group's students in these courses. */
  rate: AccessFigure;
  /** The group's % of the school's students in these courses. */
  share: AccessFigure;
  /** share ÷ the group's share of the school; 1 = in proportion. Null for all students. */
  ratio: AccessFigure;
}

export interface CourseAccessGroup {
  group: StudentGroup;
  /** The group's headcount (the n of its rates), where published. */
  headcount: number | null;
  /** The group's % of the school's students. */
  shareOfSchool: number | null;
  courses: Record<CourseKind, CourseAccessFigures>;
}

export interface SchoolCourseAccess {
  schoolId: string;
  year: number;
  minimumN: number;
  /** The course kinds this school has a figure for, in COURSE_KINDS order. */
  kinds: CourseKind[];
  /** All students first, then each group with a figure. */
  groups: CourseAccessGroup[];
}

const shown = (value: number, n: number | null): AccessFigure => ({
  status: 'shown',
  value,
  n,
  marker: null,
});
const missing: AccessFigure = { status: 'missing', value: null, n: null, marker: null };
const hidden = (n: number | null, marker: string): AccessFigure => ({
  status: 'suppressed',
  value: null,
  n,
  marker,
});

const isSuppressed = (f: Figure | undefined) => f?.status === 'suppressed';
// The diagnostics' figures do not carry the publisher's marker text; say who hid it.
const markerOf = (f: Figure | undefined) => f?.marker ?? 'suppressed by the publisher';

/** Whether the row has at least one course figure (for choosing the year to show). */
export function hasCourseFigures(row: SchoolYearFigures): boolean {
  return COURSE_KINDS.some((kind) => {
    const all = figureOf(row, COURSE_MEASURES.students(kind));
    return all !== undefined && all.status !== 'missing';
  });
}

/**
 * The indicator for one school-year, or null when the row has no course figures. Groups with no
 * figure for any kind (and no headcount) are left out; all students always come first.
 */
export function computeCourseAccess(
  row: SchoolYearFigures,
  options: { minimumN?: number } = {},
): SchoolCourseAccess | null {
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  if (!hasCourseFigures(row)) return null;
  const kinds = COURSE_KINDS.filter((kind) => {
    const all = figureOf(row, COURSE_MEASURES.students(kind));
    return all !== undefined && all.status !== 'missing';
  });
  const totalHeadcount = reportedValue(figureOf(row, COURSE_MEASURES.headcount));
  const smallN = `n<${minimumN}`;

  const groups: CourseAccessGroup[] = [];
  for (const group of COURSE_ACCESS_GROUPS) {
    const headcount =
      group === 'all'
        ? totalHeadcount
        : reportedValue(figureOf(row, COURSE_MEASURES.headcount, group));
    const shareOfSchool =
      group === 'all'
        ? totalHeadcount === null
          ? null
          : 100
        : headcount !== null && totalHeadcount !== null && totalHeadcount > 0
          ? (headcount / totalHeadcount) * 100
          : reportedValue(figureOf(row, COURSE_MEASURES.shareOfEnrollment, group));
    const courses = {} as Record<CourseKind, CourseAccessFigures>;
    let hasFigure = headcount !== null;
    for (const kind of COURSE_KINDS) {
      const figures = courseFigures(row, group, kind, {
        headcount,
        shareOfSchool,
        minimumN,
        smallN,
      });
      if (figures.share.status !== 'missing' || figures.rate.status !== 'missing') hasFigure = true;
      courses[kind] = figures;
    }
    if (group === 'all' || hasFigure) groups.push({ group, headcount, shareOfSchool, courses });
  }
  return { schoolId: row.schoolId, year: row.year, minimumN, kinds, groups };
}

function courseFigures(
  row: SchoolYearFigures,
  group: StudentGroup,
  kind: CourseKind,
  ctx: { headcount: number | null; shareOfSchool: number | null; minimumN: number; smallN: string },
): CourseAccessFigures {
  const totalFigure = figureOf(row, COURSE_MEASURES.students(kind));
  const total = reportedValue(totalFigure);
  const countFigure =
    group === 'all' ? totalFigure : figureOf(row, COURSE_MEASURES.students(kind), group);
  const shareFigure =
    group === 'all' ? undefined : figureOf(row, COURSE_MEASURES.shareOfStudents(kind), group);
  const publishedCount = reportedValue(countFigure);
  const publishedShare = reportedValue(shareFigure);

  // The group's share of the course's students: as published, else from the counts.
  let shareValue: number | null = null;
  if (group === 'all') shareValue = total === null ? null : 100;
  else if (publishedShare !== null) shareValue = publishedShare;
  else if (publishedCount !== null && total !== null && total > 0)
    shareValue = (publishedCount / total) * 100;

  // The group's count: as published, else its share of the school's count.
  let students = publishedCount;
  if (students === null && publishedShare !== null && total !== null) {
    students = Math.round((publishedShare * total) / 100);
  }
  const publisherHid =
    publishedCount === null &&
    publishedShare === null &&
    (isSuppressed(countFigure) || isSuppressed(shareFigure));
  const publisherMarker = isSuppressed(shareFigure) ? markerOf(shareFigure) : markerOf(countFigure);

  // Share of the course's students: about the school's `total` course students. With fewer
  // than n of them, a group's rate would give its count and so its share (rate × headcount ÷
  // the school's count, which the all-students rate shows): every group figure is hidden.
  const fewInCourse = group !== 'all' && total !== null && total < ctx.minimumN;
  let share: AccessFigure;
  if (publisherHid) share = hidden(total, publisherMarker);
  else if (shareValue === null) share = missing;
  else if (total !== null && total < ctx.minimumN) share = hidden(total, ctx.smallN);
  else share = shown(shareValue, total);

  // Participation rate: about the group's `headcount` students.
  const small = ctx.headcount !== null && ctx.headcount < ctx.minimumN;
  let rate: AccessFigure;
  if (ctx.headcount === null) rate = missing;
  else if (small || (fewInCourse && shareValue !== null)) rate = hidden(ctx.headcount, ctx.smallN);
  else if (students !== null && ctx.headcount > 0)
    rate = shown((students / ctx.headcount) * 100, ctx.headcount);
  else if (publisherHid) rate = hidden(ctx.headcount, publisherMarker);
  else rate = missing;

  // Representation ratio: the rate over the school's rate, so the group's n applies.
  let ratio: AccessFigure;
  if (group === 'all' || ctx.shareOfSchool === null) ratio = missing;
  else if (small) ratio = hidden(ctx.headcount, ctx.smallN);
  else if (share.status === 'suppressed') ratio = hidden(ctx.headcount, share.marker ?? ctx.smallN);
  else if (share.status === 'shown' && share.value !== null && ctx.shareOfSchool > 0)
    ratio = shown(share.value / ctx.shareOfSchool, ctx.headcount);
  else ratio = missing;

  // A hidden share or rate hides the count that would give it away.
  return {
    students: share.status === 'suppressed' || rate.status === 'suppressed' ? null : students,
    rate,
    share,
    ratio,
  };
}

/** The definition, with the n rule, for the page and the reports. */
export function describeCourseAccess(minimumN: number = DEFAULT_MINIMUM_N): string {
  return (
    'Participation rate: the group’s students enrolled in AP, IB or dual-enrollment (NC Career & ' +
    'College Promise) courses ÷ the group’s headcount (n). Share: the group’s part of the school’s ' +
    'students in those courses. Representation ratio: that share ÷ the group’s share of the ' +
    'school; 1.0 means in proportion, below 1 under-represented (the Office for Civil Rights’ ' +
    `reading of its Civil Rights Data Collection). Groups of fewer than ${minimumN} students, and ` +
    `shares of fewer than ${minimumN} course students, are hidden (DOMAIN.md §6). Headcounts cover ` +
    'every grade the school serves, so a combined school’s rates run low. NC publishes no ' +
    'headcount of English learners or students with disabilities by school: for them only the ' +
    'share of course students is shown.'
  );
}
