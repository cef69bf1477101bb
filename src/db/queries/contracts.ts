// Partnership contracts, their targets, exchanges, reviews, payment terms and ledger
// (migration 007; docs/decisions/011-support.md).
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  ContractExchangesTable,
  ContractLedgerTable,
  ContractPaymentTermsTable,
  ContractReviewsTable,
  ContractTargetsTable,
  PartnershipContractsTable,
} from '../schema.ts';

export async function listContractRows(db: Db, districtId: string) {
  return db
    .selectFrom('partnership_contracts as c')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'c.district_id').onRef('s.id', '=', 'c.supported_school_id'),
    )
    .innerJoin('schools as p', (j) =>
      j.onRef('p.district_id', '=', 'c.district_id').onRef('p.id', '=', 'c.partner_school_id'),
    )
    .selectAll('c')
    .select(['s.name as supported_name', 'p.name as partner_name'])
    .where('c.district_id', '=', districtId)
    .orderBy('c.term_start', 'desc')
    .orderBy('s.name')
    .execute();
}

export async function getContractRow(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('partnership_contracts as c')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'c.district_id').onRef('s.id', '=', 'c.supported_school_id'),
    )
    .innerJoin('schools as p', (j) =>
      j.onRef('p.district_id', '=', 'c.district_id').onRef('p.id', '=', 'c.partner_school_id'),
    )
    .selectAll('c')
    .select(['s.name as supported_name', 'p.name as partner_name'])
    .where('c.district_id', '=', districtId)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function insertContract(db: Db, row: Insertable<PartnershipContractsTable>) {
  await db.insertInto('partnership_contracts').values(row).execute();
}

export async function updateContractRow(
  db: Db,
  districtId: string,
  id: string,
  changes: Updateable<PartnershipContractsTable>,
) {
  await db
    .updateTable('partnership_contracts')
    .set(changes)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function listTargetRows(db: Db, districtId: string, contractIds?: readonly string[]) {
  let q = db
    .selectFrom('contract_targets as t')
    .leftJoin('measures as m', (j) =>
      j.onRef('m.district_id', '=', 't.district_id').onRef('m.key', '=', 't.measure_key'),
    )
    .selectAll('t')
    .select(['m.label as measure_label', 'm.higher_is_better', 'm.unit'])
    .where('t.district_id', '=', districtId);
  if (contractIds) {
    if (contractIds.length === 0) return [];
    q = q.where('t.contract_id', 'in', [...contractIds]);
  }
  return q.orderBy('t.target_year').orderBy('t.measure_key').orderBy('t.id').execute();
}

export async function insertTargets(db: Db, rows: Insertable<ContractTargetsTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('contract_targets').values(rows).execute();
}

export async function updateTargetRow(
  db: Db,
  key: { districtId: string; contractId: string; id: string },
  changes: Updateable<ContractTargetsTable>,
) {
  await db
    .updateTable('contract_targets')
    .set(changes)
    .where('district_id', '=', key.districtId)
    .where('contract_id', '=', key.contractId)
    .where('id', '=', key.id)
    .execute();
}

/**
 * Every loaded figure a target of an active contract may be judged on: the supported school's
 * values for the target's measure and group, for school years after the baseline up to the
 * target year.
 */
export async function listFiguresForOpenTargets(db: Db, districtId: string) {
  return db
    .selectFrom('contract_targets as t')
    .innerJoin('partnership_contracts as c', (j) =>
      j.onRef('c.district_id', '=', 't.district_id').onRef('c.id', '=', 't.contract_id'),
    )
    .innerJoin('measure_values as v', (j) =>
      j
        .onRef('v.district_id', '=', 't.district_id')
        .onRef('v.school_id', '=', 'c.supported_school_id')
        .onRef('v.measure_key', '=', 't.measure_key')
        .onRef('v.student_group', '=', 't.student_group')
        .onRef('v.school_year', '>', 't.baseline_year')
        .onRef('v.school_year', '<=', 't.target_year'),
    )
    .select(['t.id as target_id', 'v.school_year', 'v.value', 'v.n', 'v.status', 'v.batch_id'])
    .where('t.district_id', '=', districtId)
    .where('c.status', '=', 'active')
    .execute();
}

export async function insertExchange(db: Db, row: Insertable<ContractExchangesTable>) {
  await db.insertInto('contract_exchanges').values(row).execute();
}

export async function updateExchangeRow(
  db: Db,
  key: { districtId: string; contractId: string; id: string },
  changes: Updateable<ContractExchangesTable>,
) {
  const result = await db
    .updateTable('contract_exchanges')
    .set(changes)
    .where('district_id', '=', key.districtId)
    .where('contract_id', '=', key.contractId)
    .where('id', '=', key.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listExchangeRows(db: Db, districtId: string, contractId: string) {
  return db
    .selectFrom('contract_exchanges')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('contract_id', '=', contractId)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
}

export async function insertReview(db: Db, row: Insertable<ContractReviewsTable>) {
  await db.insertInto('contract_reviews').values(row).execute();
}

export async function listReviewRows(db: Db, districtId: string, contractId: string) {
  return db
    .selectFrom('contract_reviews')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('contract_id', '=', contractId)
    .orderBy('review_date', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertPaymentTerms(db: Db, rows: Insertable<ContractPaymentTermsTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('contract_payment_terms').values(rows).execute();
}

export async function listPaymentTermRows(
  db: Db,
  districtId: string,
  contractIds?: readonly string[],
) {
  let q = db.selectFrom('contract_payment_terms').selectAll().where('district_id', '=', districtId);
  if (contractIds) {
    if (contractIds.length === 0) return [];
    q = q.where('contract_id', 'in', [...contractIds]);
  }
  return q.orderBy('kind').orderBy('id').execute();
}

export async function insertLedgerEntries(db: Db, rows: Insertable<ContractLedgerTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('contract_ledger').values(rows).execute();
}

export async function listLedgerRows(db: Db, districtId: string, contractIds?: readonly string[]) {
  let q = db.selectFrom('contract_ledger').selectAll().where('district_id', '=', districtId);
  if (contractIds) {
    if (contractIds.length === 0) return [];
    q = q.where('contract_id', 'in', [...contractIds]);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

/**
 * The district's import state as one string: the newest committed batch and the rollbacks so
 * far. Any import or rollback changes it, which is how a read knows to re-check the targets.
 */
export async function readImportStamp(db: Db, districtId: string) {
  const latest = await db
    .selectFrom('import_batches')
    .select(['id'])
    .where('district_id', '=', districtId)
    .where('status', '=', 'committed')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rolled = await db
    .selectFrom('import_batches')
    .select([
      sql<number>`count(*)`.as('count'),
      sql<string | null>`max(rolled_back_at)::text`.as('last'),
    ])
    .where('district_id', '=', districtId)
    .where('status', '=', 'rolled_back')
    .executeTakeFirstOrThrow();
  const batchId = latest?.id ?? null;
  return {
    batchId,
    stamp: `${batchId ?? 'none'}|${Number(rolled.count)}|${rolled.last ?? ''}`,
  };
}

/** The last check's stamp, locked until the transaction ends (one re-check at a time). */
export async function lockTargetCheck(db: Db, districtId: string) {
  await db
    .insertInto('contract_target_checks')
    .values({ district_id: districtId, checked_batch_id: null, checked_stamp: '' })
    .onConflict((oc) => oc.column('district_id').doNothing())
    .execute();
  return db
    .selectFrom('contract_target_checks')
    .selectAll()
    .where('district_id', '=', districtId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function getTargetCheck(db: Db, districtId: string) {
  return db
    .selectFrom('contract_target_checks')
    .selectAll()
    .where('district_id', '=', districtId)
    .executeTakeFirst();
}

export async function saveTargetCheck(
  db: Db,
  districtId: string,
  batchId: string | null,
  stamp: string,
) {
  await db
    .updateTable('contract_target_checks')
    .set({ checked_batch_id: batchId, checked_stamp: stamp, checked_at: new Date() })
    .where('district_id', '=', districtId)
    .execute();
}
