// What an import writes, chunk by chunk, as plain arrays: built by the reading half
// (read-chunks.ts, perhaps in a worker thread) and written by db/queries/import-writes.ts. Kept
// apart from both so that the reading worker loads no database code.
import type { MeasureStatus } from '../db/schema.ts';

// Rows per statement. Larger chunks stop paying off on PGlite past a few thousand, and a chunk
// is what the process holds in memory while it is written.
export const WRITE_CHUNK = 5000;

/**
 * A chunk of measure values of one district and batch, one array per column: an import builds
 * these as it reads, without an object per value, and they go to the database as they are.
 */
export interface ValueColumns {
  schoolId: string[];
  schoolYear: number[];
  measureKey: string[];
  studentGroup: string[];
  value: Array<number | null>;
  valueText: Array<string | null>;
  n: Array<number | null>;
  status: MeasureStatus[];
  marker: Array<string | null>;
}

/** Where each value of a chunk came from: its line in the file and the order keys were given in
 * (see ImportKey). Given, each value's key is logged by the statement that inserts it. */
export interface KeyOrigins {
  line: number[];
  seq: number[];
}

export function emptyValueColumns(): ValueColumns {
  return {
    schoolId: [],
    schoolYear: [],
    measureKey: [],
    studentGroup: [],
    value: [],
    valueText: [],
    n: [],
    status: [],
    marker: [],
  };
}

/** Keys to log, one array per column (see ImportKey; a school's key has no year, measure or
 * group). */
export interface KeyColumns extends KeyOrigins {
  schoolId: string[];
  schoolYear: Array<number | null>;
  measureKey: Array<string | null>;
  studentGroup: Array<string | null>;
}

export function emptyKeyColumns(): KeyColumns {
  return { line: [], seq: [], schoolId: [], schoolYear: [], measureKey: [], studentGroup: [] };
}
