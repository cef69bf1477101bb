// Reading OneRoster CSV files (1EdTech OneRoster v1.1 and v1.2 CSV binding): one file per
// entity, a header row of field names, one record per row. Real exports, such as Microsoft's
// School Data Sync samples, carry fewer columns than the standard lists (no status,
// dateLastModified or manifest.csv), so only the columns Tandem needs are required, and each
// missing column or blank required cell is a problem with its file, row and column.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { openCsv } from '../csv.ts';
import { normaliseColumn } from '../mapping.ts';

export interface RosterProblem {
  file: string;
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface RosterRow {
  /** The row's line in the file (1 is the header). */
  line: number;
  /** A cell by OneRoster field name (compared ignoring case); '' when the file lacks it. */
  get(field: string): string;
}

export interface TableSpec {
  /** Fields every row must fill. */
  required: readonly string[];
  /** Groups of alternative fields, one of which must be a column: e.g. the school of a class is
   * schoolSourcedId in v1.1 and v1.2, orgSourcedId in School Data Sync files. */
  oneOf?: ReadonlyArray<readonly string[]>;
}

/** Whether the directory has this file (OneRoster files are optional but for orgs and users). */
export async function hasTable(dir: string, file: string): Promise<boolean> {
  return access(path.join(dir, file)).then(
    () => true,
    () => false,
  );
}

/**
 * Streams a table's rows, checking its header and each row's required cells. Rows whose status
 * is 'tobedeleted' (v1.1 §2.1, delta exports) are skipped.
 */
export async function* readTable(
  dir: string,
  file: string,
  spec: TableSpec,
  report: (problem: RosterProblem) => void,
  onEnd?: (sha256: string) => void,
): AsyncGenerator<RosterRow> {
  const reader = await openCsv(path.join(dir, file), ({ row, reason }) =>
    report({ file, row, column: null, value: null, reason: `the row ${reason}` }),
  );
  const positions = new Map(reader.header.map((h, i) => [normaliseColumn(h), i]));
  const has = (field: string) => positions.has(normaliseColumn(field));
  const missing = spec.required.filter((f) => !has(f));
  for (const group of spec.oneOf ?? []) {
    if (!group.some(has)) missing.push(group.join(' or '));
  }
  for (const column of missing) {
    report({ file, row: 1, column, value: null, reason: `the header has no column "${column}"` });
  }
  if (missing.length > 0) {
    reader.close();
    return;
  }
  for await (const { line, cells } of reader.rows) {
    const get = (field: string) => {
      const i = positions.get(normaliseColumn(field));
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    if (get('status').toLowerCase() === 'tobedeleted') continue;
    const blank = spec.required.filter((f) => get(f) === '');
    for (const column of blank) report({ file, row: line, column, value: '', reason: 'is blank' });
    if (blank.length === 0) yield { line, get };
  }
  onEnd?.(reader.sha256());
}

/** The value of whichever alternative field the row has. */
export function firstOf(row: RosterRow, fields: readonly string[]): string {
  for (const f of fields) {
    const v = row.get(f);
    if (v !== '') return v;
  }
  return '';
}
