import { describe, expect, it } from 'vitest';
import { makeStaffingInput } from './synthetic.fixtures.ts';
import { generateSyntheticStaff, type SyntheticStaff, type StaffingValue } from './synthetic.ts';
import { apportion } from './fit.ts';

const YEARS = [2014, 2015, 2016, 2017, 2018, 2019];

type Tally = Map<string, number>;
const key = (schoolId: string, year: number, what: string) => `${schoolId}|${year}|${what}`;
const bump = (t: Tally, k: string) => t.set(k, (t.get(k) ?? 0) + 1);

/** Person-level counts per school-year, computed from the output rows alone. */
function tally(out: SyntheticStaff): Tally {
  const t: Tally = new Map();
  const inForce = new Map<string, SyntheticStaff['credentials']>();
  for (const c of out.credentials) inForce.set(c.staff_id, [...(inForce.get(c.staff_id) ?? []), c]);
  const schoolOf = new Map<string, string>();
  for (const a of out.assignments) {
    if (a.role === 'principal') {
      bump(t, key(a.school_id, a.school_year, 'principal'));
      if (a.years_experience < 3) bump(t, key(a.school_id, a.school_year, 'principal<3'));
      continue;
    }
    schoolOf.set(`${a.staff_id}|${a.school_year}`, a.school_id);
    const k = (what: string) => key(a.school_id, a.school_year, what);
    const e = a.years_experience;
    bump(t, k('teachers'));
    if (e < 3) bump(t, k('pct_teachers_beginning'));
    bump(
      t,
      k(
        e <= 3
          ? 'pct_teachers_0_3yrs'
          : e <= 10
            ? 'pct_teachers_4_10yrs'
            : 'pct_teachers_11plus_yrs',
      ),
    );
    const start = `${a.school_year - 1}-07-01`;
    const held = (inForce.get(a.staff_id) ?? []).filter(
      (c) => c.issued_on <= start && (c.expires_on === null || c.expires_on >= start),
    );
    if (held.length !== 1)
      throw new Error(`${a.staff_id} holds ${held.length} licences in ${a.school_year}`);
    const status = held[0]?.status;
    if (status === 'full') bump(t, k('pct_teachers_fully_licensed'));
    if (status === 'provisional') bump(t, k('pct_teachers_provisional'));
    if (status === 'lateral_entry') bump(t, k('pct_teachers_lateral_entry'));
  }
  const ratingKey = {
    'Needs Improvement': 'pct_teachers_needs_improvement',
    Effective: 'pct_teachers_effective',
    'Highly Effective': 'pct_teachers_highly_effective',
  } as const;
  for (const r of out.ratings) {
    bump(
      t,
      key(
        schoolOf.get(`${r.staff_id}|${r.school_year}`) ?? '?',
        r.school_year,
        ratingKey[r.rating],
      ),
    );
  }
  return t;
}

/** The published count: round(pct / 100 × n), n the published n or the school's teachers. */
function publishedCount(v: StaffingValue, t: Tally): number {
  if (v.measureKey === 'teachers_count') return Math.round(v.value ?? 0);
  const n = v.n ?? t.get(key(v.schoolId, v.schoolYear, 'teachers')) ?? 0;
  return Math.round(((v.value ?? 0) / 100) * n);
}

describe('generateSyntheticStaff', () => {
  const input = makeStaffingInput({ schools: 12, years: YEARS });
  const out = generateSyntheticStaff(input);
  const t = tally(out);

  it('gives the same output for the same input, and another for another seed', () => {
    const again = generateSyntheticStaff(makeStaffingInput({ schools: 12, years: YEARS }));
    expect(again).toEqual(out);
    expect(JSON.stringify(again)).toBe(JSON.stringify(out));
    expect(generateSyntheticStaff({ ...input, seed: 1 }).staff).not.toEqual(out.staff);
  });

  it('reproduces every published count exactly', () => {
    const checked = new Set<string>();
    for (const v of input.values) {
      if (v.status !== 'reported' || v.measureKey === 'pct_teacher_turnover') continue;
      const what = v.measureKey === 'teachers_count' ? 'teachers' : v.measureKey;
      const want = v.measureKey === 'pct_principals_inexperienced' ? null : publishedCount(v, t);
      if (want === null) continue;
      expect([
        v.schoolId,
        v.schoolYear,
        what,
        t.get(key(v.schoolId, v.schoolYear, what)) ?? 0,
      ]).toEqual([v.schoolId, v.schoolYear, what, want]);
      checked.add(v.measureKey);
    }
    expect(checked.size).toBe(11);
    expect(out.report.adjustments.filter((a) => a.measureKey !== 'pct_teacher_turnover')).toEqual(
      [],
    );
  });

  it('meets turnover wherever the experience figures allow, and says where they do not', () => {
    const at = new Map<string, Set<string>>();
    for (const a of out.assignments) {
      if (a.role !== 'teacher') continue;
      const k = `${a.school_id}|${a.school_year}`;
      at.set(k, (at.get(k) ?? new Set()).add(a.staff_id));
    }
    const flagged = new Set(out.report.adjustments.map((a) => `${a.schoolId}|${a.schoolYear}`));
    let exact = 0;
    for (const v of input.values) {
      if (v.measureKey !== 'pct_teacher_turnover' || v.schoolYear === 2014) continue;
      const before = at.get(`${v.schoolId}|${v.schoolYear - 1}`) ?? new Set();
      const now = at.get(`${v.schoolId}|${v.schoolYear}`) ?? new Set();
      const left = [...before].filter((id) => !now.has(id)).length;
      const want = Math.round(((v.value ?? 0) / 100) * before.size);
      if (flagged.has(`${v.schoolId}|${v.schoolYear}`)) expect(left).toBeGreaterThan(want);
      else expect(left).toBe(want);
      if (left === want) exact += 1;
    }
    expect(exact).toBeGreaterThan(0);
  });

  it('models one workforce: people stay, gain a year a year, and keep their name', () => {
    const byPerson = new Map<string, Array<{ year: number; e: number }>>();
    for (const a of out.assignments) {
      if (a.role !== 'teacher') continue;
      byPerson.set(a.staff_id, [
        ...(byPerson.get(a.staff_id) ?? []),
        { year: a.school_year, e: a.years_experience },
      ]);
    }
    let continuing = 0;
    for (const years of byPerson.values()) {
      for (let i = 1; i < years.length; i++) {
        const [prev, cur] = [years[i - 1], years[i]];
        if (!prev || !cur) continue;
        expect(cur.year - prev.year).toBe(1);
        expect(cur.e - prev.e).toBe(1);
        continuing += 1;
      }
    }
    const teacherRows = out.assignments.filter((a) => a.role === 'teacher' && a.school_year > 2014);
    expect(continuing / teacherRows.length).toBeGreaterThan(0.7);
    expect(new Set(out.staff.map((s) => s.id)).size).toBe(out.staff.length);
    expect(out.staff.every((s) => s.is_synthetic && /^SYN-\d{6}$/.test(s.id))).toBe(true);
  });

  it('rates teachers only where a rating distribution was published', () => {
    expect(new Set(out.ratings.map((r) => r.school_year))).toEqual(new Set([2019]));
    const trimmed = {
      ...input,
      values: input.values.filter(
        (v) =>
          !(
            v.schoolId === 'S001' &&
            v.measureKey.startsWith('pct_teachers_') &&
            /effective|improvement/.test(v.measureKey)
          ),
      ),
    };
    const t2 = tally(generateSyntheticStaff(trimmed));
    expect(t2.get(key('S001', 2019, 'pct_teachers_effective'))).toBeUndefined();
    expect(t2.get(key('S002', 2019, 'pct_teachers_effective'))).toBeGreaterThan(0);
  });

  it('has one principal per school-year, inexperienced where published so', () => {
    for (const school of input.schools) {
      for (const year of YEARS) expect(t.get(key(school.id, year, 'principal'))).toBe(1);
    }
    for (const v of input.values.filter((x) => x.measureKey === 'pct_principals_inexperienced')) {
      const isInexperienced = (t.get(key(v.schoolId, v.schoolYear, 'principal<3')) ?? 0) === 1;
      expect(isInexperienced).toBe(v.value === 100);
    }
  });
});

describe('fallbacks', () => {
  const v = (schoolId: string, schoolYear: number, measureKey: string, value: number | null) =>
    ({
      schoolId,
      schoolYear,
      measureKey,
      value,
      n: null,
      status: value === null ? 'suppressed' : 'reported',
    }) satisfies StaffingValue;
  const input = {
    districtId: 'd-small',
    batchId: null,
    schools: [
      { id: 'A', level: 'elementary' },
      { id: 'B', level: 'high' },
    ],
    values: [
      v('A', 2014, 'teachers_count', 30),
      v('A', 2015, 'teachers_count', null),
      v('A', 2016, 'teachers_count', 34),
      v('B', 2014, 'teachers_count', 50),
      v('B', 2015, 'teachers_count', 52),
      v('B', 2016, 'teachers_count', 54),
      v('A', 2015, 'pct_teacher_turnover', 10),
      v('A', 2016, 'pct_teacher_turnover', 20),
    ],
  };
  const out = generateSyntheticStaff(input);

  it('takes the nearest year (later on a tie), else the district median, else a default', () => {
    const find = (schoolId: string, year: number, measureKey: string) =>
      out.report.fallbacks.find(
        (f) => f.schoolId === schoolId && f.schoolYear === year && f.measureKey === measureKey,
      );
    expect(find('A', 2015, 'teachers_count')).toMatchObject({
      source: 'nearest_year',
      fromYear: 2016,
      value: 34,
    });
    expect(find('B', 2015, 'pct_teacher_turnover')).toMatchObject({
      source: 'district_median',
      value: 10,
    });
    expect(find('B', 2014, 'pct_teachers_0_3yrs')).toMatchObject({ source: 'default' });
    expect(
      out.assignments.filter(
        (a) => a.school_id === 'A' && a.school_year === 2015 && a.role === 'teacher',
      ),
    ).toHaveLength(34);
    expect(out.ratings).toEqual([]);
  });
});

describe('apportion', () => {
  it('sums to the total by largest remainder', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 0])).toEqual([4, 3]);
    expect(apportion(0, [5, 5])).toEqual([0, 0]);
  });
});

describe('a district the size of Wake County', () => {
  it('generates ~10,000 teachers over 6 years quickly (timing logged, not asserted)', () => {
    const input = makeStaffingInput({ schools: 187, years: YEARS, teachers: [30, 80] });
    const started = performance.now();
    const out = generateSyntheticStaff(input);
    const ms = performance.now() - started;
    console.log(
      `synthetic staff: ${out.assignments.length} assignments, ${out.staff.length} people, ` +
        `${out.ratings.length} ratings, ${out.credentials.length} credentials ` +
        `in ${ms.toFixed(0)} ms`,
    );
    expect(out.report.counts.principalAssignments).toBe(187 * 6);
    expect(out.report.counts.teacherAssignments).toBeGreaterThan(55_000);
  });
});
