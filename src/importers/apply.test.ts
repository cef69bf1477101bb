import { describe, expect, it } from 'vitest';
import { applyRow, bindMapping, type BoundMapping } from './apply.ts';
import { parseMapping, type MappingInput } from './mapping.ts';

const header = [
  'code',
  'year',
  'grp',
  'score',
  'score_mask',
  'den',
  'a',
  'b',
  'total',
  'flag1',
  'flag2',
  'grade',
];

const measures: MappingInput = {
  kind: 'measures',
  name: 'test',
  title: 'Test',
  description: '',
  match: { requiredColumns: ['code'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  filter: [{ column: 'code', notMatches: 'LEA$' }],
  year: { column: 'year' },
  studentGroup: { column: 'grp', map: { ALL: 'all', SWD: 'swd' } },
  maskingCodes: { '0': null, '1': '>95%' },
  measures: [
    {
      measure: 'grad_rate_4yr',
      type: 'number',
      column: 'score',
      maskingColumn: 'score_mask',
      n: { column: 'den' },
    },
    { measure: 'teachers_count', type: 'number', sumOf: ['a', 'b'] },
    {
      measure: 'pct_minority',
      type: 'number',
      ratio: { numerator: ['a'], denominator: ['total'] },
      scale: 100,
    },
    {
      measure: 'csi_designation',
      type: 'text',
      yesIfAny: { columns: ['flag1', 'flag2'], equals: 'Y' },
    },
    {
      measure: 'spg_grade',
      type: 'text',
      column: 'grade',
      allowed: ['A', 'B'],
      when: [{ column: 'grp', equals: 'ALL' }],
    },
  ],
};

function bind(input: MappingInput, cols = header, file = 'f.csv'): BoundMapping {
  const { bound, problems } = bindMapping(parseMapping(input), cols, file);
  if (!bound) throw new Error(JSON.stringify(problems));
  return bound;
}

// code, year, grp, score, score_mask, den, a, b, total, flag1, flag2, grade
const row = (...cells: string[]) => cells;

describe('applyRow', () => {
  const bound = bind(measures);

  it('turns one row into values for each measure', () => {
    const result = applyRow(
      bound,
      row('92302', '2019', 'ALL', '88.5', '', '120', '3', '4', '10', 'N', 'Y', 'B'),
      7,
    );
    expect(result.problems).toEqual([]);
    expect(result.schoolId).toBe('092302');
    const v = Object.fromEntries(result.values.map((x) => [x.measureKey, x]));
    expect(v.grad_rate_4yr).toMatchObject({
      status: 'reported',
      value: 88.5,
      n: 120,
      schoolYear: 2019,
      studentGroup: 'all',
    });
    expect(v.teachers_count).toMatchObject({ status: 'reported', value: 7 });
    expect(v.pct_minority).toMatchObject({ status: 'reported', value: 30 });
    expect(v.csi_designation).toMatchObject({ status: 'reported', valueText: 'Y' });
    expect(v.spg_grade).toMatchObject({ status: 'reported', valueText: 'B' });
  });

  it('suppresses a masked value whatever the value cell says, and keeps its n', () => {
    const result = applyRow(
      bound,
      row('920302', '2019', 'SWD', '95.0', '1.0', '217', '', '', '', '', '', ''),
      3,
    );
    const grad = result.values.find((x) => x.measureKey === 'grad_rate_4yr');
    expect(grad).toMatchObject({
      status: 'suppressed',
      value: null,
      marker: '>95%',
      n: 217,
      studentGroup: 'swd',
    });
    // blanks are missing; the 'when' keeps spg_grade to the ALL rows
    expect(result.values.find((x) => x.measureKey === 'teachers_count')?.status).toBe('missing');
    expect(result.values.find((x) => x.measureKey === 'csi_designation')?.status).toBe('missing');
    expect(result.values.some((x) => x.measureKey === 'spg_grade')).toBe(false);
  });

  it('a measure’s own cells markers replace the mapping’s for that measure only', () => {
    const own = bind({
      ...measures,
      measures: [
        { measure: 'teachers_count', type: 'number', column: 'a' },
        { measure: 'pct_minority', type: 'number', column: 'b', cells: { extraMarkers: ['5.0'] } },
      ],
    });
    const result = applyRow(
      own,
      row('920302', '2019', 'ALL', '', '', '', '5.0', '5.0', '', '', '', ''),
      4,
    );
    const v = Object.fromEntries(result.values.map((x) => [x.measureKey, x]));
    expect(v.teachers_count).toMatchObject({ status: 'reported', value: 5 });
    expect(v.pct_minority).toMatchObject({ status: 'suppressed', marker: '5.0', value: null });
  });

  it('skips filtered rows and unmapped groups, and counts them apart from problems', () => {
    expect(
      applyRow(bound, row('920LEA', '2019', 'ALL', '', '', '', '', '', '', '', '', ''), 2),
    ).toMatchObject({
      skipped: 'filtered',
      problems: [],
    });
    expect(
      applyRow(bound, row('920302', '2019', 'MIG', '', '', '', '', '', '', '', '', ''), 2),
    ).toMatchObject({
      skipped: 'student_group_not_mapped',
      problems: [],
    });
  });

  it('reports every bad cell with its row and column', () => {
    const result = applyRow(
      bound,
      row('9203x2', '19', 'ALL', 'abc', '7', '1.5', '', '', '', '', '', 'Q'),
      12,
    );
    expect(result.problems).toEqual([
      {
        file: 'f.csv',
        row: 12,
        column: 'code',
        value: '9203x2',
        reason: 'is not a school id of the form ^[0-9]{6}$',
      },
    ]);
    const second = applyRow(
      bound,
      row('920302', '19', 'ALL', 'abc', '7', '1.5', '', '', '', '', '', 'Q'),
      13,
    );
    expect(second.problems.map((p) => [p.column, p.value, p.reason])).toEqual([
      ['year', '19', 'is not a school year (e.g. 2019 or 2018-19)'],
    ]);
    const third = applyRow(
      bound,
      row('920302', '2019', 'ALL', 'abc', '7', '1.5', '', '', '', '', '', 'Q'),
      14,
    );
    expect(third.problems.map((p) => [p.column, p.value, p.reason])).toEqual([
      ['score', 'abc', 'is not a number'],
      ['score_mask', '7', 'is not a known masking code'],
      ['den', '1.5', 'is not a count (a whole number, 0 or more)'],
      ['grade', 'Q', 'is not one of A, B'],
    ]);
    expect(third.values.map((x) => x.measureKey)).toEqual([
      'teachers_count',
      'pct_minority',
      'csi_designation',
    ]);
  });

  it('does not divide by zero', () => {
    const result = applyRow(
      bound,
      row('920302', '2019', 'ALL', '', '', '', '0', '0', '0', '', '', ''),
      2,
    );
    expect(result.values.find((x) => x.measureKey === 'pct_minority')?.status).toBe('missing');
  });
});

describe('bindMapping', () => {
  it('reports missing and repeated columns against the header row', () => {
    const { bound, problems } = bindMapping(
      parseMapping(measures),
      ['code', 'year', 'grp', 'score', 'score'],
      'x.csv',
    );
    expect(bound).toBeNull();
    expect(problems).toContainEqual({
      file: 'x.csv',
      row: 1,
      column: 'score',
      value: null,
      reason: 'the header has "score" 2 times',
    });
    expect(problems).toContainEqual({
      file: 'x.csv',
      row: 1,
      column: 'den',
      value: null,
      reason: 'the header has no column "den"',
    });
  });

  it('takes the year from the file name when the file has no year column', () => {
    const input: MappingInput = {
      ...measures,
      year: { fromFileName: '.*(20\\d{2})' },
      studentGroup: { value: 'all' },
      maskingCodes: undefined,
      measures: [{ measure: 'spg_score', type: 'number', column: 'score' }],
    };
    const bound = bind(input, ['code', 'score'], 'data/2016/spg.csv');
    expect(applyRow(bound, ['920302', '54.0'], 2).values[0]).toMatchObject({
      schoolYear: 2016,
      value: 54,
    });
    // The last year in the path: the file's, not its folder's.
    const renamed = bind(input, ['code', 'score'], 'archive\\2015\\spg_2017.csv');
    expect(applyRow(renamed, ['920302', '54.0'], 2).values[0]?.schoolYear).toBe(2017);
    const { problems } = bindMapping(parseMapping(input), ['code', 'score'], 'spg.csv');
    expect(problems[0]?.reason).toMatch(/does not give a school year/);
  });
});

describe('school directory rows', () => {
  const schools: MappingInput = {
    kind: 'schools',
    name: 'dir',
    title: 'Directory',
    description: '',
    match: { requiredColumns: ['id'] },
    school: { column: 'id', padStart: 6 },
    fields: {
      name: { column: 'name' },
      level: { column: 'cat', map: { E: 'elementary', H: 'high' } },
      isTitleI: { column: 't1', map: { Y: true, '': false } },
      zip: { column: 'zip', transform: 'zip' },
      gradeSpan: { column: 'span', transform: 'gradeSpan' },
      state: { value: 'NC' },
      latitude: { column: 'lat' },
    },
  };
  const bound = bind(schools, ['id', 'name', 'cat', 't1', 'zip', 'span', 'lat']);

  it('reads a school with its normalised fields', () => {
    const result = applyRow(
      bound,
      ['10303', 'Alpha Elementary', 'E', '', '27616.0', 'PK:05', '35.9'],
      2,
    );
    expect(result.school).toEqual({
      id: '010303',
      name: 'Alpha Elementary',
      stateId: null,
      ncesId: null,
      level: 'elementary',
      gradeSpan: 'PK-5',
      isTitleI: false,
      street: null,
      city: null,
      state: 'NC',
      zip: '27616',
      latitude: 35.9,
      longitude: null,
      region: null,
    });
  });

  it('a blank level is "other"; an unknown one, a blank name or a bad coordinate is a problem', () => {
    expect(applyRow(bound, ['1', 'A', '', 'Y', '', '', ''], 2).school).toMatchObject({
      level: 'other',
      isTitleI: true,
    });
    const result = applyRow(bound, ['1', '', 'Q', 'maybe', 'Cary', '', '200'], 3);
    expect(result.school).toBeNull();
    expect(result.problems.map((p) => [p.column, p.value])).toEqual([
      ['name', ''],
      ['cat', 'Q'],
      ['t1', 'maybe'],
      ['zip', 'Cary'],
      ['lat', '200'],
    ]);
  });
});
