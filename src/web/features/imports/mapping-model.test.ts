import { describe, expect, it } from 'vitest';
import { parseMapping } from '../../../importers/mapping.ts';
import {
  builderFromMapping,
  buildMapping,
  choiceOf,
  initialBuilder,
  readMappingFile,
  titleFromFileName,
} from './mapping-model.ts';

describe('the mapping form', () => {
  const header = ['School code', 'Year', 'Enrollment', 'ELA White', 'ELA Black', 'Notes'];

  it('guesses the school and year columns and known measures from the header', () => {
    const state = initialBuilder(header);
    expect(state.columns['School code']?.role).toBe('school');
    expect(state.columns.Year?.role).toBe('year');
    expect(state.columns.Enrollment).toMatchObject({ role: 'measure', measure: 'enrollment' });
    expect(state.columns.Notes?.role).toBe('ignore');
  });

  it('says what is missing until there is a school, a year and a measure', () => {
    const state = initialBuilder(['a', 'b']);
    expect(buildMapping(['a', 'b'], state)).toEqual({
      mapping: null,
      missing: [
        'a column with the school id',
        'a school year column, or the year the file is for',
        'at least one measure column',
      ],
    });
  });

  it('builds a valid wide-to-long mapping: one column per student group, fractions scaled', () => {
    const state = initialBuilder(header);
    state.columns['ELA White'] = {
      role: 'measure',
      measure: 'ela_pct_proficient',
      group: 'white',
      isFraction: true,
      nColumn: '',
    };
    state.columns['ELA Black'] = {
      role: 'measure',
      measure: 'ela_pct_proficient',
      group: 'black',
      isFraction: false,
      nColumn: '',
    };
    state.markers = 'n<10, TFS';
    const { mapping, missing } = buildMapping(header, state);
    expect(missing).toEqual([]);
    const parsed = parseMapping(mapping);
    expect(parsed.year).toEqual({ column: 'Year' });
    expect(parsed.cells).toEqual({ extraMarkers: ['n<10', 'TFS'] });
    expect(parsed.measures).toEqual([
      { measure: 'enrollment', type: 'number', column: 'Enrollment' },
      {
        measure: 'ela_pct_proficient',
        type: 'number',
        column: 'ELA White',
        studentGroup: 'white',
        scale: 100,
      },
      { measure: 'ela_pct_proficient', type: 'number', column: 'ELA Black', studentGroup: 'black' },
    ]);
  });

  it('takes a fixed school year when no column gives one', () => {
    const state = initialBuilder(['School code', 'Enrollment']);
    state.fixedYear = '2019';
    expect(parseMapping(buildMapping(['School code', 'Enrollment'], state).mapping).year).toEqual({
      value: 2019,
    });
  });
});

it('reads a measure’s n (students counted) from the column chosen, which the file must then have', () => {
  const cols = ['Bldg', 'Term', 'ELA', 'ELA tested'];
  const state = initialBuilder(cols);
  state.columns.Bldg = { ...choiceOf(state, 'Bldg'), role: 'school' };
  state.columns.Term = { ...choiceOf(state, 'Term'), role: 'year' };
  state.columns.ELA = {
    role: 'measure',
    measure: 'ela_pct_proficient',
    group: 'all',
    isFraction: false,
    nColumn: 'ELA tested',
  };
  const parsed = parseMapping(buildMapping(cols, state).mapping);
  expect(parsed.measures).toEqual([
    { measure: 'ela_pct_proficient', type: 'number', column: 'ELA', n: { column: 'ELA tested' } },
  ]);
  expect(parsed.match.requiredColumns).toEqual(['Bldg', 'Term', 'ELA', 'ELA tested']);
});

it('feeds a measure the district defined, typed and scaled by its unit, and shows it again', () => {
  const catalogue = [
    { key: 'climate_grade', label: 'Climate grade', unit: 'grade' },
    { key: 'pct_suspended', label: '% suspended', unit: 'percent' },
  ];
  const cols = ['Bldg', 'Term', 'Grade', 'Suspended'];
  const state = initialBuilder(cols);
  state.columns.Bldg = { ...choiceOf(state, 'Bldg'), role: 'school' };
  state.columns.Term = { ...choiceOf(state, 'Term'), role: 'year' };
  const feed = (measure: string) => ({
    role: 'measure' as const,
    measure,
    group: 'all' as const,
    isFraction: true,
    nColumn: '',
  });
  state.columns.Grade = feed('climate_grade');
  state.columns.Suspended = feed('pct_suspended');
  const built = buildMapping(cols, state, catalogue).mapping;
  expect(built?.measures).toEqual([
    { measure: 'climate_grade', type: 'text', column: 'Grade' },
    { measure: 'pct_suspended', type: 'number', column: 'Suspended', scale: 100 },
  ]);
  expect(builderFromMapping(built, cols, catalogue)?.columns.Grade).toEqual({
    ...feed('climate_grade'),
    isFraction: false,
  });
  // Without the district's catalogue the form cannot show them.
  expect(builderFromMapping(built, cols)).toBeNull();
});

describe('titleFromFileName', () => {
  it('offers the file’s name, as a person would say it, as the title to save a mapping under', () => {
    expect(titleFromFileName('attendance_march (1).csv')).toBe('attendance march');
    expect(titleFromFileName('SIS Export.csv.gz')).toBe('SIS Export');
    expect(titleFromFileName('book.xlsx')).toBe('book');
    expect(titleFromFileName('notes.v2.txt')).toBe('notes.v2');
  });
});

describe('builderFromMapping', () => {
  const cols = ['Bldg', 'ELA W', 'ELA B', 'ELA tested', 'Notes'];
  const state = {
    columns: {
      Bldg: { ...choiceOf({ columns: {}, fixedYear: '', markers: '' }, 'Bldg'), role: 'school' },
      'ELA W': {
        role: 'measure',
        measure: 'ela_pct_proficient',
        group: 'white',
        isFraction: true,
        nColumn: 'ELA tested',
      },
      'ELA B': {
        role: 'measure',
        measure: 'ela_pct_proficient',
        group: 'black',
        isFraction: false,
        nColumn: '',
      },
    },
    fixedYear: '2024',
    markers: 'n<10, TFS',
  } as const;

  it('gives back the form that built a mapping, as the server stored it', () => {
    const built = buildMapping(cols, structuredClone(state) as never).mapping;
    const stored = parseMapping({ ...built, name: 'ela', title: 'ELA' });
    const again = builderFromMapping(stored, cols);
    expect(again).not.toBeNull();
    expect(buildMapping(cols, again!).mapping).toEqual(built);
    expect(again?.fixedYear).toBe('2024');
    expect(again?.markers).toBe('n<10, TFS');
    expect(again?.columns['ELA W']).toEqual(state.columns['ELA W']);
  });

  it('leaves out a column this file lacks, and refuses what the form cannot show', () => {
    const built = buildMapping(cols, structuredClone(state) as never).mapping;
    const fewer = builderFromMapping(built, ['Bldg', 'ELA W']);
    expect(Object.keys(fewer?.columns ?? {})).toEqual(['Bldg', 'ELA W']);
    expect(fewer?.columns['ELA W']?.nColumn).toBe('');
    expect(builderFromMapping({ ...built, filter: [] }, cols)).toBeNull();
    const summed = {
      ...built,
      measures: [{ measure: 'enrollment', type: 'number', sumOf: ['a'] }],
    };
    expect(builderFromMapping(summed, cols)).toBeNull();
    expect(builderFromMapping({ ...built, kind: 'schools' }, cols)).toBeNull();
  });
});

describe('readMappingFile', () => {
  it('reads a mapping file as the document sent, a byte-order mark and all', () => {
    expect(readMappingFile('m.json', '\uFEFF{ "kind": "measures" }')).toEqual({
      document: { kind: 'measures' },
    });
  });

  it('says what is wrong with a file that is not one, naming it', () => {
    const broken = readMappingFile('draft.json', '{ "kind": ');
    expect('error' in broken && broken.error).toMatch(/^draft\.json is not a JSON mapping file: /);
    expect(readMappingFile('list.json', '[1, 2]')).toEqual({
      error: 'list.json is not a mapping: a mapping file holds one JSON object ({ … }).',
    });
  });
});
