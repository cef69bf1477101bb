import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import {
  assignQuartiles,
  computeQuartileCuts,
  groupsFromClassification,
  quartileOf,
  type RankableSchool,
} from './quartiles.ts';

const schools = (shares: (number | null)[]): RankableSchool[] =>
  shares.map((share, i) => ({ schoolId: `s${i}`, share }));

describe('quartiles of schools', () => {
  it('eight schools: two in each quartile', () => {
    const result = assignQuartiles(schools([10, 80, 20, 70, 30, 60, 40, 50]));
    expect(result.cuts).toMatchObject({ lowMax: 20, medianMax: 40, highMin: 70, rankedSchools: 8 });
    const q = (id: string) => result.groups.get(id)?.quartile;
    expect([q('s0'), q('s2'), q('s4'), q('s6'), q('s7'), q('s5'), q('s3'), q('s1')]).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
    expect(result.groups.get('s1')?.group).toBe('high');
    expect(result.groups.get('s0')?.group).toBe('low');
  });

  it('N not divisible by 4: each extreme takes ⌈N/4⌉ schools', () => {
    const cuts = computeQuartileCuts(schools([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(cuts.lowMax).toBe(3);
    expect(cuts.highMin).toBe(7);
  });

  it('keeps ties together at a cut, so a quartile can hold more than a quarter', () => {
    const result = assignQuartiles(schools([5, 5, 5, 20, 30, 40, 95, 95]));
    const high = [...result.groups.values()].filter((g) => g.group === 'high').length;
    const low = [...result.groups.values()].filter((g) => g.group === 'low').length;
    expect(low).toBe(3);
    expect(high).toBe(2);
    expect(result.explanation.join(' ')).toMatch(/kept together/);
  });

  it('warns when ties swallow both ends', () => {
    const result = assignQuartiles(schools([50, 50, 50, 50, 50]));
    expect([...result.groups.values()].every((g) => g.group === 'middle')).toBe(true);
    expect(result.explanation.join(' ')).toMatch(/cannot be told apart/);
  });

  it('leaves unknown shares unranked rather than guessing', () => {
    const result = assignQuartiles(schools([10, null, 20, 30, 40]));
    expect(result.unranked).toEqual(['s1']);
    expect(result.groups.has('s1')).toBe(false);
  });

  it('needs at least four ranked schools', () => {
    try {
      computeQuartileCuts(schools([1, 2, 3]));
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.kind).toBe('bad_request');
    }
  });

  it('statewide cut points applied to a district give the statewide answer', () => {
    const state = schools([1, 12, 25, 33, 41, 48, 55, 67, 72, 88, 91, 99]);
    const cuts = computeQuartileCuts(state);
    const district = [state[1], state[6], state[11]].filter(
      (s): s is RankableSchool => s !== undefined,
    );
    const placed = assignQuartiles(district, { cuts });
    const whole = assignQuartiles(state);
    for (const s of district)
      expect(placed.groups.get(s.schoolId)).toEqual(whole.groups.get(s.schoolId));
  });
});

describe('quartiles of students', () => {
  it('puts the cut at the school holding the 25th / 75th percentile student', () => {
    // One very large low-share school holds half the students.
    const input = [
      { schoolId: 'big', share: 10, students: 1000 },
      { schoolId: 'a', share: 20, students: 250 },
      { schoolId: 'b', share: 30, students: 250 },
      { schoolId: 'c', share: 40, students: 250 },
      { schoolId: 'd', share: 90, students: 250 },
    ];
    const bySchools = assignQuartiles(input);
    const byStudents = assignQuartiles(input, { method: 'students' });
    expect(bySchools.groups.get('a')?.group).toBe('low');
    expect(byStudents.groups.get('a')?.group).toBe('middle');
    expect(byStudents.cuts?.lowMax).toBe(10);
    expect(byStudents.cuts?.highMin).toBe(40);
    if (byStudents.cuts) expect(quartileOf(40, byStudents.cuts)).toBe(4);
    expect(quartileOf(20, { ...computeQuartileCuts(input, 'students') })).toBe(3);
  });
});

describe('a publisher’s classification', () => {
  it('is taken as given, with unlabelled schools left out', () => {
    const groups = groupsFromClassification(
      [
        { schoolId: 'a', label: 'HIGH' },
        { schoolId: 'b', label: 'LOW' },
        { schoolId: 'c', label: 'NEITHER' },
        { schoolId: 'd', label: '' },
      ],
      { high: ['HIGH'], low: ['LOW'], source: 'NC DPI rcd_eq' },
    );
    expect(groups.groups.get('a')?.group).toBe('high');
    expect(groups.groups.get('c')?.group).toBe('middle');
    expect(groups.unranked).toEqual(['d']);
    expect(groups.cuts).toBeNull();
  });
});
