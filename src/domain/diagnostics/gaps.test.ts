import { describe, expect, it } from 'vitest';
import { fig, schoolYear, suppressed } from './diagnostics.fixtures.ts';
import { computeGroupGaps, describeGroupGap } from './gaps.ts';

describe('computeGroupGaps', () => {
  const row = schoolYear(
    'A',
    2019,
    { achievement_score: fig(60, 400) },
    {
      groups: {
        white: { achievement_score: fig(72, 150) },
        black: { achievement_score: fig(48, 120) },
        el: { achievement_score: fig(30, 8) },
        swd: { achievement_score: suppressed() },
        asian: { achievement_score: fig(80, 12) },
      },
    },
  );

  it('measures each group against all students and the highest group, with n', () => {
    const [gaps] = computeGroupGaps([row], { measure: 'achievement_score' });
    expect(gaps?.all).toEqual({ value: 60, n: 400 });
    expect(gaps?.highestGroup).toBe('asian');
    const by = new Map(gaps?.groups.map((g) => [g.group, g]));
    expect(by.get('black')).toMatchObject({
      status: 'shown',
      value: 48,
      n: 120,
      gapToAll: -12,
      gapToHighest: -32,
    });
    expect(by.get('white')).toMatchObject({ gapToAll: 12, gapToHighest: -8 });
    expect(by.get('asian')).toMatchObject({ gapToAll: 20, gapToHighest: 0 });
    const say = (g: string) => {
      const gap = gaps?.groups.find((x) => x.group === g);
      return gaps && gap ? describeGroupGap(gaps, gap) : '';
    };
    expect(say('black')).toBe(
      'Black: 48.0%, 12.0 points behind all students, 32.0 points behind the highest group (Asian).',
    );
    expect(say('asian')).toBe(
      'Asian: 80.0%, 20.0 points ahead of all students, the highest group.',
    );
  });

  it('suppresses groups under the minimum n and leaves them out of the highest group', () => {
    const [gaps] = computeGroupGaps([row], { measure: 'achievement_score', minimumN: 15 });
    const by = new Map(gaps?.groups.map((g) => [g.group, g]));
    // Asian (n = 12) is hidden at n = 15, so White is the highest group.
    expect(gaps?.highestGroup).toBe('white');
    expect(by.get('asian')).toMatchObject({
      status: 'suppressed',
      value: null,
      n: 12,
      gapToAll: null,
    });
    expect(by.get('el')?.status).toBe('suppressed');
    const el = gaps?.groups.find((g) => g.group === 'el');
    expect(gaps && el ? describeGroupGap(gaps, el, 15) : '').toBe(
      'English learners: hidden — fewer than 15 students.',
    );
    expect(by.get('swd')?.status).toBe('suppressed');
    expect(by.get('black')?.gapToHighest).toBe(-24);
  });

  it('lists groups in the catalogue order and can be limited to chosen groups', () => {
    const [gaps] = computeGroupGaps([row], { measure: 'achievement_score' });
    expect(gaps?.groups.map((g) => g.group)).toEqual(['el', 'swd', 'white', 'black', 'asian']);
    const [some] = computeGroupGaps([row], {
      measure: 'achievement_score',
      groups: ['black', 'hispanic'],
    });
    expect(some?.groups.map((g) => [g.group, g.status])).toEqual([
      ['black', 'shown'],
      ['hispanic', 'missing'],
    ]);
  });

  it('turns the sign around when lower is better, so behind is always negative', () => {
    const absence = schoolYear(
      'B',
      2019,
      { chronic_absence_rate: fig(15, 500) },
      {
        groups: {
          econ_disadv: { chronic_absence_rate: fig(24, 250) },
          not_econ_disadv: { chronic_absence_rate: fig(6, 250) },
        },
      },
    );
    const [gaps] = computeGroupGaps([absence], { measure: 'chronic_absence_rate' });
    expect(gaps?.highestGroup).toBe('not_econ_disadv');
    const econ = gaps?.groups.find((g) => g.group === 'econ_disadv');
    expect(econ).toMatchObject({ gapToAll: -9, gapToHighest: -18 });
  });

  it('gives no gap to all students when the all-students figure is missing', () => {
    const noAll = schoolYear(
      'C',
      2019,
      {},
      { groups: { black: { achievement_score: fig(40, 50) } } },
    );
    const [gaps] = computeGroupGaps([noAll], { measure: 'achievement_score' });
    expect(gaps?.all).toBeNull();
    expect(gaps?.groups[0]).toMatchObject({ gapToAll: null, gapToHighest: 0 });
  });
});
