// Re-checking contract targets against the latest loaded results, and writing what the payment
// terms then make owed (issue #6: "Targets are re-checked automatically when new results are
// imported"). Two ways in: recheckContractTargets after any change to a contract or target, and
// ensureTargetsChecked on every read, which re-checks only when the district's import state (its
// newest committed batch and its rollbacks) differs from the one last checked — so an import or
// a rollback is picked up on the next read without the import code knowing about contracts
// (docs/decisions/011-support.md "The re-check").
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  getTargetCheck,
  insertLedgerEntries,
  listContractRows,
  listFiguresForOpenTargets,
  listLedgerRows,
  listPaymentTermRows,
  listTargetRows,
  lockTargetCheck,
  readImportStamp,
  saveTargetCheck,
  updateTargetRow,
} from '../db/queries/contracts.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import {
  describeTarget,
  evaluateTarget,
  owedUnderTerms,
  reconcileLedger,
  type JudgedTarget,
  type LoadedFigure,
  type TargetInput,
} from './contracts-rules.ts';

export interface RecheckSummary {
  checkedTargets: number;
  changedTargets: number;
  ledgerEntries: number;
  batchId: string | null;
}

async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Judges every target of every active contract on the latest loaded figure (with its n and
 * suppression) and appends the ledger entries the payment terms make owed or no longer owed.
 * One re-check at a time per district (a row lock), so two readers cannot both write an entry.
 */
export async function recheckContractTargets(
  db: Db,
  districtId: string,
  minimumN: number = DEFAULT_MINIMUM_N,
): Promise<RecheckSummary> {
  return inTransaction(db, async (trx) => {
    await lockTargetCheck(trx, districtId);
    const { batchId, stamp } = await readImportStamp(trx, districtId);
    const contracts = (await listContractRows(trx, districtId)).filter(
      (c) => c.status === 'active',
    );
    const ids = contracts.map((c) => c.id);
    const [targets, figures, terms, ledger] = await Promise.all([
      listTargetRows(trx, districtId, ids),
      listFiguresForOpenTargets(trx, districtId),
      listPaymentTermRows(trx, districtId, ids),
      listLedgerRows(trx, districtId, ids),
    ]);
    const figuresByTarget = new Map<string, LoadedFigure[]>();
    for (const f of figures) {
      const list = figuresByTarget.get(f.target_id) ?? [];
      list.push({
        year: f.school_year,
        value: f.value,
        n: f.n,
        status: f.status,
        batchId: f.batch_id,
      });
      figuresByTarget.set(f.target_id, list);
    }
    const now = new Date();
    let changed = 0;
    let written = 0;
    for (const contract of contracts) {
      const judged: JudgedTarget[] = [];
      for (const t of targets.filter((x) => x.contract_id === contract.id)) {
        const input: TargetInput = {
          id: t.id,
          measureKey: t.measure_key,
          studentGroup: t.student_group,
          baselineValue: t.baseline_value,
          baselineYear: t.baseline_year,
          targetValue: t.target_value,
          targetYear: t.target_year,
          higherIsBetter: t.higher_is_better,
          unit: t.unit,
          label: t.measure_label,
        };
        const v = evaluateTarget(input, figuresByTarget.get(t.id) ?? [], minimumN);
        if (
          v.status !== t.status ||
          v.reason !== t.status_reason ||
          v.checkedBatchId !== t.checked_batch_id ||
          t.checked_at === null
        ) {
          changed++;
        }
        await updateTargetRow(
          trx,
          { districtId, contractId: contract.id, id: t.id },
          {
            status: v.status,
            status_reason: v.reason,
            checked_value: v.checkedValue,
            checked_year: v.checkedYear,
            checked_n: v.checkedN,
            checked_figure_status: v.checkedFigureStatus,
            checked_batch_id: v.checkedBatchId,
            checked_at: now,
          },
        );
        judged.push({
          id: t.id,
          status: v.status,
          reason: v.reason,
          description: describeTarget(input),
          batchId: v.checkedBatchId,
        });
      }
      const contractTerms = terms.filter((x) => x.contract_id === contract.id);
      const owed = owedUnderTerms(
        { status: contract.status, termStart: contract.term_start },
        contractTerms.map((x) => ({ id: x.id, kind: x.kind, label: x.label, amount: x.amount })),
        judged,
      );
      const entries = reconcileLedger(
        owed,
        ledger
          .filter((e) => e.contract_id === contract.id)
          .map((e) => ({
            kind: e.kind,
            amount: e.amount,
            termId: e.term_id,
            targetId: e.target_id,
          })),
        (termId, targetId) => {
          const term = contractTerms.find((x) => x.id === termId);
          const target = judged.find((x) => x.id === targetId);
          return target
            ? `${term?.label ?? 'Payment'}: no longer owed — the target is ${target.status === 'pending' ? 'pending' : 'not met'} on the figures now loaded. ${target.reason}`
            : `${term?.label ?? 'Payment'}: no longer owed on the figures now loaded.`;
        },
      );
      await insertLedgerEntries(
        trx,
        entries.map((e) => ({
          district_id: districtId,
          contract_id: contract.id,
          id: randomUUID(),
          kind: e.kind,
          amount: e.amount,
          reason: e.reason,
          term_id: e.termId,
          target_id: e.targetId,
          batch_id: e.batchId,
          created_by: null,
        })),
      );
      written += entries.length;
    }
    await saveTargetCheck(trx, districtId, batchId, stamp);
    return {
      checkedTargets: targets.length,
      changedTargets: changed,
      ledgerEntries: written,
      batchId,
    };
  });
}

/**
 * Re-checks when results changed since the last check (a new import, or a rollback); otherwise
 * does nothing but two small reads. Returns the summary when it re-checked, null when not.
 */
export async function ensureTargetsChecked(
  db: Db,
  districtId: string,
): Promise<RecheckSummary | null> {
  const [{ stamp }, last] = await Promise.all([
    readImportStamp(db, districtId),
    getTargetCheck(db, districtId),
  ]);
  if (last !== undefined && last.checked_stamp === stamp) return null;
  return recheckContractTargets(db, districtId);
}

export async function lastTargetCheck(db: Db, districtId: string) {
  const row = await getTargetCheck(db, districtId);
  return row
    ? { batchId: row.checked_batch_id, checkedAt: new Date(row.checked_at).toISOString() }
    : null;
}
