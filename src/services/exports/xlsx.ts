// An ExportTable (./table.ts) as an Excel workbook, with exceljs. Generic — any table in, a
// buffer out, so the diagnostics, equity and partnership pages share one writer.
//
// API:
//   toXlsx(table: ExportTable): Promise<Buffer>
//     Sheet 1 (the table's data): one header row, frozen, with an autofilter; numbers stay
//       numbers with a number format (percent one decimal, counts with thousands separators,
//       years plain, decimals to the column's digits); a suppressed figure is the text
//       "Suppressed (marker)", never blank or zero; every text cell is stored as a string with the
//       text format, so a value such as `=HYPERLINK(…)` from an imported file is never a formula.
//     Sheet 2 "About": the title, district, who exported and when, the minimum-n rule, sources,
//       the notes (method), and each column's definition.
//   XLSX_CONTENT_TYPE
import ExcelJS from 'exceljs';
import {
  cellText,
  columnDigits,
  isSuppressed,
  suppressedText,
  type ExportCell,
  type ExportColumn,
  type ExportTable,
} from './table.ts';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Excel number formats (ECMA-376 Part 1, §18.8.31 numFmt). */
export function numberFormat(column: ExportColumn): string | undefined {
  const digits = columnDigits(column);
  switch (column.kind) {
    case 'percent':
      return '0.0%';
    case 'count':
      return '#,##0';
    case 'year':
      return '0';
    case 'decimal':
      return digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
    default:
      return undefined;
  }
}

/**
 * The value a spreadsheet cell holds. Percentages are stored as fractions (45.2 → 0.452) so that
 * Excel's percent format shows 45.2% and formulas over them behave like any other percentage.
 */
function cellValue(cell: ExportCell, column: ExportColumn): string | number | null {
  if (cell === null) return null;
  if (isSuppressed(cell)) return suppressedText(cell);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return null;
    if (column.kind === 'text' || column.kind === 'flag') return String(cell);
    return column.kind === 'percent' ? cell / 100 : cell;
  }
  return cell;
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
function sheetName(title: string): string {
  const clean = title.replace(/[:\\/?*[\]]/g, ' ').trim();
  return (clean.length > 31 ? clean.slice(0, 31) : clean) || 'Data';
}

function widthFor(column: ExportColumn, rows: readonly ExportCell[][], index: number): number {
  let width = column.header.length;
  for (const row of rows) {
    const text = cellText(row[index] ?? null, column);
    // Thousands separators and the percent sign add a few characters to what the CSV prints.
    width = Math.max(width, text.length + (column.kind === 'text' ? 0 : 3));
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
}

export async function toXlsx(table: ExportTable, dataSheetName = 'Data'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = table.about?.exportedBy ?? 'Tandem';
  workbook.created = table.about?.exportedAt ?? new Date();
  workbook.title = table.title;

  const sheet = workbook.addWorksheet(sheetName(dataSheetName), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  sheet.columns = table.columns.map((column, i) => ({
    key: column.key,
    width: widthFor(column, table.rows, i),
  }));
  const header = sheet.getRow(1);
  table.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
  });
  table.rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(r + 2);
    table.columns.forEach((column, i) => {
      const source = row[i] ?? null;
      const value = cellValue(source, column);
      if (value === null) return;
      const cell = sheetRow.getCell(i + 1);
      cell.value = value;
      if (typeof value === 'number') {
        const format = numberFormat(column);
        if (format) cell.numFmt = format;
      } else {
        // '@' is Excel's text format: the cell is text even if a user edits and re-enters it.
        cell.numFmt = '@';
        if (isSuppressed(source)) {
          cell.alignment = { horizontal: 'right' };
          cell.font = { italic: true, color: { argb: 'FF555555' } };
        }
      }
    });
  });
  if (table.columns.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1 + table.rows.length, column: table.columns.length },
    };
  }

  addAboutSheet(workbook, table);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}

function addAboutSheet(workbook: ExcelJS.Workbook, table: ExportTable) {
  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 28 }, { width: 100 }];
  const put = (label: string, text: string, bold = false) => {
    const row = about.addRow([label, text]);
    row.getCell(1).font = { bold: true };
    const cell = row.getCell(2);
    cell.numFmt = '@';
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (bold) cell.font = { bold: true };
  };
  const title = about.addRow([table.title]);
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).numFmt = '@';
  about.addRow([]);
  const info = table.about;
  if (info) {
    put('District', info.district);
    put('Exported by', info.exportedBy);
    put('Exported on', `${info.exportedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`);
    put(
      'Small numbers',
      info.minimumN === null
        ? 'This table has no rates about groups of people.'
        : `No rate about fewer than ${info.minimumN} students is shown; such a cell reads “Suppressed” with the marker (n<${info.minimumN}, or the publisher’s own, such as <5%). Suppressed is not zero and not missing; a blank cell was not reported.`,
    );
    info.sources.forEach((source, i) => put(i === 0 ? 'Sources' : '', source));
  }
  table.notes.filter((n) => n !== '').forEach((note, i) => put(i === 0 ? 'Method' : '', note));
  about.addRow([]);
  const head = about.addRow(['Column', 'Definition']);
  head.font = { bold: true };
  for (const column of table.columns) put(column.header, column.definition);
}
