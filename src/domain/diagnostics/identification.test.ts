import { describe, expect, it } from 'vitest';
import { fig, schoolYear, suppressed } from './diagnostics.fixtures.ts';
import { parseGrowthStatus, runRuleSet } from './identification.ts';
import {
  RuleSetSchema,
  federalEssaPreset,
  northCarolinaPreset,
  type Rule,
  type RuleSet,
} from './rule-set.ts';

const ruleSet = (rules: Rule[], minimumN = 10): RuleSet => ({
  id: 't',
  name: 'Test',
  minimumN,
  rules,
});
const byId = (results: ReturnType<typeof runRuleSet>) =>
  new Map(results.map((r) => [r.schoolId, r]));

describe('North Carolina low-performing rule (G.S. 115C-105.37)', () => {
  const cases: [string, string | null, string | null, boolean, string][] = [
    [
      'D-NotMet',
      'D',
      'NotMet',
      true,
      'Grade D and growth NotMet → low-performing (G.S. 115C-105.37).',
    ],
    ['F-Met', 'F', 'Met', true, 'Grade F and growth Met → low-performing (G.S. 115C-105.37).'],
    [
      'D-Exceeded',
      'D',
      'Exceeded',
      false,
      'Not low-performing: grade D but growth Exceeded (G.S. 115C-105.37).',
    ],
    [
      'F-none',
      'F',
      null,
      false,
      'Not low-performing: grade F but no growth status (G.S. 115C-105.37).',
    ],
    [
      'C-NotMet',
      'C',
      'NotMet',
      false,
      'Not low-performing: grade C (G.S. 115C-105.37 needs D or F).',
    ],
    ['none', null, 'NotMet', false, 'Not low-performing: no performance grade (G.S. 115C-105.37).'],
    [
      'd-spaced',
      'd',
      'Not Met',
      true,
      'Grade D and growth NotMet → low-performing (G.S. 115C-105.37).',
    ],
  ];
  const rows = cases.map(([id, grade, growth]) =>
    schoolYear(id, 2019, { spg_grade: grade, growth_status: growth }),
  );
  const results = byId(runRuleSet(northCarolinaPreset(), rows, 2019));

  it.each(cases)('%s', (id, _grade, _growth, identified, reason) => {
    const r = results.get(id);
    expect(r?.identified).toBe(identified);
    expect(r?.reasons).toEqual([reason]);
    expect(r?.designations).toEqual(
      identified ? [{ designation: 'low_performing', rule: 'nc_low_performing' }] : [],
    );
    expect(r?.tier).toBeNull();
  });

  it('reads growth statuses as publishers spell them', () => {
    expect(parseGrowthStatus('NotMet')).toBe('NotMet');
    expect(parseGrowthStatus('did not meet')).toBe('NotMet');
    expect(parseGrowthStatus(' Exceeded ')).toBe('Exceeded');
    expect(parseGrowthStatus('met')).toBe('Met');
    expect(parseGrowthStatus('')).toBeNull();
  });

  it('treats a suppressed grade as no grade', () => {
    const [r] = runRuleSet(
      northCarolinaPreset(),
      [schoolYear('S', 2019, { spg_grade: suppressed(), growth_status: 'Met' })],
      2019,
    );
    expect(r?.identified).toBe(false);
  });
});

describe('district tiers', () => {
  const tiers: Rule = {
    kind: 'threshold_tier',
    tiers: [
      {
        tier: 'intensive',
        match: 'all',
        conditions: [
          { kind: 'measure', measure: 'spg_score', comparison: '<', value: 40 },
          { kind: 'measure', measure: 'chronic_absence_rate', comparison: '>=', value: 25 },
        ],
      },
      {
        tier: 'targeted',
        match: 'any',
        conditions: [
          { kind: 'text', measure: 'spg_grade', oneOf: ['D', 'F'] },
          { kind: 'designation', designation: 'low_performing' },
          {
            kind: 'measure',
            measure: 'achievement_score',
            group: 'swd',
            comparison: '<',
            value: 20,
          },
        ],
      },
    ],
    otherwise: 'universal',
  };
  const rows = [
    schoolYear('A', 2019, {
      spg_score: 35,
      chronic_absence_rate: 31,
      spg_grade: 'F',
      growth_status: 'Met',
    }),
    schoolYear('B', 2019, {
      spg_score: 45,
      chronic_absence_rate: 31,
      spg_grade: 'D',
      growth_status: 'Exceeded',
    }),
    schoolYear(
      'C',
      2019,
      { spg_score: 80, spg_grade: 'A' },
      { groups: { swd: { achievement_score: fig(15, 25) } } },
    ),
    schoolYear(
      'D',
      2019,
      { spg_score: 80, spg_grade: 'A' },
      { groups: { swd: { achievement_score: fig(15, 6) } } },
    ),
    schoolYear('E', 2019, {
      spg_score: 35,
      chronic_absence_rate: suppressed(),
      spg_grade: 'F',
      growth_status: 'Met',
    }),
  ];
  const results = byId(
    runRuleSet(
      ruleSet([
        { kind: 'nc_low_performing', gradeMeasure: 'spg_grade', growthMeasure: 'growth_status' },
        tiers,
      ]),
      rows,
      2019,
    ),
  );

  it('takes the first tier whose conditions hold and says which', () => {
    expect(results.get('A')?.tier).toBe('intensive');
    expect(results.get('A')?.reasons.at(-1)).toBe(
      'Tier intensive: Performance score 35.0 < 40.0 and Chronic absence 31.0% ≥ 25.0%.',
    );
    expect(results.get('B')?.tier).toBe('targeted');
    expect(results.get('B')?.reasons.at(-1)).toBe('Tier targeted: Performance grade D.');
    expect(results.get('C')?.reasons.at(-1)).toBe(
      'Tier targeted: Proficiency (Students with disabilities) 15.0% < 20.0%.',
    );
    // D's group figure is about 6 students: below the minimum n, so the condition cannot hold.
    expect(results.get('D')?.tier).toBe('universal');
    expect(results.get('D')?.reasons.at(-1)).toBe(
      'Tier universal: met no condition for intensive or targeted.',
    );
    // E's absence is suppressed; it is targeted as low-performing (and as grade F).
    expect(results.get('E')?.tier).toBe('targeted');
    expect(results.get('E')?.reasons).toEqual([
      'Grade F and growth Met → low-performing (G.S. 115C-105.37).',
      'Tier targeted: Performance grade F or low-performing.',
    ]);
    // A tier is not an identification.
    expect(results.get('B')?.identified).toBe(false);
  });
});

describe('presets and the rule-set schema', () => {
  it('gives the federal frame with its numbers as settings', () => {
    const preset = federalEssaPreset();
    expect(preset.minimumN).toBe(10);
    expect(preset.rules.map((r) => r.kind)).toEqual([
      'csi_lowest_percent',
      'csi_low_graduation',
      'tsi_consistently_underperforming',
      'atsi',
      'threshold_tier',
    ]);
    expect(preset.rules[1]).toMatchObject({ threshold: 66.7, comparison: '<=' });
    const arizona = federalEssaPreset({
      tsiPercent: 2,
      gradThreshold: 67,
      gradComparison: '<',
      withTiers: false,
    });
    expect(arizona.rules[2]).toMatchObject({
      years: 3,
      criterion: { kind: 'bottom_percent', percent: 2 },
    });
    expect(arizona.rules).toHaveLength(4);
  });

  it('round-trips presets through JSON and fills defaults for stored rule sets', () => {
    for (const preset of [federalEssaPreset(), northCarolinaPreset()]) {
      expect(RuleSetSchema.parse(JSON.parse(JSON.stringify(preset)))).toEqual(preset);
    }
    const parsed = RuleSetSchema.parse({
      id: 'x',
      name: 'X',
      minimumN: 20,
      rules: [
        { kind: 'nc_low_performing' },
        { kind: 'csi_lowest_percent', measure: 'spg_score', percent: 5 },
      ],
    });
    expect(parsed.rules[0]).toEqual({
      kind: 'nc_low_performing',
      gradeMeasure: 'spg_grade',
      growthMeasure: 'growth_status',
    });
    expect(parsed.rules[1]).toMatchObject({ titleIOnly: true });
  });

  it('rejects bad rule sets', () => {
    const tier = {
      kind: 'threshold_tier',
      tiers: [{ tier: 'a', conditions: [{ kind: 'designation', designation: 'csi' }] }],
      otherwise: 'b',
    };
    expect(
      RuleSetSchema.safeParse({ id: 'x', name: 'X', minimumN: 10, rules: [tier, tier] }).success,
    ).toBe(false);
    expect(
      RuleSetSchema.safeParse({
        id: 'x',
        name: 'X',
        minimumN: 10,
        rules: [{ kind: 'atsi', measure: 'spg_score', percent: 0 }],
      }).success,
    ).toBe(false);
    expect(
      RuleSetSchema.safeParse({
        id: 'x',
        name: 'X',
        minimumN: 10,
        rules: [{ kind: 'atsi', measure: 'spg_score', percent: 5, groups: ['martians'] }],
      }).success,
    ).toBe(false);
  });

  it('runs the whole federal preset, with tiers from the designations', () => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      schoolYear(
        `S${i}`,
        2019,
        { spg_score: 30 + 2 * i, grad_rate_4yr: i === 15 ? 60 : 90 },
        { isTitleI: true, level: 'high' },
      ),
    );
    const results = byId(runRuleSet(federalEssaPreset(), rows, 2019));
    expect(results.get('S0')?.tier).toBe('intensive');
    expect(results.get('S15')?.tier).toBe('intensive');
    expect(results.get('S15')?.reasons).toContain(
      'Graduation rate (4-year) 60.0% is at or below 66.7% → CSI (low graduation, ESSA).',
    );
    expect(results.get('S5')?.tier).toBe('universal');
    expect(results.get('S5')?.reasons).toHaveLength(5);
  });
});
