import { describe, expect, it } from 'vitest';
import { generateSyntheticState } from './generate.ts';
import { computeDiagnostics } from './overview.ts';
import { federalEssaPreset } from './rule-set.ts';

describe('computeDiagnostics', () => {
  const rows = generateSyntheticState({ schools: 400, years: 4, firstYear: 2016, seed: 3 });
  const result = computeDiagnostics(rows, {
    year: 2019,
    ruleSet: federalEssaPreset(),
    outcome: 'achievement_score',
    trendMeasures: ['achievement_score', 'spg_score'],
  });

  it('covers every school of the year in every part', () => {
    expect(result.needIndex).toHaveLength(400);
    expect(result.gaps).toHaveLength(400);
    expect(result.identification).toHaveLength(400);
    expect(result.expectations.schools).toHaveLength(400);
    expect(result.peers).toHaveLength(400);
    expect(result.standings).toHaveLength(400);
    expect(Object.keys(result.trends)).toEqual(['achievement_score', 'spg_score']);
    expect(result.trends.spg_score?.[0]?.points).toHaveLength(4);
  });

  it('gives plausible results on a realistic state', () => {
    const identified = result.identification.filter((r) => r.identified).length;
    expect(identified).toBeGreaterThan(0);
    expect(identified).toBeLessThan(200);
    const tiers = new Set(result.identification.map((r) => r.tier));
    expect(tiers.has('intensive') && tiers.has('universal')).toBe(true);
    const classes = new Set(result.expectations.schools.map((s) => s.classification));
    expect(classes.has('as_expected')).toBe(true);
    expect(result.pockets.length).toBeGreaterThan(0);
    expect(result.expectations.fits.map((f) => f.year)).toEqual([2017, 2018, 2019]);
  });
});
