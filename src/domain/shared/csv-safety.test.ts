import { describe, expect, it } from 'vitest';
import { escapeFormula, isFormulaLike } from './csv-safety.ts';

describe('escapeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.test","click")', `'=HYPERLINK("http://x.test","click")`],
    ['+SUM(A1:A2)', "'+SUM(A1:A2)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\0=1', "'\0=1"],
    ['-1.5', "'-1.5"],
  ])('quotes %j', (cell, escaped) => {
    expect(isFormulaLike(cell)).toBe(true);
    expect(escapeFormula(cell)).toBe(escaped);
  });

  it.each(['', 'River Bend Elementary', '58.0', '<10', '>95%', "'=already quoted", ' =1', 'a=b'])(
    'leaves %j alone',
    (cell) => {
      expect(isFormulaLike(cell)).toBe(false);
      expect(escapeFormula(cell)).toBe(cell);
    },
  );
});
