import { describe, expect, test } from 'vitest';
import { blankTier, fromPreset, tiersComplete, toDraft } from './rule-set-editor-model.ts';

describe('tiersComplete', () => {
  test('a preset with no tiers, or with its own tiers, can be previewed', () => {
    expect(tiersComplete(fromPreset('north-carolina'))).toBe(true);
    expect(tiersComplete(fromPreset('federal-essa'))).toBe(true);
  });

  test('a new tier without its threshold cannot, until the threshold is a number', () => {
    const state = fromPreset('federal-essa');
    const tier = blankTier('intensive');
    expect(tiersComplete({ tiers: [...state.tiers, tier] })).toBe(false);
    expect(tiersComplete({ tiers: [...state.tiers, { ...tier, value: 'abc' }] })).toBe(false);
    expect(tiersComplete({ tiers: [...state.tiers, { ...tier, value: ' 50 ' }] })).toBe(true);
    expect(tiersComplete({ tiers: [{ ...tier, value: '45.5%' }] })).toBe(true);
  });

  test('a tier needs a name; a designation tier needs no threshold', () => {
    expect(tiersComplete({ tiers: [{ ...blankTier('  '), value: '50' }] })).toBe(false);
    expect(tiersComplete({ tiers: [{ ...blankTier('csi'), kind: 'designation' }] })).toBe(true);
  });

  test('a complete tier becomes a threshold rule in the draft', () => {
    const state = {
      ...fromPreset('federal-essa'),
      tiers: [{ ...blankTier('intensive'), value: '50' }],
    };
    expect(tiersComplete(state)).toBe(true);
    const rule = toDraft(state).rules.find((r) => r.kind === 'threshold_tier');
    expect(rule).toMatchObject({
      tiers: [{ tier: 'intensive', conditions: [{ kind: 'measure', value: 50 }] }],
    });
  });
});
