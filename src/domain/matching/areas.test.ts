import { describe, expect, it } from 'vitest';
import { findAreas, type AreaFigure } from './areas.ts';

const fig = (schoolId: string, value: number, extra: Partial<AreaFigure> = {}): AreaFigure => ({
  schoolId,
  level: 'elementary',
  measure: 'math',
  group: 'el',
  label: 'Math, English learners',
  value,
  higherIsBetter: true,
  ...extra,
});

describe('findAreas', () => {
  it('marks the bottom quarter as needs and the top quarter as strengths, by level', () => {
    // Eight schools, values 10..80: mid-rank percentiles 6.25, 18.75, …, 93.75.
    const figures = [10, 20, 30, 40, 50, 60, 70, 80].map((v, i) => fig(`S${i}`, v));
    const areas = findAreas(figures);
    expect(areas.get('S0')?.needs[0]?.weight).toBeCloseTo(0.75);
    expect(areas.get('S1')?.needs[0]?.weight).toBeCloseTo(0.25);
    expect(areas.get('S3')).toBeUndefined();
    expect(areas.get('S7')?.strengths[0]?.weight).toBeCloseTo(0.75);
  });

  it('reverses the order where lower is better, and skips levels with too few schools', () => {
    const figures = [10, 20, 30, 40, 50].map((v, i) =>
      fig(`A${i}`, v, { measure: 'absence', higherIsBetter: false }),
    );
    figures.push(fig('H1', 1, { level: 'high' }));
    const areas = findAreas(figures);
    expect(areas.get('A0')?.strengths).toHaveLength(1);
    expect(areas.get('A4')?.needs).toHaveLength(1);
    expect(areas.get('H1')).toBeUndefined();
  });
});
