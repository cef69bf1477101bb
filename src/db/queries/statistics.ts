// Planner statistics. PostgreSQL plans joins from the row counts ANALYZE records; autovacuum
// keeps them current on a server, but embedded PGlite runs no autovacuum, so a freshly loaded
// district looks empty to the planner and a three-way join over 60,000 staff assignments was
// planned as nested loops (minutes instead of about a second: the equity report on the demo).
// Every bulk write (an import batch, the demo's synthetic staff) therefore ends by refreshing the
// statistics of the tables it fills. ANALYZE samples a bounded number of rows, so this costs
// well under a second whatever the table size, and it is allowed inside a transaction.
import { sql } from 'kysely';
import type { Db } from '../connection.ts';

export const BULK_TABLES = [
  'schools',
  'measure_values',
  'staff',
  'staff_assignments',
  'staff_credentials',
  'staff_ratings',
] as const;
export type BulkTable = (typeof BULK_TABLES)[number];

/** Refreshes the statistics of `tables` (by default every table bulk writes fill). A write that
 * names the tables it touched spares the others (a measures file: 15–30 ms of the ~40 all six
 * take on PGlite). */
export async function refreshPlannerStatistics(
  db: Db,
  tables: readonly BulkTable[] = BULK_TABLES,
): Promise<void> {
  if (tables.length === 0) return;
  await sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`.execute(db);
}
