// Import batches after the fact: who may manage them, the list, rollback, and the rows a partial
// load rejected (docs/decisions/005-imports.md).
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { canImportData, type Actor } from '../domain/access/access.ts';
import { escapeFormula } from '../domain/shared/csv-safety.ts';
import { AppError, forbidden, notFound } from '../domain/shared/errors.ts';
import type { Db } from '../db/connection.ts';
import {
  countRatingsOfBatch,
  deleteRowsOfBatch,
  findDirectDependents,
  finishRollback,
  getBatch,
  getBatchForUpdate,
  listBatchRows,
  listRejections,
  restoreMeasureValues,
  restoreSchools,
  restoreStaffRows,
  type BatchRef,
} from '../db/queries/import-batches.ts';
import { deleteStatewideRowsOfBatch } from '../db/queries/statewide.ts';
import { findUserByUsername } from '../db/queries/users.ts';
import { recordAudit } from './audit.ts';
import { loadActor } from './auth.ts';

/** Importing, listing and rolling back batches: district leaders and analysts of the district;
 * null is the system (the demo loader, the command line acting as a named user is an Actor). */
export function assertCanImport(actor: Actor | null, districtId: string): void {
  if (actor === null) return;
  if (actor.districtId !== districtId) {
    throw forbidden('You can manage imports only for your own district.');
  }
  if (!canImportData(actor)) {
    throw forbidden('Your role does not include importing data (district leaders and analysts).');
  }
}

/** The user a command-line import acts as (the command line has no session to sign in with). */
export async function loadActorByUsername(db: Db, username: string): Promise<Actor> {
  const user = await findUserByUsername(db, username.trim().toLowerCase());
  if (!user) throw new AppError('bad_request', `There is no active user named "${username}".`);
  return loadActor(db, user.id);
}

export interface BatchListing {
  id: string;
  status: 'committed' | 'rolled_back';
  sourceKind: string;
  fileName: string;
  fileSha256: string;
  mappingName: string | null;
  rowsRead: number;
  rowsWritten: number;
  rowsSkipped: number;
  rowsRejected: number;
  onProblems: 'abort' | 'skip-rows';
  notes: string | null;
  /** Null: made by the system (the demo loader). */
  createdBy: { userId: string; username: string | null; displayName: string | null } | null;
  createdAt: Date;
  rolledBackAt: Date | null;
}

/** The district's batches, newest first. */
export async function listBatches(
  db: Db,
  actor: Actor | null,
  districtId: string,
  options: { limit?: number } = {},
): Promise<BatchListing[]> {
  assertCanImport(actor, districtId);
  const rows = await listBatchRows(db, districtId, options.limit ?? 200);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    sourceKind: r.source_kind,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    mappingName: r.mapping_name,
    rowsRead: r.rows_read,
    rowsWritten: r.rows_written,
    rowsSkipped: r.rows_skipped,
    rowsRejected: r.rows_rejected,
    onProblems: r.on_problems,
    notes: r.notes,
    createdBy: r.created_by
      ? { userId: r.created_by, username: r.username, displayName: r.display_name }
      : null,
    createdAt: r.created_at,
    rolledBackAt: r.rolled_back_at === null ? null : new Date(r.rolled_back_at),
  }));
}

export interface RollbackSummary {
  batchId: string;
  fileName: string;
  /** Rows put back as they were before the batch. */
  restored: number;
  /** Rows the batch had inserted, removed. */
  deleted: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Undoes a batch in one transaction: every row it changed goes back to its before-image (its
 * previous batch_id included) and every row it inserted is deleted. Refused while a later
 * committed batch changed the same rows or added values to schools this batch added: those
 * must be rolled back first, and the error lists them, newest first.
 */
export async function rollbackBatch(
  db: Db,
  actor: Actor | null,
  districtId: string,
  batchId: string,
): Promise<RollbackSummary> {
  assertCanImport(actor, districtId);
  if (!UUID.test(batchId)) throw notFound(`Import batch ${batchId}`);
  return db.transaction().execute(async (trx) => {
    const batch = await getBatchForUpdate(trx, districtId, batchId);
    if (!batch) throw notFound(`Import batch ${batchId}`);
    if (batch.status === 'rolled_back') {
      throw new AppError('conflict', `Import batch ${batchId} was already rolled back.`);
    }
    const blockers = await laterBatchesToRollBack(trx, districtId, batchId);
    if (blockers.length > 0) {
      const list = blockers.map((b) => `${b.id} (${b.file_name})`).join(', ');
      throw new AppError(
        'conflict',
        `Batch ${batchId} (${batch.file_name}) cannot be rolled back while later batches build on it; roll these back first, in this order: ${list}.`,
        { problems: blockers.map((b) => ({ field: b.id, message: `${b.file_name}, ${iso(b)}` })) },
      );
    }
    if ((await countRatingsOfBatch(trx, districtId, batchId)) > 0) {
      throw new AppError(
        'conflict',
        `Batch ${batchId} wrote evaluation ratings, which no import records before-images for.`,
      );
    }
    // Rows that refer to others go first: assignments and licences name a person (and a
    // school), values a school; then the people and schools themselves.
    let restored = 0;
    let deleted = 0;
    for (const table of ['staff_assignments', 'staff_credentials'] as const) {
      restored += await restoreStaffRows(trx, table, districtId, batchId);
      deleted += await deleteRowsOfBatch(trx, table, districtId, batchId);
    }
    restored += await restoreMeasureValues(trx, districtId, batchId);
    deleted += await deleteRowsOfBatch(trx, 'measure_values', districtId, batchId);
    restored += await restoreStaffRows(trx, 'staff', districtId, batchId);
    deleted += await deleteRowsOfBatch(trx, 'staff', districtId, batchId).catch(
      (error: unknown) => {
        throw stillReferenced(error, batchId, 'people');
      },
    );
    restored += await restoreSchools(trx, districtId, batchId);
    deleted += await deleteRowsOfBatch(trx, 'schools', districtId, batchId).catch(
      (error: unknown) => {
        throw stillReferenced(error, batchId, 'schools');
      },
    );
    // A statewide reference load (migration 009) refers to nothing and nothing refers to it.
    deleted += await deleteStatewideRowsOfBatch(trx, districtId, batchId);
    await finishRollback(trx, districtId, batchId);
    await recordAudit(trx, actor, {
      districtId,
      action: 'import_batch_rolled_back',
      subjectType: 'import_batch',
      subjectId: batchId,
      detail: { fileName: batch.file_name, restored, deleted },
    });
    return { batchId, fileName: batch.file_name, restored, deleted };
  });
}

/** Every committed batch that builds on this one, directly or through another, newest first. */
async function laterBatchesToRollBack(
  db: Db,
  districtId: string,
  batchId: string,
): Promise<BatchRef[]> {
  const found = new Map<string, BatchRef>();
  const queue = [batchId];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const b of await findDirectDependents(db, districtId, next)) {
      if (b.id === batchId || found.has(b.id)) continue;
      found.set(b.id, b);
      queue.push(b.id);
    }
  }
  return [...found.values()].sort(
    (a, b) => iso(b).localeCompare(iso(a)) || a.id.localeCompare(b.id),
  );
}

const iso = (b: BatchRef) => new Date(b.created_at).toISOString();

// A school or person the batch added may be named by something outside imports (a principal's
// role grant, a rating, a user account); PostgreSQL's foreign keys refuse the delete, and the
// user hears why.
function stillReferenced(error: unknown, batchId: string, what: 'schools' | 'people'): unknown {
  if (!(error instanceof Error) || !('code' in error) || error.code !== '23503') return error;
  const table = /on table "([a-z_]+)"\s*$/.exec(error.message)?.[1] ?? 'other records';
  return new AppError(
    'conflict',
    `Batch ${batchId} added ${what} that ${table} still refer to; remove those references first.`,
    { cause: error },
  );
}

const Cells = z.array(z.string());
const PAGE = 1000;

/** The rows a batch rejected, as CSV text (see streamRejectedRowsCsv). */
export async function rejectedRowsCsv(
  db: Db,
  actor: Actor | null,
  districtId: string,
  batchId: string,
): Promise<string> {
  let out = '';
  for await (const chunk of streamRejectedRowsCsv(db, actor, districtId, batchId)) out += chunk;
  return out;
}

/**
 * The rows a batch rejected, as CSV a page at a time (bounded memory for any number): a
 * `reason` column naming each problem's column, then the row's cells as read. The reason comes
 * first so that a ragged row keeps all its cells. Every cell that a spreadsheet would run as a
 * formula is quoted (csv-safety.ts); the byte-order mark tells Excel the text is UTF-8.
 */
export async function* streamRejectedRowsCsv(
  db: Db,
  actor: Actor | null,
  districtId: string,
  batchId: string,
): AsyncGenerator<string> {
  assertCanImport(actor, districtId);
  const batch = UUID.test(batchId) ? await getBatch(db, districtId, batchId) : undefined;
  if (!batch) throw notFound(`Import batch ${batchId}`);
  yield* rejectedCsvChunks(db, districtId, batchId, Cells.parse(batch.source_columns ?? []));
}

/** The same, without the permission check, inside an import's own transaction. */
export async function buildRejectedCsv(
  db: Db,
  districtId: string,
  batchId: string,
  header: readonly string[],
): Promise<string> {
  let out = '';
  for await (const chunk of rejectedCsvChunks(db, districtId, batchId, header)) out += chunk;
  return out;
}

async function* rejectedCsvChunks(
  db: Db,
  districtId: string,
  batchId: string,
  header: readonly string[],
): AsyncGenerator<string> {
  const reasonColumn = header.some((h) => h.trim().toLowerCase() === 'reason')
    ? 'tandem_reason'
    : 'reason';
  yield `\uFEFF${toCsv([[reasonColumn, ...header]])}`;
  let after = 0;
  for (;;) {
    const page = await listRejections(db, districtId, batchId, after, PAGE);
    if (page.length === 0) return;
    yield toCsv(page.map((r) => [r.reason, ...Cells.parse(r.cells)]));
    after = page[page.length - 1]!.row_number;
  }
}

function toCsv(records: ReadonlyArray<readonly string[]>): string {
  return stringify(
    records.map((r) => r.map(escapeFormula)),
    { record_delimiter: 'windows' },
  );
}
