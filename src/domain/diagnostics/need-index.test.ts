import { describe, expect, it } from 'vitest';
import { schoolYear, suppressed } from './diagnostics.fixtures.ts';
import { DEFAULT_NEED_WEIGHTS, computeNeedIndex } from './need-index.ts';

const full = (id: string, pov: number, el: number, swd: number, abs: number, year = 2019) =>
  schoolYear(id, year, {
    pct_econ_disadv: pov,
    pct_el: el,
    pct_swd: swd,
    chronic_absence_rate: abs,
  });

describe('computeNeedIndex', () => {
  const rows = [
    full('A', 20, 2, 10, 5),
    full('B', 40, 4, 12, 8),
    full('C', 60, 6, 14, 11),
    full('D', 80, 8, 16, 14),
  ];

  it('is the weighted mean of within-year percentiles', () => {
    const result = computeNeedIndex(rows);
    // Four distinct values: percentiles 12.5, 37.5, 62.5, 87.5 on every component.
    [12.5, 37.5, 62.5, 87.5].forEach((v, i) => expect(result[i]?.index).toBeCloseTo(v, 12));
    [0.5, 0.2, 0.2, 0.1].forEach((w, i) =>
      expect(result[0]?.components[i]?.weight).toBeCloseTo(w, 15),
    );
    expect(result[0]?.missing).toEqual([]);
    expect(result[0]?.weightCovered).toBe(1);
  });

  it('weighs components by the configured weights', () => {
    // A: lowest poverty but highest EL.
    const mixed = [full('A', 20, 30, 10, 5), full('B', 80, 2, 10, 5)];
    const [a, b] = computeNeedIndex(mixed);
    // Percentiles among two: 25 and 75; SWD and absence tie at 50.
    expect(a?.index).toBeCloseTo(0.5 * 25 + 0.2 * 75 + 0.2 * 50 + 0.1 * 50, 12);
    expect(b?.index).toBeCloseTo(0.5 * 75 + 0.2 * 25 + 0.2 * 50 + 0.1 * 50, 12);
    const [a2] = computeNeedIndex(mixed, {
      weights: { pct_econ_disadv: 0, pct_el: 1, pct_swd: 0, chronic_absence_rate: 0 },
    });
    expect(a2?.index).toBeCloseTo(75, 12);
  });

  it('renormalises over the components a school has and says which were missing', () => {
    const withGap = [
      ...rows,
      schoolYear('E', 2019, { pct_econ_disadv: 90, pct_el: 1, pct_swd: suppressed() }),
    ];
    const e = computeNeedIndex(withGap).find((r) => r.schoolId === 'E');
    expect(e?.missing).toEqual(['pct_swd', 'chronic_absence_rate']);
    expect(e?.weightCovered).toBeCloseTo(0.7, 12);
    // Among five schools: poverty 90 is the top (90th percentile); EL 1 is the bottom (10th).
    expect(e?.components.map((c) => [c.measure, c.percentile, c.weight])).toEqual([
      ['pct_econ_disadv', 90, 0.5 / 0.7],
      ['pct_el', 10, 0.2 / 0.7],
    ]);
    expect(e?.index).toBeCloseTo((0.5 * 90 + 0.2 * 10) / 0.7, 12);
  });

  it('gives null for a school with none of the components', () => {
    const [only] = computeNeedIndex([schoolYear('Z', 2019, { spg_score: 50 })]);
    expect(only?.index).toBeNull();
    expect(only?.weightCovered).toBe(0);
  });

  it('ranks within each year separately', () => {
    const twoYears = [
      full('A', 20, 2, 10, 5, 2018),
      full('B', 90, 9, 19, 19, 2018),
      full('A', 20, 2, 10, 5, 2019),
    ];
    const result = computeNeedIndex(twoYears);
    expect(result.find((r) => r.year === 2019)?.index).toBeCloseTo(50, 12);
    expect(result.find((r) => r.year === 2018 && r.schoolId === 'A')?.index).toBeCloseTo(25, 12);
  });

  it('refuses negative or all-zero weights', () => {
    expect(() => computeNeedIndex(rows, { weights: { pct_el: -1 } })).toThrow(RangeError);
    expect(() =>
      computeNeedIndex(rows, {
        weights: { pct_econ_disadv: 0, pct_el: 0, pct_swd: 0, chronic_absence_rate: 0 },
      }),
    ).toThrow(RangeError);
    expect(DEFAULT_NEED_WEIGHTS.pct_econ_disadv).toBe(0.5);
  });
});
