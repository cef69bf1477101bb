// The one table model behind every export (issue #4 "Exports: CSV, XLSX, and a PDF"): a report
// builds an ExportTable once, and toCsv / toXlsx (./xlsx.ts) / the PDF's table block (./pdf.ts)
// each render it. Cells are typed so that a spreadsheet gets numbers it can sum, a CSV gets the
// same figures as text, and a suppressed figure never turns into a blank or a zero (DOMAIN.md §6:
// suppressed is not missing and not zero).
//
// API:
//   ExportTable   { title, notes, columns: ExportColumn[], rows: ExportCell[][], about? }
//   ExportColumn  { key (CSV header), header (spreadsheet header), kind, digits?, definition }
//   ExportCell    string | number | null (blank: not reported) | { suppressed: marker }
//   cellText(cell, column)  the cell as the CSV and the PDF print it
//   toCsv(table)            RFC 4180 CSV with the keys as the header, formula-like cells escaped
import { stringify } from 'csv-stringify/sync';
import { escapeFormula } from '../../domain/shared/csv-safety.ts';

/**
 * How a column's numbers read. percent: a rate on the 0–100 scale (as Tandem stores and shows
 * it); count: a whole number with thousands separators; year: a school year's spring year, printed
 * without separators; decimal: `digits` places; text and flag (Y/N) are text.
 */
export type ColumnKind = 'text' | 'flag' | 'percent' | 'count' | 'decimal' | 'year';

export interface ExportColumn {
  /** Machine name: the CSV header and the `tandem report` column. */
  key: string;
  /** The header a person reads in a spreadsheet or the PDF. */
  header: string;
  kind: ColumnKind;
  /** Decimal places for 'decimal' (default 1); percent always has one. */
  digits?: number;
  /** What the column means, with its source: the spreadsheet's "About" sheet lists these. */
  definition: string;
}

export interface SuppressedCell {
  /** The marker a reader sees, e.g. 'n<10' or the publisher's '<5%'. */
  suppressed: string;
}

export type ExportCell = string | number | null | SuppressedCell;

export interface ExportAbout {
  district: string;
  /** Where the figures come from (files, publishers). */
  sources: string[];
  /** The minimum n in force, or null where the table has no rates about people. */
  minimumN: number | null;
  exportedBy: string;
  exportedAt: Date;
  /** The school year the table is about (spring year), for the file name; null if several. */
  year?: number | null;
}

export interface ExportTable {
  title: string;
  /** Method, source and n, printed under the table. */
  notes: string[];
  columns: ExportColumn[];
  rows: ExportCell[][];
  about?: ExportAbout;
}

export function isSuppressed(cell: ExportCell): cell is SuppressedCell {
  return typeof cell === 'object' && cell !== null;
}

export function suppressedText(cell: SuppressedCell): string {
  return `Suppressed (${cell.suppressed})`;
}

/** Decimal places a numeric column prints with. */
export function columnDigits(column: ExportColumn): number {
  switch (column.kind) {
    case 'percent':
      return 1;
    case 'count':
    case 'year':
      return 0;
    default:
      return column.digits ?? 1;
  }
}

/** The cell as text, the way the CSV writes it (no thousands separators, so it parses back). */
export function cellText(cell: ExportCell, column: ExportColumn): string {
  if (cell === null) return '';
  if (isSuppressed(cell)) return suppressedText(cell);
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return '';
  return column.kind === 'text' || column.kind === 'flag'
    ? String(cell)
    : cell.toFixed(columnDigits(column));
}

/** The table as CSV: the column keys as the header, every formula-like cell escaped. */
export function toCsv(table: ExportTable): string {
  return stringify([
    table.columns.map((c) => c.key),
    ...table.rows.map((row) =>
      table.columns.map((column, i) => escapeFormula(cellText(row[i] ?? null, column))),
    ),
  ]);
}

/** A file name part from free text: 'Wake County Schools' → 'wake-county-schools'. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'export'
  );
}
