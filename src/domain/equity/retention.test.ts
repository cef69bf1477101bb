import { describe, expect, it } from 'vitest';
import type { Quartile } from './quartiles.ts';
import {
  classifyTransitions,
  computeRetention,
  describeRetention,
  type AssignmentRecord,
} from './retention.ts';

/** `stayed` stay at S1, `moved` go to S2, `left` vanish, from 2018 to 2019. */
function cohort(
  prefix: string,
  rating: string,
  stayed: number,
  moved: number,
  left: number,
  school = 'S1',
) {
  const records: AssignmentRecord[] = [];
  const total = stayed + moved + left;
  for (let i = 0; i < total; i += 1) {
    const staffId = `${prefix}${i}`;
    records.push({ staffId, schoolId: school, year: 2018, rating });
    if (i < stayed) records.push({ staffId, schoolId: school, year: 2019, rating: null });
    else if (i < stayed + moved)
      records.push({ staffId, schoolId: 'S2', year: 2019, rating: null });
  }
  return records;
}

describe('retention by effectiveness', () => {
  const records = [
    ...cohort('he', 'Highly Effective', 80, 9, 11),
    ...cohort('ni', 'Needs Improvement', 50, 11, 39),
    ...cohort('x', 'Effective', 3, 1, 1, 'S3'),
  ];
  const quartiles = new Map<string, Quartile>([
    ['S1', 4],
    ['S3', 1],
  ]);
  const result = computeRetention({
    assignments: records,
    schoolQuartiles: quartiles,
    levels: ['Highly Effective', 'Effective', 'Needs Improvement'],
  });

  it('splits stayed / moved / left and kept = stayed + moved', () => {
    const he = result.cells.find((c) => c.rating === 'Highly Effective' && c.quartile === 'all');
    expect(he).toMatchObject({ n: 100 });
    expect(he?.stayed.percent).toBe(80);
    expect(he?.moved.percent).toBe(9);
    expect(he?.left.percent).toBe(11);
    expect(he?.kept.percent).toBe(89);
  });

  it('follows only years whose next year is in the records', () => {
    expect(result.years).toEqual([{ from: 2018, to: 2019 }]);
    expect(result.transitions.every((t) => t.fromYear === 2018)).toBe(true);
  });

  it('splits by the starting school’s poverty quartile, in the levels’ order', () => {
    expect(result.cells.map((c) => `${c.rating}/${c.quartile}`)).toEqual([
      'Highly Effective/all',
      'Highly Effective/4',
      'Effective/all',
      'Effective/1',
      'Needs Improvement/all',
      'Needs Improvement/4',
    ]);
  });

  it('suppresses below the minimum n', () => {
    const effective = result.cells.find((c) => c.rating === 'Effective' && c.quartile === 'all');
    expect(effective?.n).toBe(5);
    expect(effective?.kept).toMatchObject({ status: 'suppressed', percent: null, marker: 'n<10' });
  });

  it('makes the DCPS sentence', () => {
    expect(
      describeRetention(result, { high: ['Highly Effective'], low: ['Needs Improvement'] }),
    ).toBe(
      'From 2018 to 2019, we kept 89% of our high performers (Highly Effective; 100 teachers) and ' +
        '61% of our low performers (Needs Improvement; 100 teachers).',
    );
    expect(
      describeRetention(result, {
        high: ['Highly Effective'],
        low: ['Needs Improvement'],
        basis: 'school',
      }),
    ).toMatch(
      /^From 2018 to 2019, we kept in the same school 80% of our high performers .* and 50% of our low performers/,
    );
  });

  it('says so when a group is too small to show', () => {
    const sentence = describeRetention(result, { high: ['Highly Effective'], low: ['Effective'] });
    expect(sentence).toMatch(
      /the share for low performers is not shown \(Effective; 5 teachers, fewer than 10\)/,
    );
  });
});

describe('classifyTransitions', () => {
  it('uses the main assignment (largest FTE) and counts a stay at any school held next year', () => {
    const transitions = classifyTransitions([
      { staffId: 'a', schoolId: 'S1', year: 2020, rating: 'Effective', fte: 0.4 },
      { staffId: 'a', schoolId: 'S2', year: 2020, rating: null, fte: 0.6 },
      { staffId: 'a', schoolId: 'S2', year: 2021, rating: null, fte: 0.5 },
      { staffId: 'a', schoolId: 'S9', year: 2021, rating: null, fte: 0.5 },
      { staffId: 'b', schoolId: 'S1', year: 2021, rating: null },
    ]);
    expect(transitions).toEqual([
      { staffId: 'a', fromYear: 2020, schoolId: 'S2', rating: 'Effective', outcome: 'stayed' },
    ]);
  });

  it('counts unrated people apart', () => {
    const result = computeRetention({
      assignments: [
        { staffId: 'a', schoolId: 'S1', year: 2020, rating: null },
        { staffId: 'a', schoolId: 'S1', year: 2021, rating: null },
      ],
    });
    expect(result.unrated).toBe(1);
    expect(result.cells).toEqual([]);
  });
});

describe('describeRetention within one quartile', () => {
  it('names the quartile', () => {
    const result = computeRetention({
      assignments: [
        ...cohort('he', 'Highly Effective', 18, 0, 2),
        ...cohort('ni', 'Needs Improvement', 6, 0, 6),
      ],
      schoolQuartiles: new Map<string, Quartile>([['S1', 4]]),
    });
    expect(
      describeRetention(result, {
        high: ['Highly Effective'],
        low: ['Needs Improvement'],
        quartile: 4,
      }),
    ).toBe(
      'In quartile-4 poverty schools (4 = highest poverty), from 2018 to 2019, we kept 90% of our high performers ' +
        '(Highly Effective; 20 teachers) and 50% of our low performers (Needs Improvement; 12 teachers).',
    );
  });
});
