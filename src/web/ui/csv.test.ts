import { describe, expect, it } from 'vitest';
import { escapeCsvCell, slugify, toCsv } from './csv.ts';

describe('escapeCsvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(escapeCsvCell('Smith, Jones')).toBe('"Smith, Jones"');
    expect(escapeCsvCell('the "best" school')).toBe('"the ""best"" school"');
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(escapeCsvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(escapeCsvCell('+1')).toBe("'+1");
    expect(escapeCsvCell('-2')).toBe("'-2");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('\tx')).toBe("'\tx");
  });

  it('leaves numbers as numbers, negative ones included', () => {
    expect(escapeCsvCell(-0.5)).toBe('-0.5');
    expect(escapeCsvCell(1234)).toBe('1234');
    expect(escapeCsvCell(Number.NaN)).toBe('');
  });

  it('writes empty cells for nothing', () => {
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a UTF-8 byte-order mark and CRLF rows', () => {
    expect(
      toCsv([
        ['a', 1],
        ['b', null],
      ]),
    ).toBe('\uFEFFa,1\r\nb,\r\n');
  });
});

describe('slugify', () => {
  it('makes a file name', () => {
    expect(slugify('Wake County Schools')).toBe('wake-county-schools');
    expect(slugify('École ¡Sí!')).toBe('ecole-si');
    expect(slugify('***')).toBe('export');
  });
});
