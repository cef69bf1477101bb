// Cells that a spreadsheet would run as a formula. Excel, LibreOffice Calc and Google Sheets
// treat a cell starting with = + - @ (or a tab or carriage return, which they skip before
// looking) as a formula, so a value from an imported file such as `=HYPERLINK(...)` could run on
// the machine of whoever opens an export. Such a cell gets a leading single quote, which the
// spreadsheet reads as "this is text" (OWASP "CSV Injection"; ASVS 5.0 V1.2.10, which adds NUL).
//
// One shared, pure helper for every CSV Tandem writes on the server (rejected rows, exports).
// The web app keeps its own copy in src/web/ui/csv.ts, because the browser bundle does not
// import server code.
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** Whether a spreadsheet would read this cell as a formula. */
export function isFormulaLike(cell: string): boolean {
  return FORMULA_START.test(cell);
}

/**
 * The cell with a leading single quote if a spreadsheet would run it as a formula, otherwise
 * unchanged. A negative number such as -1.5 is quoted too: the rule is the first character,
 * which is what the spreadsheets look at, and a quoted number is still read as the same text.
 */
export function escapeFormula(cell: string): string {
  return isFormulaLike(cell) ? `'${cell}` : cell;
}
