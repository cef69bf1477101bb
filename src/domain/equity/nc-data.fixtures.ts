// Test-only: reads the shared NC DPI research files for nc-eq.test.ts and nc-quartiles.test.ts.
// Not product code (the domain does no I/O; the importers own production reading).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sharedRoot = path.resolve(
  process.env.TANDEM_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
);
export const NC_SOURCE_DIR = path.join(sharedRoot, 'nc-dpi-src');
export const hasNcSource = existsSync(NC_SOURCE_DIR);

export type CsvRow = Record<string, string>;

/** A file under nc-dpi-src, `.csv` or (over 1 MB) `.csv.gz`, as records keyed by header. */
export function readNcTable(relativePath: string): CsvRow[] {
  const plain = path.join(NC_SOURCE_DIR, relativePath);
  const text = existsSync(plain) ? readFileSync(plain) : gunzipSync(readFileSync(`${plain}.gz`));
  const rows: unknown = parse(text, { bom: true, columns: true, skip_empty_lines: true });
  if (!Array.isArray(rows)) throw new Error(`${relativePath}: not a table`);
  return rows.filter((row): row is CsvRow => typeof row === 'object' && row !== null);
}

/** A school's agency code: 3-character LEA (digits, or 2 digits + letter for charters) + 3 digits. */
export const isSchoolCode = (code: string) => /^\d{2}[0-9A-Z]\d{3}$/.test(code);

/** A number, or null for blank and non-numeric cells (suppressed or missing, never zero). */
export function numberOrNull(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}
