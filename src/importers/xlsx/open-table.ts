// One entry point for tabular files: an .xlsx is read with openXlsx, anything else (.csv,
// .csv.gz, .txt) with openCsv. Both return the same reader and take the same options (an XLSX
// also takes `sheet`), so an import maps either the same way.
import { openCsv, type CsvProblem, type CsvReader } from '../csv.ts';
import { listXlsxSheets, openXlsx, type XlsxOptions } from './xlsx.ts';

export function isXlsx(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

export function openTable(
  path: string,
  onProblem: (problem: CsvProblem) => void,
  options: XlsxOptions = {},
): Promise<CsvReader> {
  return isXlsx(path) ? openXlsx(path, onProblem, options) : openCsv(path, onProblem, options);
}

/** An .xlsx file's worksheet names, in tab order; none for a CSV (it is one table). */
export function listSheets(path: string): Promise<string[]> {
  return isXlsx(path) ? listXlsxSheets(path) : Promise.resolve([]);
}

/** The import batch's source_kind for a file. */
export function tableSourceKind(path: string): 'csv' | 'xlsx' {
  return isXlsx(path) ? 'xlsx' : 'csv';
}
