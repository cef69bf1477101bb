// CSV for the support exports (plans, ledger, adoptions): a header row and rows of text or
// numbers, with formula-like cells escaped so that a spreadsheet never runs them
// (src/domain/shared/csv-safety.ts).
import { stringify } from 'csv-stringify/sync';
import { escapeFormula } from '../domain/shared/csv-safety.ts';

export type CsvCell = string | number | null;

export function supportCsv(header: readonly string[], rows: readonly CsvCell[][]): string {
  const text = (cell: CsvCell) =>
    cell === null ? '' : typeof cell === 'number' ? String(cell) : escapeFormula(cell);
  return stringify([[...header], ...rows.map((row) => row.map(text))]);
}
