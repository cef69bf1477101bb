// The table model's writers on a hand-made table: the XLSX read back with exceljs (every number
// format, suppressed and blank cells, text that looks like a formula, the About sheet) and the
// CSV from the same table.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, toCsv, type ExportTable } from './table.ts';
import { numberFormat, toXlsx } from './xlsx.ts';

const table: ExportTable = {
  title: 'Test: schools',
  notes: ['Method sentence.'],
  columns: [
    { key: 'school', header: 'School', kind: 'text', definition: 'The name.' },
    { key: 'pct', header: '% poor', kind: 'percent', definition: 'Share poor.' },
    { key: 'students', header: 'Students', kind: 'count', definition: 'Enrollment.' },
    { key: 'year', header: 'Year', kind: 'year', definition: 'Spring year.' },
    { key: 'p', header: 'p', kind: 'decimal', digits: 3, definition: 'p-value.' },
    { key: 'title_i', header: 'Title I', kind: 'flag', definition: 'Y or N.' },
  ],
  rows: [
    ['=1+2', 45.25, 12345, 2019, 0.0123, 'Y'],
    ['+SUM(A1)', { suppressed: 'n<10' }, null, 2018, -0.5, 'N'],
    ['@cmd', 3, 7, 2017, null, null],
    ['Peña–Ortiz “Magnet”', 100, 0, 2016, 1, 'Y'],
  ],
  about: {
    district: 'Test County',
    sources: ['The state file.'],
    minimumN: 10,
    exportedBy: 'Ana Lyst (ana)',
    exportedAt: new Date('2026-01-02T03:04:05Z'),
    year: 2019,
  },
};

async function read(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('toXlsx', () => {
  it('keeps numbers as numbers with their formats and text as text', async () => {
    const workbook = await read(await toXlsx(table, 'Schools'));
    const sheet = workbook.getWorksheet('Schools');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'School',
      '% poor',
      'Students',
      'Year',
      'p',
      'Title I',
    ]);
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBeCloseTo(0.4525, 12);
    expect(first.getCell(2).numFmt).toBe('0.0%');
    expect(first.getCell(3).value).toBe(12345);
    expect(first.getCell(3).numFmt).toBe('#,##0');
    expect(first.getCell(4).value).toBe(2019);
    expect(first.getCell(4).numFmt).toBe('0');
    expect(first.getCell(5).numFmt).toBe('0.000');
    // Formula-like text stays a string: no cell anywhere holds a formula.
    for (const [r, text] of [
      [2, '=1+2'],
      [3, '+SUM(A1)'],
      [4, '@cmd'],
    ] as const) {
      const cell = sheet.getRow(r).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
    }
    sheet.eachRow((row) =>
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
    );
    // Suppressed is a marker, blank is blank, zero is zero.
    expect(sheet.getRow(3).getCell(2).value).toBe('Suppressed (n<10)');
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.getRow(5).getCell(3).value).toBe(0);
    expect(sheet.getRow(5).getCell(1).value).toBe('Peña–Ortiz “Magnet”');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    // Widths follow the longest cell, within bounds.
    expect(sheet.getColumn(1).width).toBeGreaterThan('Peña–Ortiz “Magnet”'.length);
    // exceljs leaves out a width of 9, its default, when it writes the file.
    expect(sheet.getColumn(6).width ?? 9).toBeGreaterThanOrEqual(8);
  });

  it('adds an About sheet with the district, who and when, the n rule and each definition', async () => {
    const workbook = await read(await toXlsx(table));
    const about = workbook.getWorksheet('About');
    const lines: string[] = [];
    about?.eachRow((row) => lines.push((row.values as unknown[]).filter(Boolean).join(' | ')));
    expect(lines[0]).toBe('Test: schools');
    expect(lines).toContain('District | Test County');
    expect(lines).toContain('Exported by | Ana Lyst (ana)');
    expect(lines).toContain('Exported on | 2026-01-02 03:04 UTC');
    expect(lines.some((l) => l.startsWith('Small numbers | No rate about fewer than 10'))).toBe(
      true,
    );
    expect(lines).toContain('Sources | The state file.');
    expect(lines).toContain('Method | Method sentence.');
    expect(lines).toContain('% poor | Share poor.');
    expect(lines).toContain('Students | Enrollment.');
  });

  it('names a number format for every numeric kind', () => {
    expect(table.columns.map(numberFormat)).toEqual([
      undefined,
      '0.0%',
      '#,##0',
      '0',
      '0.000',
      undefined,
    ]);
  });
});

describe('toCsv from the same table', () => {
  it('writes the keys, numbers to their decimals, and escapes formula-like cells', () => {
    const lines = toCsv(table).trim().split('\n');
    expect(lines[0]).toBe('school,pct,students,year,p,title_i');
    expect(lines[1]).toBe(`'=1+2,45.3,12345,2019,0.012,Y`);
    expect(lines[2]).toBe(`'+SUM(A1),Suppressed (n<10),,2018,'-0.500,N`);
    expect(lines[3]).toBe(`'@cmd,3.0,7,2017,,`);
    expect(cellText(null, table.columns[0]!)).toBe('');
  });
});
