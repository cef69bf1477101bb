import { describe, expect, it } from 'vitest';
import { figure, school, suppressed, textFigure } from '../../test-support.ts';
import { median, summarizeDistrict } from './summary.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('summarizeDistrict', () => {
  it('adds reported enrollment, takes the median need and counts grades', () => {
    const summary = summarizeDistrict([
      school('1', 'A', {
        enrollment: figure(500, { year: 2019 }),
        pct_econ_disadv: figure(20),
        spg_grade: textFigure('B'),
      }),
      school('2', 'B', {
        enrollment: figure(700, { year: 2019 }),
        pct_econ_disadv: figure(60),
        spg_grade: textFigure('A'),
      }),
      school('3', 'C', {
        enrollment: suppressed(),
        pct_econ_disadv: figure(40),
        spg_grade: textFigure('B'),
      }),
      school('4', 'D', {}),
    ]);
    expect(summary.schoolCount).toBe(4);
    expect(summary.levels).toEqual([{ level: 'elementary', count: 4 }]);
    expect(summary.students).toEqual({ total: 1200, schoolsReporting: 2, year: 2019 });
    expect(summary.medianEconDisadv).toEqual({ value: 40, schoolsReporting: 3 });
    expect(summary.grades).toEqual([
      { grade: 'A', count: 1 },
      { grade: 'B', count: 2 },
    ]);
    expect(summary.ungraded).toBe(1);
  });
});
