import { describe, expect, it } from 'vitest';
import { parseMapping, type MappingInput } from './mapping.ts';
import { bindMapping, applyRow } from './apply.ts';
import { patternError, patternFinds, patternGroup } from './patterns.ts';

describe('mapping patterns', () => {
  it('match as JavaScript patterns do for what mappings write', () => {
    expect(patternFinds('^[0-9]{8}$', '00010505')).toBe(true);
    expect(patternFinds('^[0-9]{8}$', '0001050')).toBe(false);
    expect(patternFinds('LEA$', 'Wake County LEA')).toBe(true);
    expect(patternFinds('\\S', '   ')).toBe(false);
    expect(patternFinds('^2018(\\.0+)?$', '2018.0')).toBe(true);
    expect(patternFinds('^rcd_acc', 'RCD_ACC_EDS.csv', { ignoreCase: true })).toBe(true);
    expect(patternFinds('^rcd_acc', 'RCD_ACC_EDS.csv')).toBe(false);
    expect(patternGroup('.*(20\\d{2})', 'nc/2016/spg_2017.csv')).toBe('2017');
    expect(patternGroup('(20\\d{2})', 'spg.csv')).toBeNull();
  });

  it('take time linear in the text, whatever the pattern', () => {
    // On JavaScript's backtracking engine the first took 15 s on 29 characters, and the second
    // is quadratic in the cell (a 10 MB cell is allowed).
    const started = performance.now();
    expect(patternFinds('^(a+)+$', `${'a'.repeat(100_000)}b`)).toBe(false);
    expect(patternFinds('.*a.*b', 'x'.repeat(2_000_000))).toBe(false);
    // Generous: it takes a few tens of milliseconds; backtracking would take hours.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses look-arounds and back-references, and says why', () => {
    expect(patternError('(20\\d{2})(?!.*20\\d{2})')).toMatch(
      /^is not a pattern Tandem can run \(invalid or unsupported Perl syntax: `\(\?!`\); patterns use RE2 syntax/,
    );
    expect(patternError('(a)\\1')).toMatch(/invalid escape sequence: `\\1`/);
    expect(patternError('a{1001}')).toMatch(/^is not a pattern Tandem can run/);
    expect(patternError('^[0-9]{2}[MXKQR][0-9]{3}$')).toBeNull();
  });

  it('a hostile pattern in a mapping cannot stall an import of a hostile cell', () => {
    const input: MappingInput = {
      kind: 'measures',
      name: 'hostile',
      title: 'Hostile',
      description: '',
      match: { requiredColumns: ['code', 'note', 'score'] },
      school: { column: 'code' },
      year: { value: 2019 },
      filter: [{ column: 'note', notMatches: '^(a+)+$' }],
      measures: [{ measure: 'spg_score', type: 'number', column: 'score' }],
    };
    const { bound } = bindMapping(parseMapping(input), ['code', 'note', 'score'], 'x.csv');
    if (!bound) throw new Error('the mapping did not bind');
    const started = performance.now();
    const result = applyRow(bound, ['920302', `${'a'.repeat(50_000)}!`, '54'], 2);
    expect(result.values[0]?.value).toBe(54);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
