import { describe, expect, it } from 'vitest';
import { fig, schoolYear } from './diagnostics.fixtures.ts';
import { lowestPercentCutoff } from './identification-essa.ts';
import { runRuleSet } from './identification.ts';
import type { Rule, RuleSet } from './rule-set.ts';
import type { SchoolYearFigures } from './types.ts';

const ruleSet = (rules: Rule[], minimumN = 10): RuleSet => ({
  id: 't',
  name: 'Test',
  minimumN,
  rules,
});
const byId = (results: ReturnType<typeof runRuleSet>) =>
  new Map(results.map((r) => [r.schoolId, r]));

describe('lowestPercentCutoff', () => {
  it('rounds the count up ("not less than 5%") and turns round for lower-is-better', () => {
    expect(
      lowestPercentCutoff(
        Array.from({ length: 60 }, (_, i) => i),
        5,
        'spg_score',
      ),
    ).toEqual({ cutoff: 2, count: 3 });
    expect(
      lowestPercentCutoff(
        Array.from({ length: 41 }, (_, i) => i),
        5,
        'spg_score',
      ),
    ).toEqual({ cutoff: 2, count: 3 });
    expect(lowestPercentCutoff([10, 30, 20], 5, 'chronic_absence_rate')).toEqual({
      cutoff: 30,
      count: 1,
    });
    expect(lowestPercentCutoff([], 5, 'spg_score')).toBeNull();
  });
});

describe('CSI: lowest 5% of Title I schools', () => {
  // 40 Title I schools scoring 11..50, one tied at the cut-off, and low non-Title I schools.
  const rows: SchoolYearFigures[] = [
    ...Array.from({ length: 40 }, (_, i) =>
      schoolYear(`T${i + 11}`, 2019, { spg_score: i + 11 }, { isTitleI: true }),
    ),
    schoolYear('TIE', 2019, { spg_score: 13 }, { isTitleI: true }),
    schoolYear('RICH', 2019, { spg_score: 5 }, { isTitleI: false }),
    schoolYear('UNKNOWN', 2019, { spg_score: 5 }),
    schoolYear('SMALL', 2019, { spg_score: fig(4, 6) }, { isTitleI: true }),
  ];
  const results = byId(
    runRuleSet(
      ruleSet([{ kind: 'csi_lowest_percent', measure: 'spg_score', percent: 5, titleIOnly: true }]),
      rows,
      2019,
    ),
  );

  it('identifies the lowest ⌈5%⌉ of Title I schools with a usable score, ties included', () => {
    // 41 Title I schools with a score → ⌈2.05⌉ = 3 → cut-off 13, and both 13s are in.
    const identified = [...results.values()]
      .filter((r) => r.identified)
      .map((r) => r.schoolId)
      .sort();
    expect(identified).toEqual(['T11', 'T12', 'T13', 'TIE']);
    expect(results.get('T12')?.reasons).toEqual([
      'Performance score 12.0 is in the lowest 5% of Title I schools (at or below 13.0; 3 of 41 Title I schools) → CSI (ESSA lowest 5%).',
    ]);
    expect(results.get('T12')?.designations).toEqual([
      { designation: 'csi', rule: 'csi_lowest_percent' },
    ]);
  });

  it('says why others were not identified', () => {
    expect(results.get('T30')?.reasons).toEqual([
      'Not in the lowest 5% of Title I schools: Performance score 30.0 is above the cut-off of 13.0.',
    ]);
    expect(results.get('RICH')?.reasons).toEqual([
      'Not considered for the lowest 5% of Title I schools (CSI): not a Title I school.',
    ]);
    expect(results.get('UNKNOWN')?.reasons).toEqual([
      'Not considered for the lowest 5% of Title I schools (CSI): Title I status is not recorded.',
    ]);
    expect(results.get('SMALL')?.reasons).toEqual([
      'Not considered for the lowest 5% of Title I schools (CSI): Performance score is about fewer than 10 students.',
    ]);
  });
});

describe('CSI: low graduation', () => {
  const rows = [
    schoolYear('AT', 2019, { grad_rate_4yr: fig(66.7, 200) }, { level: 'high' }),
    schoolYear('ABOVE', 2019, { grad_rate_4yr: fig(66.8, 200) }, { level: 'high' }),
    schoolYear('NONE', 2019, {}, { level: 'high' }),
    schoolYear('ELEM', 2019, {}, { level: 'elementary' }),
  ];

  it('applies ≤ or < as the state chose', () => {
    const le = byId(
      runRuleSet(
        ruleSet([
          {
            kind: 'csi_low_graduation',
            measure: 'grad_rate_4yr',
            threshold: 66.7,
            comparison: '<=',
          },
        ]),
        rows,
        2019,
      ),
    );
    expect(le.get('AT')?.identified).toBe(true);
    expect(le.get('AT')?.reasons).toEqual([
      'Graduation rate (4-year) 66.7% is at or below 66.7% → CSI (low graduation, ESSA).',
    ]);
    expect(le.get('ABOVE')?.reasons).toEqual([
      'Graduation rate (4-year) 66.8% is above the CSI graduation threshold (at or below 66.7%).',
    ]);
    expect(le.get('NONE')?.reasons).toEqual([
      'Graduation rule (CSI) not applied: no Graduation rate (4-year) reported.',
    ]);
    expect(le.get('ELEM')?.reasons).toEqual([]);
    const lt = byId(
      runRuleSet(
        ruleSet([
          {
            kind: 'csi_low_graduation',
            measure: 'grad_rate_4yr',
            threshold: 66.7,
            comparison: '<',
          },
        ]),
        rows,
        2019,
      ),
    );
    expect(lt.get('AT')?.identified).toBe(false);
  });
});

describe('TSI: a consistently underperforming group', () => {
  // 20 schools × 3 years; English learners' proficiency 40 + i, except the schools below.
  const elScore = (id: number, year: number): number | null => {
    if (id === 0) return 5; // bottom every year
    if (id === 1) return year === 2017 ? 50 : 6; // bottom only 2018–2019
    if (id === 2) return year === 2018 ? null : 4; // bottom, but no figure in 2018
    return 40 + id;
  };
  const rows = [2017, 2018, 2019].flatMap((year) =>
    Array.from({ length: 20 }, (_, i) =>
      schoolYear(
        `S${i}`,
        year,
        { achievement_score: 60 },
        {
          groups: {
            el: { achievement_score: fig(elScore(i, year), 30) },
            white: { achievement_score: fig(90 - i, 30) },
          },
        },
      ),
    ),
  );
  const rule: Rule = {
    kind: 'tsi_consistently_underperforming',
    measure: 'achievement_score',
    years: 3,
    criterion: { kind: 'bottom_percent', percent: 15 },
  };
  const results = byId(runRuleSet(ruleSet([rule]), rows, 2019));

  it('needs the group in the bottom X% for N consecutive years', () => {
    expect(results.get('S0')?.designations).toEqual([
      { designation: 'tsi', rule: rule.kind, group: 'el' },
    ]);
    expect(results.get('S0')?.reasons).toEqual([
      "English learners: Proficiency in the bottom 15% of that group's results statewide for 3 consecutive years (2017–2019: 5.0%, 5.0%, 5.0%) → TSI.",
    ]);
    expect(results.get('S1')?.identified).toBe(false);
    expect(results.get('S1')?.reasons).toEqual([
      "No student group consistently underperforming on Proficiency (in the bottom 15% of that group's results statewide for 3 years); closest: English learners, 2 of 3 years.",
    ]);
    // A missing year breaks the run.
    expect(results.get('S2')?.identified).toBe(false);
    expect(results.get('S9')?.reasons[0]).toMatch(/no group was in the bottom 15% .* in 2019\.$/);
  });

  it('also takes a fixed threshold', () => {
    const below = runRuleSet(
      ruleSet([
        { ...rule, years: 2, criterion: { kind: 'below', threshold: 10, comparison: '<' } },
      ]),
      rows,
      2019,
    ).filter((r) => r.identified);
    expect(below.map((r) => r.schoolId)).toEqual(['S0', 'S1']);
  });
});

describe('ATSI', () => {
  const rows = [
    ...Array.from({ length: 20 }, (_, i) =>
      schoolYear(
        `T${i}`,
        2019,
        { spg_score: 30 + i },
        { isTitleI: true, groups: { swd: { spg_score: fig(i === 10 ? 29 : 45, 20) } } },
      ),
    ),
    schoolYear(
      'N',
      2019,
      { spg_score: 80 },
      {
        isTitleI: false,
        groups: { black: { spg_score: fig(30, 40) }, el: { spg_score: fig(10, 5) } },
      },
    ),
  ];
  it("identifies a group as low as the lowest 5% of Title I schools' all-students result", () => {
    const results = byId(
      runRuleSet(ruleSet([{ kind: 'atsi', measure: 'spg_score', percent: 5 }]), rows, 2019),
    );
    // Cut-off: ⌈5% × 20⌉ = 1 → 30.0.
    expect(results.get('T10')?.designations).toEqual([
      { designation: 'atsi', rule: 'atsi', group: 'swd' },
    ]);
    expect(results.get('N')?.reasons).toEqual([
      'Black: Performance score 30.0 is at or below 30.0, the all-students result of the lowest 5% of Title I schools → ATSI.',
    ]);
    expect(results.get('T3')?.reasons).toEqual([
      "No student group's Performance score is as low as 30.0, the all-students result of the lowest 5% of Title I schools (ATSI).",
    ]);
  });
});
