import { describe, expect, it } from 'vitest';
import { fig, schoolYear } from './diagnostics.fixtures.ts';
import { findDemographicPeers, rankAmongPeers } from './peers.ts';
import type { SchoolYearFigures } from './types.ts';

const school = (
  id: string,
  enrollment: number,
  pov: number,
  el: number,
  swd: number,
  extra: Record<string, number | null> = {},
  level: SchoolYearFigures['level'] = 'elementary',
) =>
  schoolYear(
    id,
    2019,
    { enrollment, pct_econ_disadv: pov, pct_el: el, pct_swd: swd, ...extra },
    { level },
  );

describe('findDemographicPeers', () => {
  const rows = [
    school('E1', 400, 80, 10, 14),
    school('E2', 420, 78, 11, 13),
    school('E3', 390, 82, 9, 15),
    school('E4', 600, 20, 2, 10),
    school('E5', 580, 22, 3, 11),
    school('H1', 1500, 79, 10, 14, {}, 'high'),
    school('H2', 1400, 30, 3, 12, {}, 'high'),
  ];

  it('finds the nearest schools of the same level, nearest first', () => {
    const sets = findDemographicPeers(rows, { k: 2 });
    const e1 = sets.find((s) => s.schoolId === 'E1');
    expect(e1?.peerIds.sort()).toEqual(['E2', 'E3']);
    expect(sets.find((s) => s.schoolId === 'E4')?.peerIds[0]).toBe('E5');
    // A high school is never an elementary school's peer.
    expect(sets.find((s) => s.schoolId === 'H1')?.peerIds).toEqual(['H2']);
    expect(sets.map((s) => s.schoolId)).toEqual(rows.map((r) => r.schoolId));
  });

  it('measures distance on z-scores with log enrollment', () => {
    const [a] = findDemographicPeers([school('A', 100, 50, 5, 10), school('B', 200, 60, 5, 10)], {
      k: 1,
    });
    // Two schools: every standardized feature that differs sits at ±1/√2; EL and SWD are equal.
    expect(a?.distances[0]).toBeCloseTo(Math.sqrt(2 * 2), 12);
  });

  it('breaks equal distances by school id', () => {
    const twins = [
      school('Z', 400, 50, 5, 10),
      school('M', 400, 50, 5, 10),
      school('A', 400, 50, 5, 10),
      school('Q', 800, 90, 20, 20),
    ];
    const sets = findDemographicPeers(twins, { k: 2 });
    expect(sets.find((s) => s.schoolId === 'Z')?.peerIds).toEqual(['A', 'M']);
    expect(sets.find((s) => s.schoolId === 'Q')?.peerIds).toEqual(['A', 'M']);
  });

  it('imputes a missing feature at the mean and refuses peers without a poverty figure', () => {
    const sets = findDemographicPeers([
      ...rows,
      schoolYear('E6', 2019, { enrollment: 410, pct_econ_disadv: 79, pct_swd: 14 }),
      schoolYear('E7', 2019, { enrollment: 410, pct_el: 10 }),
    ]);
    const e6 = sets.find((s) => s.schoolId === 'E6');
    expect(e6?.imputed).toEqual(['pct_el']);
    expect(e6?.peerIds).toHaveLength(5);
    const e7 = sets.find((s) => s.schoolId === 'E7');
    expect(e7?.peerIds).toEqual([]);
    expect(e7?.note).toBe('No % economically disadvantaged reported, so no demographic peers.');
    // E7 is nobody's peer either.
    expect(sets.some((s) => s.peerIds.includes('E7'))).toBe(false);
  });

  it('defaults to 40 peers (Texas comparison groups)', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      school(`S${i}`, 300 + i * 5, i, i % 9, 10 + (i % 4)),
    );
    expect(findDemographicPeers(many)[0]?.peerIds).toHaveLength(40);
  });
});

describe('rankAmongPeers', () => {
  const rows = [
    school('A', 400, 80, 10, 14, { spg_score: 70, chronic_absence_rate: 20 }),
    school('B', 420, 78, 11, 13, { spg_score: 60, chronic_absence_rate: 10 }),
    school('C', 390, 82, 9, 15, { spg_score: 75, chronic_absence_rate: 30 }),
    school('D', 380, 81, 10, 14, { spg_score: 60, chronic_absence_rate: 15 }),
    school('E', 410, 79, 10, 14, { spg_score: null }),
  ];
  const sets = findDemographicPeers(rows, { k: 4 });

  it('gives rank, percentile and the peer median', () => {
    const standing = rankAmongPeers(rows, sets, { measure: 'spg_score' });
    const a = standing.find((s) => s.schoolId === 'A');
    // A's peers with a score: B 60, C 75, D 60 (E has none).
    expect(a).toMatchObject({
      value: 70,
      rank: 2,
      of: 4,
      peerMedian: 60,
      differenceFromMedian: 10,
    });
    expect(a?.percentile).toBeCloseTo((100 * 2) / 3, 12);
    expect(a?.sentence).toBe(
      'Performance score 70.0: 2nd of 4 among schools like it (peer median 60.0, +10.0 points; better than 67% of its peers).',
    );
    const b = standing.find((s) => s.schoolId === 'B');
    // B ties D: B is better than nobody, tied with one → (0 + ½) / 3.
    expect(b?.rank).toBe(3);
    expect(b?.percentile).toBeCloseTo(100 / 6, 12);
    const e = standing.find((s) => s.schoolId === 'E');
    expect(e).toMatchObject({ value: null, rank: null, percentile: null });
    expect(e?.sentence).toBe('No Performance score reported for 2019, so no standing among peers.');
  });

  it('ranks lower-is-better measures the right way round', () => {
    const standing = rankAmongPeers(rows, sets, { measure: 'chronic_absence_rate' });
    const b = standing.find((s) => s.schoolId === 'B');
    expect(b).toMatchObject({ rank: 1, of: 4, percentile: 100 });
    expect(b?.differenceFromMedian).toBe(10);
  });

  it('leaves out peer figures under the minimum n', () => {
    const small = rows.map((r) =>
      r.schoolId === 'C' ? { ...r, values: { ...r.values, spg_score: fig(75, 4) } } : r,
    );
    const a = rankAmongPeers(small, sets, { measure: 'spg_score' }).find((s) => s.schoolId === 'A');
    expect(a).toMatchObject({ rank: 1, of: 3 });
  });
});
