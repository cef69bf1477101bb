// Test-only: reads the shared public data (../shared/data beside the repo, or
// $TANDEM_SHARED_DATA) for the correctness tests against published figures. Not product code:
// the domain does no I/O, and the importers own production reading.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA = path.resolve(
  process.env.TANDEM_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
);

export type CsvRow = Record<string, string>;

/** A CSV under the shared data folder, read from `.csv` or, failing that, `.csv.gz`. */
export function readSharedCsv(relativePath: string): CsvRow[] {
  const plain = path.join(SHARED_DATA, relativePath);
  const gz = plain.endsWith('.gz') ? plain : `${plain}.gz`;
  const bytes =
    !plain.endsWith('.gz') && existsSync(plain)
      ? readFileSync(plain)
      : gunzipSync(readFileSync(gz));
  const rows: unknown = parse(bytes, { bom: true, columns: true, skip_empty_lines: true });
  if (!Array.isArray(rows)) throw new Error(`${relativePath}: not a table`);
  return rows.filter((row): row is CsvRow => typeof row === 'object' && row !== null);
}

/** A number, or null for blank and non-numeric cells (suppressed or missing, never zero). */
export function numberOrNull(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  const value = Number(cell.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}
