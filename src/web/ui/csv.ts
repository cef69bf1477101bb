// CSV that spreadsheets open safely (RFC 4180 quoting). A text cell that starts with = + - @
// (or a tab or carriage return) would run as a formula in Excel, LibreOffice and Google Sheets,
// so it gets a leading single quote (OWASP, "CSV Injection").
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text with CRLF line ends; a byte-order mark first so that Excel reads the file
 * as UTF-8 (school names with accents, en dashes).
 */
export function toCsv(rows: ReadonlyArray<readonly CsvCell[]>): string {
  return `\uFEFF${rows.map((row) => row.map(escapeCsvCell).join(',')).join('\r\n')}\r\n`;
}

/** A file name from free text: 'Wake County Schools' → 'wake-county-schools'. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'export'
  );
}
