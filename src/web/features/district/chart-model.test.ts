import { describe, expect, it } from 'vitest';
import { figure, school, suppressed } from '../../test-support.ts';
import { describeScatter, pearson, scatterPoints } from './chart-model.ts';

describe('pearson', () => {
  it('is 1 or −1 on a straight line and null without spread', () => {
    expect(
      pearson([
        { x: 1, y: 2 },
        { x: 2, y: 4 },
        { x: 3, y: 6 },
      ]),
    ).toBeCloseTo(1);
    expect(
      pearson([
        { x: 1, y: 6 },
        { x: 2, y: 4 },
        { x: 3, y: 2 },
      ]),
    ).toBeCloseTo(-1);
    expect(
      pearson([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
        { x: 1, y: 3 },
      ]),
    ).toBeNull();
    expect(pearson([{ x: 1, y: 1 }])).toBeNull();
  });
});

describe('scatterPoints', () => {
  it('keeps only schools with both figures reported', () => {
    const points = scatterPoints(
      [
        school('1', 'A', { pct_econ_disadv: figure(10), spg_score: figure(80) }),
        school('2', 'B', { pct_econ_disadv: suppressed(), spg_score: figure(70) }),
        school('3', 'C', { pct_econ_disadv: figure(50) }),
      ],
      'pct_econ_disadv',
      'spg_score',
    );
    expect(points).toEqual([{ id: '1', name: 'A', level: 'elementary', x: 10, y: 80 }]);
  });
});

describe('describeScatter', () => {
  const point = (x: number, y: number, i: number) => ({
    id: String(i),
    name: `S${i}`,
    level: 'elementary' as const,
    x,
    y,
  });

  it('states the count, r and what it means', () => {
    const points = [point(10, 90, 1), point(40, 70, 2), point(70, 52, 3), point(90, 40, 4)];
    expect(describeScatter(points, { label: 'Performance score' })).toBe(
      '4 schools; correlation r = \u22121.00; a strong negative relation: schools with more economically disadvantaged students tend to have lower performance score.',
    );
  });

  it('says when there is nothing to compare', () => {
    expect(describeScatter([], { label: 'Proficiency' })).toBe(
      'No school has both figures to compare.',
    );
  });
});
