import { describe, expect, it } from 'vitest';
import { fig, schoolYear, wobble } from './diagnostics.fixtures.ts';
import { findPocketsOfSuccess } from './pockets.ts';

// 30 schools: English learners' proficiency follows 60 − 0.4 × poverty with a small wobble,
// except at S07, where it is 15 points higher.
const rows = Array.from({ length: 30 }, (_, i) => {
  const poverty = 20 + 2 * i;
  const el = 60 - 0.4 * poverty + wobble(i) + (i === 7 ? 15 : 0);
  const all = 75 - 0.4 * poverty + wobble(i + 100);
  return schoolYear(
    `S${String(i).padStart(2, '0')}`,
    2019,
    {
      pct_econ_disadv: poverty,
      achievement_score: fig(all, 300),
      growth_status: i === 3 || i === 4 ? 'Met' : 'Exceeded',
    },
    {
      groups: {
        el: {
          achievement_score: fig(el, i === 9 ? 6 : 40),
          growth_status: i === 3 || i === 9 ? 'Exceeded' : 'Met',
          growth_index: fig(i === 3 ? 3.4 : 0.5, 40),
        },
        swd: { growth_index: fig(i === 4 ? 2.6 : 0, 25) },
      },
    },
  );
});

describe('findPocketsOfSuccess', () => {
  const pockets = findPocketsOfSuccess(rows, {
    measure: 'achievement_score',
    groups: ['all', 'el', 'swd'],
  });

  it('puts a group far above its expected result first, with its reason', () => {
    const top = pockets[0];
    expect(top).toMatchObject({ schoolId: 'S07', group: 'el', kind: 'residual' });
    expect(top?.score).toBeGreaterThan(3);
    expect(top?.reason).toMatch(
      /^English learners: Proficiency \d+\.\d%, 1\d\.\d points above schools with similar poverty \(top 10% of 29 schools reporting this group\)\.$/,
    );
  });

  it('keeps to the top decile of each group and leaves out groups under the minimum n', () => {
    const residual = pockets.filter((p) => p.kind === 'residual');
    // ⌈10% × 29⌉ = 3 English-learner pockets and ⌈10% × 30⌉ = 3 all-students pockets.
    expect(residual.filter((p) => p.group === 'el')).toHaveLength(3);
    expect(residual.filter((p) => p.group === 'all')).toHaveLength(3);
    expect(
      pockets.some((p) => p.schoolId === 'S09' && p.group === 'el' && p.kind === 'residual'),
    ).toBe(false);
  });

  it('finds a group that exceeded growth while the school only met it', () => {
    const growth = pockets.filter((p) => p.kind === 'growth');
    expect(growth.map((p) => [p.schoolId, p.group, p.score])).toEqual([
      ['S03', 'el', 3.4],
      ['S04', 'swd', 2.6],
    ]);
    expect(growth[0]?.reason).toBe(
      'English learners exceeded expected growth (growth index 3.4) while the school as a whole met it.',
    );
    // S09's English learners exceeded too, but the school as a whole exceeded: not a pocket.
    expect(growth.some((p) => p.schoolId === 'S09')).toBe(false);
  });

  it('is ranked by score, best first', () => {
    const scores = pockets.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('refuses a top share outside (0, 1]', () => {
    expect(() => findPocketsOfSuccess(rows, { measure: 'achievement_score', topShare: 0 })).toThrow(
      RangeError,
    );
  });
});
