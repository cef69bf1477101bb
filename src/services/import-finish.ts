// The end of every import batch, whatever the format (a mapped CSV or XLSX, Ed-Fi, OneRoster):
// its counts and the file's hash go on the batch row, and a user's import is written to the
// audit log in the same transaction, so a batch that exists was audited (issue #3 "Each batch
// records the file's hash, row counts, who and when").
import type { Db } from '../db/connection.ts';
import { finishBatch } from '../db/queries/imports.ts';
import { refreshPlannerStatistics, type BulkTable } from '../db/queries/statistics.ts';
import type { Actor } from '../domain/access/access.ts';
import { recordAudit } from './audit.ts';

export interface FinishedBatch {
  districtId: string;
  batchId: string;
  fileName: string;
  sourceKind: string;
  fileSha256: string;
  rowsRead: number;
  rowsWritten: number;
  rowsSkipped: number;
  rowsRejected: number;
  /** The tables the batch may have written, whose planner statistics are refreshed; every bulk
   * table when not given. None are when the batch wrote nothing. */
  tables?: readonly BulkTable[];
}

/** `audit` null: a load by the system inside a larger transaction (the demo), not a user action. */
export async function finishImportBatch(
  trx: Db,
  batch: FinishedBatch,
  audit: { actor: Actor | null } | null,
): Promise<void> {
  await finishBatch(trx, batch.districtId, batch.batchId, batch);
  if (batch.rowsWritten > 0) await refreshPlannerStatistics(trx, batch.tables);
  if (audit === null) return;
  await recordAudit(trx, audit.actor, {
    districtId: batch.districtId,
    action: 'import_batch_created',
    subjectType: 'import_batch',
    subjectId: batch.batchId,
    detail: {
      fileName: batch.fileName,
      sourceKind: batch.sourceKind,
      rowsRead: batch.rowsRead,
      rowsWritten: batch.rowsWritten,
      rowsRejected: batch.rowsRejected,
    },
  });
}
