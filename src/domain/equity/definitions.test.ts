import { describe, expect, it } from 'vitest';
import {
  CALIFORNIA,
  DCPS_IMPACT_INEFFECTIVE,
  EQUITY_PRESETS,
  MASSACHUSETTS,
  NORTH_CAROLINA,
  describeDefinitions,
  isIneffective,
  isOutOfField,
  isProvisional,
  meetsExperienceRule,
  withOverrides,
} from './definitions.ts';

const teacher = (
  rating: string | null,
  licenceStatus: 'full' | 'emergency' | null = 'full',
  inField: boolean | null = true,
) => ({
  rating,
  licenceStatus,
  inField,
});

describe('inexperienced', () => {
  it('NC beginning teacher: fewer than 3 completed years', () => {
    expect([0, 1, 2, 3].map((y) => meetsExperienceRule(NORTH_CAROLINA.inexperienced, y))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
  it('California / NCTQ: two or fewer; Massachusetts: first year only', () => {
    expect(meetsExperienceRule(CALIFORNIA.inexperienced, 2)).toBe(true);
    expect(meetsExperienceRule(CALIFORNIA.inexperienced, 2.5)).toBe(false);
    expect(meetsExperienceRule(MASSACHUSETTS.inexperienced, 0)).toBe(true);
    expect(meetsExperienceRule(MASSACHUSETTS.inexperienced, 1)).toBe(false);
  });
  it('NC "< 3" and CA "≤ 2" pick the same teachers on whole years, not on fractional ones', () => {
    for (const years of [0, 1, 2, 3, 4]) {
      expect(meetsExperienceRule(NORTH_CAROLINA.inexperienced, years)).toBe(
        meetsExperienceRule(CALIFORNIA.inexperienced, years),
      );
    }
    expect(meetsExperienceRule(NORTH_CAROLINA.inexperienced, 2.5)).toBe(true);
    expect(meetsExperienceRule(CALIFORNIA.inexperienced, 2.5)).toBe(false);
  });
  it('unknown years are unknown, not experienced', () => {
    expect(meetsExperienceRule(NORTH_CAROLINA.inexperienced, null)).toBeNull();
  });
});

describe('ineffective', () => {
  it('by rating level, ignoring case and spacing', () => {
    expect(isIneffective(NORTH_CAROLINA, teacher('needs  improvement'))).toBe(true);
    expect(isIneffective(NORTH_CAROLINA, teacher('Effective'))).toBe(false);
    expect(isIneffective(MASSACHUSETTS, teacher('Unsatisfactory'))).toBe(true);
    expect(isIneffective(NORTH_CAROLINA, teacher(null))).toBeNull();
  });
  it('DCPS IMPACT levels can be laid over a preset', () => {
    const dc = withOverrides(NORTH_CAROLINA, { ineffective: DCPS_IMPACT_INEFFECTIVE });
    expect(dc.key).toBe('north_carolina+custom');
    expect(isIneffective(dc, teacher('Minimally Effective'))).toBe(true);
    expect(isIneffective(dc, teacher('Needs Improvement'))).toBe(false);
  });
  it('California: by credential or misassignment, not by rating', () => {
    expect(isIneffective(CALIFORNIA, teacher('Highly Effective', 'emergency'))).toBe(true);
    expect(isIneffective(CALIFORNIA, teacher(null, 'full', false))).toBe(true);
    expect(isIneffective(CALIFORNIA, teacher(null, 'full', true))).toBe(false);
    expect(isIneffective(CALIFORNIA, teacher(null, 'full', null))).toBeNull();
    expect(isIneffective(CALIFORNIA, teacher(null, null))).toBeNull();
  });
});

describe('out-of-field and provisional', () => {
  it('keep unknown apart from no', () => {
    expect(isOutOfField(false)).toBe(true);
    expect(isOutOfField(null)).toBeNull();
    expect(isProvisional(NORTH_CAROLINA, 'emergency')).toBe(true);
    expect(isProvisional(NORTH_CAROLINA, 'lateral_entry')).toBe(false);
    expect(isProvisional(NORTH_CAROLINA, null)).toBeNull();
  });
});

describe('presets', () => {
  it('every preset cites a source for every rule and reads as sentences', () => {
    for (const preset of Object.values(EQUITY_PRESETS)) {
      for (const rule of [
        preset.inexperienced,
        preset.inexperiencedPrincipal,
        preset.ineffective,
        preset.outOfField,
        preset.provisional,
      ]) {
        expect(rule.source.length).toBeGreaterThan(10);
      }
      expect(describeDefinitions(preset).every((line) => line.endsWith('.'))).toBe(true);
    }
    expect(describeDefinitions(NORTH_CAROLINA)).toContain(
      'Inexperienced: teachers with fewer than 3 years of experience.',
    );
    expect(describeDefinitions(CALIFORNIA)).toContain(
      'Inexperienced: teachers with 2 years of experience or fewer.',
    );
  });
});
