import { describe, expect, it } from 'vitest';
import {
  normaliseCode,
  parseCount,
  parseNumberCell,
  parseSchoolYear,
  parseTextCell,
  transformText,
} from './values.ts';

const reported = (value: number) => ({
  ok: true,
  cell: { status: 'reported', value, valueText: null, marker: null },
});
const suppressed = (marker: string) => ({
  ok: true,
  cell: { status: 'suppressed', value: null, valueText: null, marker },
});
const missing = {
  ok: true,
  cell: { status: 'missing', value: null, valueText: null, marker: null },
};

describe('parseNumberCell', () => {
  it.each([
    ['*'],
    ['<10'],
    ['<5'],
    ['s'],
    ['S'],
    ['NDA'],
    ['TFS'],
    ['N/A'],
    ['<5%'],
    ['>95%'],
    ['<1%'],
    ['-'],
    ['Insufficient Data'],
    ['insufficient data'],
    ['> 99 %'],
  ])('keeps the marker %j as suppressed', (marker) => {
    expect(parseNumberCell(marker)).toEqual(suppressed(marker.trim()));
  });

  it.each([
    ['45', 45],
    ['45%', 45],
    ['1,234', 1234],
    ['1,234,567.5', 1234567.5],
    ['2018.0', 2018],
    [' 916 ', 916],
    ['0', 0],
    ['0.0', 0],
    ['-0.05', -0.05],
    ['$1,200.50', 1200.5],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('reads %j as %d', (raw, value) => {
    expect(parseNumberCell(raw)).toEqual(reported(value));
  });

  it('treats blank and whitespace as missing, never as zero', () => {
    expect(parseNumberCell('')).toEqual(missing);
    expect(parseNumberCell('   ')).toEqual(missing);
  });

  it.each([['abc'], ['12abc'], ['1,2'], ['1.2.3'], ['0x10'], ['Infinity'], ['12,34'], ['--5']])(
    'reports %j as a problem, not a missing value',
    (raw) => {
      expect(parseNumberCell(raw)).toEqual({ ok: false, reason: 'is not a number' });
    },
  );

  it('scales bare numbers but not cells that carry their own % sign', () => {
    expect(parseNumberCell('0.1833', { scale: 100 })).toEqual(reported(18.33));
    expect(parseNumberCell('45%', { scale: 100 })).toEqual(reported(45));
  });

  it('trims floating-point noise after scaling', () => {
    expect(parseNumberCell('0.013999999999999999', { scale: 100 })).toEqual(reported(1.4));
    expect(parseNumberCell('0.022000000000000002', { scale: 100 })).toEqual(reported(2.2));
  });

  it('treats negative numbers as suppression codes only when the source says so', () => {
    expect(parseNumberCell('-1', { negativeIsSuppressed: true })).toEqual(suppressed('-1'));
    expect(parseNumberCell('-1')).toEqual(reported(-1));
  });

  it('accepts extra markers a mapping declares', () => {
    expect(parseNumberCell('I', { extraMarkers: ['I'] })).toEqual(suppressed('I'));
    expect(parseNumberCell('I')).toEqual({ ok: false, reason: 'is not a number' });
  });

  // Plain decimals take a shorter path (values.ts): it must agree with the general one.
  it('reads an extra marker that looks like a plain number as the marker', () => {
    const bounds = { extraMarkers: ['5.0', '95.0', '5', '95'] };
    expect(parseNumberCell(' 95 ', bounds)).toEqual(suppressed('95'));
    expect(parseNumberCell('5.0', bounds)).toEqual(suppressed('5.0'));
    expect(parseNumberCell('96', bounds)).toEqual(reported(96));
    expect(parseNumberCell('95')).toEqual(reported(95));
  });

  it.each([
    ['007', {}, 7],
    ['-12.50', {}, -12.5],
    ['0.5', { scale: 100 }, 50],
    ['-0.25', { scale: 100 }, -25],
    ['0.1234567890123', {}, 0.123456789012],
  ])('reads the plain number %j with %j as %d', (raw, options, value) => {
    expect(parseNumberCell(raw, options)).toEqual(reported(value));
  });
});

describe('parseTextCell', () => {
  it('reads allowed text and refuses any other', () => {
    expect(parseTextCell(' Met ', { allowed: ['Met', 'NotMet'] })).toEqual({
      ok: true,
      cell: { status: 'reported', value: null, valueText: 'Met', marker: null },
    });
    expect(parseTextCell('Mte', { allowed: ['Met', 'NotMet'] })).toEqual({
      ok: false,
      reason: 'is not one of Met, NotMet',
    });
  });

  it('maps source codes, and keeps blanks and markers apart', () => {
    expect(parseTextCell('Y', { map: { Y: 'Yes', N: 'No' } })).toMatchObject({
      cell: { valueText: 'Yes' },
    });
    expect(parseTextCell('', { map: { Y: 'Yes' } })).toEqual(missing);
    expect(parseTextCell('*', { allowed: ['A'] })).toEqual(suppressed('*'));
  });
});

describe('parseCount', () => {
  it.each([
    ['209.0', 209],
    ['1,234', 1234],
    ['', null],
    ['<10', null],
  ])('reads %j as %j', (raw, n) => {
    expect(parseCount(raw)).toEqual({ ok: true, n });
  });

  it.each([['12.5'], ['-3'], ['many']])('refuses %j', (raw) => {
    expect(parseCount(raw).ok).toBe(false);
  });
});

describe('parseSchoolYear', () => {
  it.each([
    ['2019', 2019],
    ['2018.0', 2018],
    ['2018-19', 2019],
    ['2018-2019', 2019],
    ['1999-00', 2000],
    ['2018/19', 2019],
    ['2018-20', null],
    ['19', null],
    ['', null],
    ['3000', null],
  ])('reads %j as %j', (raw, year) => {
    expect(parseSchoolYear(raw)).toBe(year);
  });
});

describe('small normalisations', () => {
  it('normalises masking codes written as floats', () => {
    expect(normaliseCode('1.0')).toBe('1');
    expect(normaliseCode(' 2 ')).toBe('2');
    expect(normaliseCode('')).toBe('');
  });

  it.each([
    ['zip', '27616.0', '27616'],
    ['zip', '2134', '02134'],
    ['zip', '27616-1234', '27616-1234'],
    ['zip', 'Raleigh', null],
    ['gradeSpan', 'PK:05', 'PK-5'],
    ['gradeSpan', '06:08', '6-8'],
    ['gradeSpan', 'K-5', 'K-5'],
    ['gradeSpan', 'P2:05', 'P2-5'],
  ] as const)('%s turns %j into %j', (transform, raw, out) => {
    expect(transformText(raw, transform)).toBe(out);
  });
});
