import { describe, expect, it } from 'vitest';
import { figure, missing, suppressed, textFigure } from '../test-support.ts';
import {
  formatCode,
  formatCount,
  formatDollars,
  formatFigure,
  formatNumber,
  formatPercent,
  formatSchoolYear,
  formatStudentGroup,
  formatText,
  formatYearRange,
  pluralize,
} from './format.ts';

describe('numbers for people', () => {
  it('groups thousands and rounds counts', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1234.6)).toBe('1,235');
  });

  it('shows percentages on the 0–100 scale with one decimal', () => {
    expect(formatPercent(45.2)).toBe('45.2%');
    expect(formatPercent(100)).toBe('100.0%');
  });

  it('shows dollars without cents and a real minus sign', () => {
    expect(formatDollars(9876.4)).toBe('$9,876');
    expect(formatDollars(-12)).toBe('\u2212$12');
  });

  it('signs a growth index', () => {
    expect(formatNumber(1.234, 'index')).toBe('+1.23');
    expect(formatNumber(-0.5, 'index')).toBe('\u22120.50');
    expect(formatNumber(0, 'index')).toBe('0.00');
  });

  it('pluralizes', () => {
    expect(pluralize(1, 'school')).toBe('1 school');
    expect(pluralize(1200, 'school')).toBe('1,200 schools');
    expect(pluralize(2, 'person', 'people')).toBe('2 people');
  });
});

describe('formatFigure', () => {
  it('never shows a suppressed or missing figure as a number', () => {
    expect(formatFigure(suppressed(), 'percent')).toBe('Suppressed');
    expect(formatFigure(missing(), 'percent')).toBe('—');
    expect(formatFigure(undefined, 'count')).toBe('—');
  });

  it('shows grades as letters and growth statuses in words', () => {
    expect(formatFigure(textFigure('B'), 'grade')).toBe('B');
    expect(formatFigure(textFigure('NotMet'), 'status')).toBe('Not met');
    expect(formatFigure(textFigure('Exceeded'), 'status')).toBe('Exceeded');
    expect(formatText('Y', 'status')).toBe('Yes');
  });

  it('formats values in their unit', () => {
    expect(formatFigure(figure(812), 'count')).toBe('812');
    expect(formatFigure(figure(67.25), 'percent')).toBe('67.3%');
    expect(formatFigure(figure(72), 'score')).toBe('72');
  });
});

describe('school years', () => {
  it('names the school year a spring year ends', () => {
    expect(formatSchoolYear(2019)).toBe('2018–19');
    expect(formatSchoolYear(2000)).toBe('1999–00');
  });

  it('spans years', () => {
    expect(formatYearRange([2016, 2014, 2019])).toBe('2013–14 to 2018–19');
    expect(formatYearRange([2019])).toBe('2018–19');
    expect(formatYearRange([])).toBe('');
  });
});

describe('codes as words', () => {
  it('turns codes into sentence case', () => {
    expect(formatCode('lateral_entry')).toBe('Lateral entry');
    expect(formatCode('FULL')).toBe('Full');
  });

  it('names student groups', () => {
    expect(formatStudentGroup('econ_disadv')).toBe('Economically disadvantaged');
    expect(formatStudentGroup('unknown_group')).toBe('unknown_group');
  });
});
