// Every expected number below is worked out by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import type { StudentGroup } from '../shared/catalogue.ts';
import { computeCourseAccess, describeCourseAccess } from './course-access.ts';
import type { Figure, FigureTable, SchoolYearFigures } from './types.ts';

const v = (value: number, n: number | null = null): Figure => ({
  value,
  text: null,
  status: 'reported',
  n,
});
const suppressed: Figure = {
  value: null,
  text: null,
  status: 'suppressed',
  n: null,
  marker: '<5%',
};

// 1,000 students: 500 White, 200 Black, 150 Hispanic, 8 Asian. 100 AP students (NC-style: the
// school's count, each group's published share), 20 IB students (group counts, rcd_course2
// style), 6 dual-enrollment students.
function school(): SchoolYearFigures {
  const groups: Partial<Record<StudentGroup, FigureTable>> = {
    white: { headcount: v(500), pct_of_ap_students: v(70, 100) },
    black: {
      headcount: v(200),
      pct_of_ap_students: v(10, 100),
      ib_course_students: v(4),
      pct_of_ccp_students: v(50, 6),
    },
    hispanic: { headcount: v(150) },
    asian: { headcount: v(8), pct_of_ap_students: suppressed },
    el: { pct_of_ap_students: v(3, 100) },
  };
  return {
    schoolId: '920348',
    year: 2019,
    level: 'high',
    isTitleI: false,
    values: {
      headcount: v(1000),
      ap_course_students: v(100),
      ib_course_students: v(20),
      ccp_course_students: v(6),
    },
    groups,
  };
}

describe('computeCourseAccess', () => {
  const access = computeCourseAccess(school(), { minimumN: 10 })!;
  const group = (g: StudentGroup) => access.groups.find((x) => x.group === g)!;

  it('lists all students first, then the groups with any figure', () => {
    expect(access.kinds).toEqual(['ap', 'ib', 'ccp']);
    expect(access.groups.map((g) => g.group)).toEqual([
      'all',
      'el',
      'white',
      'black',
      'hispanic',
      'asian',
    ]);
  });

  it('all students: the school’s rate, share 100, no ratio', () => {
    const all = group('all');
    expect(all.headcount).toBe(1000);
    expect(all.courses.ap.students).toBe(100);
    expect(all.courses.ap.rate).toEqual({ status: 'shown', value: 10, n: 1000, marker: null }); // 100 / 1000
    expect(all.courses.ap.share.value).toBe(100);
    expect(all.courses.ap.ratio.status).toBe('missing');
  });

  it('rate = the group’s course students ÷ its headcount; ratio = share of course ÷ share of school', () => {
    const black = group('black');
    expect(black.shareOfSchool).toBe(20); // 200 / 1000
    // AP: 10% of 100 = 10 students; 10 / 200 = 5%; 10% ÷ 20% = 0.5.
    expect(black.courses.ap.students).toBe(10);
    expect(black.courses.ap.rate).toEqual({ status: 'shown', value: 5, n: 200, marker: null });
    expect(black.courses.ap.share).toEqual({ status: 'shown', value: 10, n: 100, marker: null });
    expect(black.courses.ap.ratio).toEqual({ status: 'shown', value: 0.5, n: 200, marker: null });
    // The ratio is also the group's rate over the school's: 5% ÷ 10%.
    expect(black.courses.ap.ratio.value).toBeCloseTo(5 / 10, 12);
    // IB from a count: 4 of 20 = 20%; 4 / 200 = 2%; 20% ÷ 20% = 1.0 (in proportion).
    expect(black.courses.ib.share.value).toBeCloseTo(20, 12);
    expect(black.courses.ib.rate.value).toBeCloseTo(2, 12);
    expect(black.courses.ib.ratio.value).toBeCloseTo(1, 12);

    const white = group('white');
    // 70% of 100 = 70; 70 / 500 = 14%; 70% ÷ 50% = 1.4.
    expect(white.courses.ap.rate.value).toBeCloseTo(14, 12);
    expect(white.courses.ap.ratio.value).toBeCloseTo(1.4, 12);
  });

  it('hides a group under the minimum n, and keeps the publisher’s suppression', () => {
    const asian = group('asian');
    expect(asian.headcount).toBe(8);
    // 8 students < 10: rate and ratio hidden with our marker, not zero.
    expect(asian.courses.ap.rate).toEqual({
      status: 'suppressed',
      value: null,
      n: 8,
      marker: 'n<10',
    });
    expect(asian.courses.ap.ratio).toEqual({
      status: 'suppressed',
      value: null,
      n: 8,
      marker: 'n<10',
    });
    // The share NC masked as "<5%" stays suppressed with its marker.
    expect(asian.courses.ap.share).toEqual({
      status: 'suppressed',
      value: null,
      n: 100,
      marker: '<5%',
    });
    expect(asian.courses.ap.students).toBeNull();
    // With a minimum n of 5 the group is shown, but the publisher's share stays hidden, so the
    // rate and ratio cannot be computed: suppressed, not missing.
    const lower = computeCourseAccess(school(), { minimumN: 5 })!;
    const asian5 = lower.groups.find((g) => g.group === 'asian')!;
    expect(asian5.courses.ap.rate.status).toBe('suppressed');
    expect(asian5.courses.ap.ratio.status).toBe('suppressed');
  });

  it('hides every group figure of a course with fewer than n students in the school', () => {
    // 6 dual-enrollment students: Black 50% = 3 students would be 1.5% of 200, but 3 of 6 is a
    // share of 6 people, recoverable from the rate; all hidden.
    const ccp = group('black').courses.ccp;
    expect(ccp.share).toEqual({ status: 'suppressed', value: null, n: 6, marker: 'n<10' });
    expect(ccp.rate).toEqual({ status: 'suppressed', value: null, n: 200, marker: 'n<10' });
    expect(ccp.ratio.status).toBe('suppressed');
    expect(ccp.students).toBeNull();
    // The school's own rate is about its 1,000 students: 6 / 1000 = 0.6%.
    expect(group('all').courses.ccp.rate.value).toBeCloseTo(0.6, 12);
  });

  it('without a headcount (NC: English learners) only the share of course students shows', () => {
    const el = group('el');
    expect(el.headcount).toBeNull();
    expect(el.courses.ap.share).toEqual({ status: 'shown', value: 3, n: 100, marker: null });
    expect(el.courses.ap.rate.status).toBe('missing');
    expect(el.courses.ap.ratio.status).toBe('missing');
  });

  it('a group with a headcount but no course figure is missing, not zero', () => {
    const hispanic = group('hispanic');
    expect(hispanic.courses.ap.rate).toEqual({
      status: 'missing',
      value: null,
      n: null,
      marker: null,
    });
    expect(hispanic.courses.ap.students).toBeNull();
  });

  it('uses a published share of the school where no headcount is given', () => {
    const row = school();
    const access2 = computeCourseAccess(
      {
        ...row,
        values: { ap_course_students: v(100) },
        groups: { black: { pct_of_enrollment: v(25), pct_of_ap_students: v(10, 100) } },
      },
      { minimumN: 10 },
    )!;
    const black = access2.groups.find((g) => g.group === 'black')!;
    expect(black.courses.ap.ratio.value).toBeCloseTo(0.4, 12); // 10% ÷ 25%
    expect(black.courses.ap.rate.status).toBe('missing');
  });

  it('is null without course figures, and the definition names the n', () => {
    expect(computeCourseAccess({ ...school(), values: { headcount: v(1000) } })).toBeNull();
    expect(describeCourseAccess(15)).toContain('fewer than 15 students');
  });
});
