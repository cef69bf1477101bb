import { describe, expect, it } from 'vitest';
import { figure, measure, missing, school, suppressed, textFigure } from '../../test-support.ts';
import { buildColumns } from './columns.ts';
import { schoolsToRows } from './export.ts';

describe('schoolsToRows', () => {
  const measures = [
    measure('pct_econ_disadv', 'percent', { label: '% economically disadvantaged' }),
    measure('growth_status', 'status', { label: 'Growth status' }),
    measure('enrollment', 'count', { label: 'Enrollment' }),
  ];
  const schools = [
    school('920302', 'Apex Elementary', {
      pct_econ_disadv: figure(20.5),
      growth_status: textFigure('NotMet'),
      enrollment: figure(600, { year: 2019 }),
    }),
    school(
      '920999',
      '=Closed School',
      {
        pct_econ_disadv: suppressed('<5'),
        growth_status: missing(),
        enrollment: figure(100, { year: 2016 }),
      },
      { isTitleI: null },
    ),
  ];
  const { columns } = buildColumns({ measures, schools });

  it('keeps numbers as numbers, words for codes, and says what is suppressed', () => {
    const [header, first, second] = schoolsToRows(schools, columns);
    expect(header).toEqual([
      'School ID',
      'School',
      'Level',
      'Region (town)',
      'Grades served',
      'Title I school',
      '% economically disadvantaged (%), 2018–19',
      'Growth status, 2018–19',
      'Enrollment',
      'Enrollment: school year',
    ]);
    expect(first).toEqual([
      '920302',
      'Apex Elementary',
      'Elementary',
      'Raleigh',
      'K-5',
      'No',
      20.5,
      'Not met',
      600,
      '2018–19',
    ]);
    expect(second).toEqual([
      '920999',
      '=Closed School',
      'Elementary',
      'Raleigh',
      'K-5',
      null,
      'Suppressed (<5)',
      null,
      100,
      '2015–16',
    ]);
  });
});
