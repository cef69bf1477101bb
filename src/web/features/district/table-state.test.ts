import { describe, expect, it } from 'vitest';
import { figure, measure, missing, school, suppressed, textFigure } from '../../test-support.ts';
import { buildColumns, choiceOptions } from './columns.ts';
import {
  countActiveFilters,
  filterSchools,
  parseBound,
  parseTableState,
  sortSchools,
  writeTableState,
  type TableState,
} from './table-state.ts';

const measures = [
  measure('enrollment', 'count'),
  measure('pct_econ_disadv', 'percent'),
  measure('pct_el', 'percent'),
  measure('spg_grade', 'grade'),
  measure('growth_status', 'status'),
];
const schools = [
  school('1', 'Apex Elementary', {
    enrollment: figure(600),
    pct_econ_disadv: figure(20),
    spg_grade: textFigure('B'),
    growth_status: textFigure('Met'),
  }),
  school(
    '2',
    'Broughton High',
    {
      enrollment: figure(2100),
      pct_econ_disadv: figure(35.5),
      spg_grade: textFigure('C'),
      growth_status: textFigure('Exceeded'),
    },
    { level: 'high', gradeSpan: '9-12', isTitleI: false },
  ),
  school(
    '3',
    'Creech Road Elementary',
    {
      enrollment: figure(450),
      pct_econ_disadv: suppressed(),
      spg_grade: textFigure('D'),
      growth_status: textFigure('NotMet'),
    },
    { isTitleI: true, city: 'Garner' },
  ),
  school('4', 'Dillard Drive Middle', { enrollment: missing() }, { level: 'middle' }),
];
const { columns, unpublished } = buildColumns({ measures, schools });
const base: TableState = {
  query: '',
  choices: {},
  ranges: {},
  sort: { key: 'name', direction: 'ascending' },
};
const column = (key: string) => columns.find((c) => c.key === key);
const names = (list: { name: string }[]) => list.map((s) => s.name);

describe('buildColumns', () => {
  it('leaves out a measure no school reports, and says so', () => {
    expect(columns.map((c) => c.key)).toEqual([
      'name',
      'level',
      'town',
      'gradeSpan',
      'isTitleI',
      'enrollment',
      'pct_econ_disadv',
      'spg_grade',
      'growth_status',
    ]);
    expect(unpublished.map((m) => m.key)).toEqual(['pct_el']);
  });

  it('offers growth statuses best first, in words', () => {
    const options = choiceOptions(schools, column('growth_status')!);
    expect(options.map((o) => o.label)).toEqual(['Exceeded', 'Met', 'Not met']);
  });

  it('offers levels in school order', () => {
    expect(choiceOptions(schools, column('level')!).map((o) => o.label)).toEqual([
      'Elementary',
      'Middle',
      'High',
    ]);
  });
});

describe('filterSchools', () => {
  it('searches names, cities and codes, ignoring case and accents', () => {
    expect(names(filterSchools(schools, columns, { ...base, query: 'ELEM' }))).toEqual([
      'Apex Elementary',
      'Creech Road Elementary',
    ]);
    expect(names(filterSchools(schools, columns, { ...base, query: 'garner' }))).toEqual([
      'Creech Road Elementary',
    ]);
  });

  it('filters on a choice column', () => {
    const state = { ...base, choices: { isTitleI: 'yes' } };
    expect(names(filterSchools(schools, columns, state))).toEqual(['Creech Road Elementary']);
    const graded = { ...base, choices: { spg_grade: 'C' } };
    expect(names(filterSchools(schools, columns, graded))).toEqual(['Broughton High']);
  });

  it('filters on a range, dropping schools whose figure is suppressed or missing', () => {
    const state = { ...base, ranges: { pct_econ_disadv: { min: '10', max: '' } } };
    expect(names(filterSchools(schools, columns, state))).toEqual([
      'Apex Elementary',
      'Broughton High',
    ]);
    const upTo = { ...base, ranges: { enrollment: { min: '', max: '1,000' } } };
    expect(names(filterSchools(schools, columns, upTo))).toEqual([
      'Apex Elementary',
      'Creech Road Elementary',
    ]);
  });

  it('ignores a bound that is not a number yet', () => {
    const state = { ...base, ranges: { enrollment: { min: '-', max: '' } } };
    expect(filterSchools(schools, columns, state)).toHaveLength(4);
    expect(countActiveFilters(state)).toBe(0);
  });
});

describe('sortSchools', () => {
  it('sorts numbers both ways with unreported figures last', () => {
    const desc = sortSchools(schools, column('enrollment'), 'descending');
    expect(names(desc)).toEqual([
      'Broughton High',
      'Apex Elementary',
      'Creech Road Elementary',
      'Dillard Drive Middle',
    ]);
    const asc = sortSchools(schools, column('pct_econ_disadv'), 'ascending');
    expect(names(asc).slice(0, 2)).toEqual(['Apex Elementary', 'Broughton High']);
  });

  it('sorts growth by its meaning, not alphabetically', () => {
    const desc = sortSchools(schools, column('growth_status'), 'descending');
    expect(names(desc)).toEqual([
      'Broughton High',
      'Apex Elementary',
      'Creech Road Elementary',
      'Dillard Drive Middle',
    ]);
  });
});

describe('the table state in the address', () => {
  it('round-trips through URL parameters', () => {
    const state: TableState = {
      query: 'apex',
      choices: { level: 'high' },
      ranges: { enrollment: { min: '100', max: '' } },
      sort: { key: 'enrollment', direction: 'descending' },
    };
    const params = writeTableState(state);
    expect(params.toString()).toBe('q=apex&is.level=high&min.enrollment=100&sort=-enrollment');
    expect(parseTableState(params)).toEqual({
      ...state,
      ranges: { enrollment: { min: '100', max: '' } },
    });
  });

  it('writes nothing for the default view', () => {
    expect(writeTableState(base).toString()).toBe('');
    expect(parseTableState(new URLSearchParams())).toEqual(base);
  });

  it('reads bounds people type', () => {
    expect(parseBound('1,200')).toBe(1200);
    expect(parseBound(' 45.5% ')).toBe(45.5);
    expect(parseBound('$9,000')).toBe(9000);
    expect(parseBound('abc')).toBeNull();
    expect(parseBound('')).toBeNull();
  });
});

describe('the region filter', () => {
  it('offers the towns as "Region (town)" when no school has a region of the district’s own', () => {
    // Fixtures: Creech Road is in Garner, the others default to Raleigh; no region anywhere.
    const region = column('town');
    expect(column('region')).toBeUndefined();
    expect(region?.title).toBe('Region (town)');
    if (!region) throw new Error('no town column');
    expect(choiceOptions(schools, region).map((o) => o.label)).toEqual(['Garner', 'Raleigh']);
    const state = { ...base, choices: { town: 'Garner' } };
    expect(names(filterSchools(schools, columns, state))).toEqual(['Creech Road Elementary']);
    // In the address like the level filter, so a filtered list can be bookmarked.
    expect(writeTableState(state).toString()).toBe('is.town=Garner');
    expect(parseTableState(new URLSearchParams('is.town=Garner')).choices).toEqual({
      town: 'Garner',
    });
  });

  it('uses the district’s regions when any school has one, and none when there is nothing', () => {
    const withRegions = [
      school('1', 'North A', {}, { region: 'North' }),
      school('2', 'South B', {}, { region: 'South' }),
      school('3', 'Unassigned C', {}, { region: null }),
    ];
    const built = buildColumns({ measures, schools: withRegions }).columns;
    const region = built.find((c) => c.key === 'region');
    expect(region?.title).toBe('Region');
    expect(built.find((c) => c.key === 'town')).toBeUndefined();
    const state = { ...base, choices: { region: 'South' } };
    expect(names(filterSchools(withRegions, built, state))).toEqual(['South B']);

    const bare = [school('1', 'Nowhere', {}, { city: null, region: null })];
    const keys = buildColumns({ measures, schools: bare }).columns.map((c) => c.key);
    expect(keys).not.toContain('region');
    expect(keys).not.toContain('town');
  });
});
