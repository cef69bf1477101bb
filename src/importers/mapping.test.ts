import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/shared/errors.ts';
import {
  columnsOf,
  normaliseColumn,
  parseMapping,
  pickMappingFrom,
  type MappingInput,
} from './mapping.ts';

const valid = {
  kind: 'measures',
  name: 'test-scores',
  title: 'Test scores',
  description: 'A small file',
  match: { fileName: '^scores', requiredColumns: ['school', 'score'] },
  school: { column: 'school', padStart: 6, pattern: '^\\d{6}$' },
  year: { value: 2019 },
  measures: [{ measure: 'spg_score', type: 'number', column: 'score' }],
} satisfies MappingInput;

function problemsOf(input: unknown): Array<{ field: string; message: string }> {
  try {
    parseMapping(input);
  } catch (error) {
    if (error instanceof AppError) return error.problems;
    throw error;
  }
  throw new Error('expected the mapping to be refused');
}

describe('parseMapping', () => {
  it('accepts a valid mapping', () => {
    expect(parseMapping(valid).name).toBe('test-scores');
  });

  it('names the field that is wrong', () => {
    const bad = { ...valid, measures: [{ measure: 'spg_score', type: 'number' }] };
    expect(problemsOf(bad)).toEqual([
      { field: 'measures.0', message: 'needs exactly one of column, sumOf, ratio, yesIfAny' },
    ]);
    expect(problemsOf({ ...valid, school: { column: 'school', pattern: '([' } })).toEqual([
      {
        field: 'school.pattern',
        message: expect.stringMatching(/^is not a pattern Tandem can run \(missing closing \]/),
      },
    ]);
    expect(
      problemsOf({ ...valid, studentGroup: { column: 'grp', map: { X: 'martians' } } })[0]?.field,
    ).toBe('studentGroup.map.X');
  });

  it('checks the measures a mapping defines: not a standard one, once, fed as their unit says', () => {
    const define = (measure: string, unit: string) => ({
      measure,
      label: 'A measure',
      unit,
      category: 'outcome',
    });
    expect(
      problemsOf({
        ...valid,
        defineMeasures: [
          define('spg_score', 'score'),
          define('climate_grade', 'grade'),
          define('climate_grade', 'grade'),
        ],
        measures: [{ measure: 'climate_grade', type: 'number', column: 'g' }],
      }),
    ).toEqual([
      {
        field: 'defineMeasures.0.measure',
        message:
          'is a standard measure ("Performance score"); leave it out, the catalogue defines it',
      },
      { field: 'defineMeasures.2.measure', message: 'is defined twice' },
      { field: 'measures.0.type', message: 'must be "text" for a measure in grade' },
    ]);
    expect(
      problemsOf({ ...valid, defineMeasures: [define('climate_index', 'stars')] })[0]?.field,
    ).toBe('defineMeasures.0.unit');
  });

  it('refuses unknown fields, so that a typo is not silently ignored', () => {
    expect(problemsOf({ ...valid, fitler: [] })[0]?.message).toMatch(/fitler/);
  });

  it('refuses number-only options on text measures and the other way round', () => {
    const textScaled = { measure: 'spg_grade', type: 'text', column: 'g', scale: 100 };
    expect(problemsOf({ ...valid, measures: [textScaled] })).toEqual([
      { field: 'measures.0.scale', message: 'is for number measures' },
    ]);
  });

  it('needs a year for measures and maskingCodes for a masking column', () => {
    const { year: _year, ...noYear } = valid;
    expect(problemsOf({ ...noYear, kind: 'schools', fields: { name: { column: 'n' } } })).toEqual([
      { field: 'year', message: 'is required with measures' },
    ]);
    const masked = { ...valid.measures[0], maskingColumn: 'mask' };
    expect(problemsOf({ ...valid, measures: [masked] })).toEqual([
      { field: 'measures.0.maskingColumn', message: 'needs maskingCodes on the mapping' },
    ]);
  });

  it('a condition takes exactly one operator', () => {
    const filter = [{ column: 'x', equals: 'a', in: ['b'] }];
    expect(problemsOf({ ...valid, filter })[0]?.field).toBe('filter.0');
  });

  it('says which mapping is bad in its message', () => {
    expect(() => parseMapping({ ...valid, title: '' })).toThrow(/Mapping "test-scores"/);
  });
});

describe('columns', () => {
  it('compares header names ignoring case and repeated spaces', () => {
    expect(normaliseColumn(' Reading  SPG Score ')).toBe('reading spg score');
    expect(normaliseColumn('title_I')).toBe(normaliseColumn('title_i'));
  });

  it('lists every column a mapping reads', () => {
    const m = parseMapping({
      ...valid,
      filter: [{ column: 'level', equals: 'SCH' }],
      measures: [
        {
          measure: 'pct_minority',
          type: 'number',
          ratio: { numerator: ['a'], denominator: ['t'] },
        },
        { measure: 'teachers_count', type: 'number', column: 'score', n: { sumOf: ['x', 'y'] } },
      ],
    });
    expect(columnsOf(m)).toEqual(['school', 'level', 'a', 't', 'score', 'x', 'y']);
  });
});

describe('pickMappingFrom', () => {
  const scores = parseMapping(valid);
  const wide = parseMapping({
    ...valid,
    name: 'test-scores-wide',
    match: { requiredColumns: ['school', 'score', 'grade'] },
  });

  it('prefers the most specific fit and respects file-name patterns', () => {
    expect(pickMappingFrom([scores, wide], ['school', 'score', 'grade'], 'scores.csv')?.name).toBe(
      'test-scores-wide',
    );
    expect(pickMappingFrom([scores, wide], ['School', 'SCORE'], 'scores-2019.csv')?.name).toBe(
      'test-scores',
    );
    expect(pickMappingFrom([scores], ['school', 'score'], 'other.csv')).toBeNull();
  });

  it('takes a workbook saved from a CSV for the CSV its pattern names', () => {
    const exact = parseMapping({
      ...valid,
      name: 'exact',
      match: { fileName: '^scores\\.csv', requiredColumns: ['school', 'score'] },
    });
    const pick = (name: string) => pickMappingFrom([exact], ['school', 'score'], name)?.name;
    expect(pick('scores.csv')).toBe('exact');
    expect(pick('scores.csv.gz')).toBe('exact');
    expect(pick('Scores.XLSX')).toBe('exact');
    expect(pick('scores.xlsx.csv')).toBeUndefined();
    expect(pick('scores.txt')).toBeUndefined();
  });

  it('takes a browser’s second download of a file for the file', () => {
    const exact = parseMapping({
      ...valid,
      name: 'exact',
      match: { fileName: '^scores\\.csv', requiredColumns: ['school', 'score'] },
    });
    const pick = (name: string) => pickMappingFrom([exact], ['school', 'score'], name)?.name;
    expect(pick('scores (1).csv')).toBe('exact');
    expect(pick('scores(12).csv.gz')).toBe('exact');
    expect(pick('scores (2).xlsx')).toBe('exact');
    expect(pick('scores (draft).csv')).toBeUndefined();
    expect(pick('(1) scores.csv')).toBeUndefined();
  });

  it('refuses to guess between equally good fits', () => {
    const twin = parseMapping({ ...valid, name: 'twin' });
    expect(() => pickMappingFrom([scores, twin], ['school', 'score'], 'scores.csv')).toThrow(
      /several mappings fit \(test-scores, twin\)/,
    );
  });
});

describe('sheet', () => {
  it('names the worksheet of an .xlsx to read, within Excel’s 31 characters', () => {
    expect(parseMapping({ ...valid, sheet: ' Data ' }).sheet).toBe('Data');
    expect(parseMapping(valid).sheet).toBeUndefined();
    expect(() => parseMapping({ ...valid, sheet: 'x'.repeat(32) })).toThrow(
      /sheet is longer than Excel allows/,
    );
    expect(() => parseMapping({ ...valid, sheet: '' })).toThrow(/sheet/);
  });
});
