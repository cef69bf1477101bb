// Partnership contracts (issue #6; DOMAIN.md §8; Shanghai's "Empowered Management", seed 000):
// a strong school contracted, usually for two years, to improve a weaker one in named areas,
// with measurable targets, staff exchanges, district reviews, and payment only when the terms
// are met — a ledger of what is owed and why. Every change is audited and re-checks the targets.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  getContractRow,
  insertContract,
  insertExchange,
  insertLedgerEntries,
  insertPaymentTerms,
  insertReview,
  insertTargets,
  listContractRows,
  listExchangeRows,
  listLedgerRows,
  listPaymentTermRows,
  listReviewRows,
  listTargetRows,
  updateContractRow,
  updateExchangeRow,
} from '../db/queries/contracts.ts';
import { getSchool, listMeasures } from '../db/queries/schools.ts';
import type { ContractStatus } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, badRequest, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import {
  ensureTargetsChecked,
  lastTargetCheck,
  recheckContractTargets,
} from './contracts-check.ts';
import { defaultTermEnd, describeGroup, describeTarget, ledgerBalance } from './contracts-rules.ts';
import { supportCsv } from './supports-csv.ts';
import {
  assertCanManageSupport,
  assertCanReadSupport,
  canManageSupport,
} from './supports-access.ts';

const DateText = z.iso.date('Use a date like 2025-08-15.');
const Year = z.number().int().min(1990).max(2100);
const Money = z.number().positive().max(100_000_000);

export const TargetInputSchema = z
  .object({
    measureKey: z.string().min(1).max(80),
    studentGroup: z.string().min(1).max(40).default('all'),
    baselineValue: z.number().finite(),
    baselineYear: Year,
    targetValue: z.number().finite(),
    targetYear: Year,
  })
  .refine((t) => t.targetYear > t.baselineYear, {
    message: 'The target year must come after the baseline year.',
    path: ['targetYear'],
  })
  .refine((t) => t.targetValue !== t.baselineValue, {
    message: 'The target must differ from the baseline.',
    path: ['targetValue'],
  });
export type TargetInput = z.infer<typeof TargetInputSchema>;

export const PaymentTermInputSchema = z.object({
  kind: z.enum(['per_target_met', 'on_start', 'all_targets_met']),
  label: z.string().trim().min(1).max(120),
  amount: Money,
});

export const ContractInputSchema = z
  .object({
    supportedSchoolId: z.string().min(1).max(40),
    partnerSchoolId: z.string().min(1).max(40),
    areasOfNeed: z.array(z.string().trim().min(1).max(80)).min(1).max(10),
    termStart: DateText,
    termEnd: DateText.optional(),
    status: z.enum(['draft', 'active']).default('active'),
    notes: z.string().max(4000).default(''),
    targets: z.array(TargetInputSchema).max(20).default([]),
    paymentTerms: z.array(PaymentTermInputSchema).max(10).default([]),
  })
  .refine((c) => c.supportedSchoolId !== c.partnerSchoolId, {
    message: 'A school cannot be its own partner.',
    path: ['partnerSchoolId'],
  });
export type ContractInput = z.input<typeof ContractInputSchema>;

export const ContractUpdateSchema = z.object({
  status: z.enum(['draft', 'active', 'completed', 'ended']).optional(),
  notes: z.string().max(4000).optional(),
  termEnd: DateText.optional(),
  areasOfNeed: z.array(z.string().trim().min(1).max(80)).min(1).max(10).optional(),
});

export const ExchangeInputSchema = z
  .object({
    direction: z.enum(['partner_to_supported', 'supported_to_partner']),
    status: z.enum(['planned', 'done']).default('planned'),
    startDate: DateText,
    endDate: DateText,
    peopleCount: z.number().int().min(1).max(500),
    names: z.string().max(2000).default(''),
    purpose: z.string().max(2000).default(''),
  })
  .refine((e) => e.endDate >= e.startDate, {
    message: 'The end date cannot be before the start date.',
    path: ['endDate'],
  });

export const ExchangeUpdateSchema = z.object({ status: z.enum(['planned', 'done']) });

export const ReviewInputSchema = z.object({
  reviewDate: DateText,
  reviewer: z.string().trim().min(1).max(120),
  evidence: z.string().trim().min(1).max(8000),
  judgement: z.enum(['on_track', 'some_progress', 'not_on_track']),
});

export const PaymentInputSchema = z.object({
  amount: Money,
  reason: z.string().trim().min(1).max(500),
  entryDate: DateText.optional(),
});

export interface ContractSummary {
  id: string;
  supportedSchool: { id: string; name: string };
  partnerSchool: { id: string; name: string };
  areasOfNeed: string[];
  termStart: string;
  termEnd: string;
  status: ContractStatus;
  targets: { total: number; met: number; notMet: number; pending: number };
  owed: number;
  paid: number;
  balance: number;
}

const AreasJson = z.array(z.string());

type ContractRow = NonNullable<Awaited<ReturnType<typeof getContractRow>>>;

function summarize(
  c: ContractRow,
  targets: Array<{ status: string }>,
  ledger: Array<{ kind: 'owed' | 'reversal' | 'paid'; amount: number }>,
): ContractSummary {
  const money = ledgerBalance(ledger);
  return {
    id: c.id,
    supportedSchool: { id: c.supported_school_id, name: c.supported_name },
    partnerSchool: { id: c.partner_school_id, name: c.partner_name },
    areasOfNeed: AreasJson.parse(c.areas_of_need),
    termStart: c.term_start,
    termEnd: c.term_end,
    status: c.status,
    targets: {
      total: targets.length,
      met: targets.filter((t) => t.status === 'met').length,
      notMet: targets.filter((t) => t.status === 'not_met').length,
      pending: targets.filter((t) => t.status === 'pending').length,
    },
    owed: money.owed,
    paid: money.paid,
    balance: money.balance,
  };
}

export async function listContracts(db: Db, actor: Actor): Promise<ContractSummary[]> {
  assertCanReadSupport(actor);
  await ensureTargetsChecked(db, actor.districtId);
  const [rows, targets, ledger] = await Promise.all([
    listContractRows(db, actor.districtId),
    listTargetRows(db, actor.districtId),
    listLedgerRows(db, actor.districtId),
  ]);
  return rows.map((c) =>
    summarize(
      c,
      targets.filter((t) => t.contract_id === c.id),
      ledger.filter((e) => e.contract_id === c.id),
    ),
  );
}

export async function getContract(db: Db, actor: Actor, id: string) {
  assertCanReadSupport(actor);
  await ensureTargetsChecked(db, actor.districtId);
  const c = await getContractRow(db, actor.districtId, id);
  if (!c) throw notFound('The contract');
  const [targets, exchanges, reviews, terms, ledger, check] = await Promise.all([
    listTargetRows(db, actor.districtId, [id]),
    listExchangeRows(db, actor.districtId, id),
    listReviewRows(db, actor.districtId, id),
    listPaymentTermRows(db, actor.districtId, [id]),
    listLedgerRows(db, actor.districtId, [id]),
    lastTargetCheck(db, actor.districtId),
  ]);
  let running = 0;
  return {
    ...summarize(c, targets, ledger),
    notes: c.notes,
    canManage: canManageSupport(actor, c.supported_school_id),
    lastCheck: check,
    targets: targets.map((t) => ({
      id: t.id,
      measureKey: t.measure_key,
      measureLabel: t.measure_label ?? t.measure_key,
      unit: t.unit,
      studentGroup: t.student_group,
      studentGroupLabel: describeGroup(t.student_group),
      baselineValue: t.baseline_value,
      baselineYear: t.baseline_year,
      targetValue: t.target_value,
      targetYear: t.target_year,
      description: describeTarget({
        measureKey: t.measure_key,
        studentGroup: t.student_group,
        baselineValue: t.baseline_value,
        baselineYear: t.baseline_year,
        targetValue: t.target_value,
        targetYear: t.target_year,
        unit: t.unit,
        label: t.measure_label,
      }),
      status: t.status,
      reason: t.status_reason,
      checked: {
        value: t.checked_value,
        year: t.checked_year,
        n: t.checked_n,
        figureStatus: t.checked_figure_status,
        batchId: t.checked_batch_id,
        at: t.checked_at ? new Date(t.checked_at).toISOString() : null,
      },
    })),
    exchanges: exchanges.map((e) => ({
      id: e.id,
      direction: e.direction,
      status: e.status,
      startDate: e.start_date,
      endDate: e.end_date,
      peopleCount: e.people_count,
      names: e.names,
      purpose: e.purpose,
    })),
    reviews: reviews.map((r) => ({
      id: r.id,
      reviewDate: r.review_date,
      reviewer: r.reviewer,
      evidence: r.evidence,
      judgement: r.judgement,
    })),
    paymentTerms: terms.map((t) => ({ id: t.id, kind: t.kind, label: t.label, amount: t.amount })),
    ledger: ledger.map((e) => {
      running += e.kind === 'paid' ? -e.amount : e.amount;
      return {
        id: e.id,
        kind: e.kind,
        amount: e.amount,
        reason: e.reason,
        entryDate: e.entry_date,
        batchId: e.batch_id,
        targetId: e.target_id,
        balanceAfter: Math.round(running * 100) / 100,
      };
    }),
  };
}
export type ContractDetail = Awaited<ReturnType<typeof getContract>>;

async function assertMeasures(db: Db, districtId: string, targets: readonly TargetInput[]) {
  if (targets.length === 0) return;
  const known = new Set(
    (await listMeasures(db, districtId, [...new Set(targets.map((t) => t.measureKey))])).map(
      (m) => m.key,
    ),
  );
  const unknown = targets.findIndex((t) => !known.has(t.measureKey));
  if (unknown >= 0) {
    throw badRequest(`The measure “${targets[unknown]?.measureKey}” is not in this district.`, [
      { field: `targets.${unknown}.measureKey`, message: 'Unknown measure.' },
    ]);
  }
}

async function loadForChange(db: Db, actor: Actor, id: string) {
  const c = await getContractRow(db, actor.districtId, id);
  if (!c) throw notFound('The contract');
  assertCanManageSupport(actor, c.supported_school_id);
  return c;
}

function targetRows(districtId: string, contractId: string, targets: readonly TargetInput[]) {
  return targets.map((t) => ({
    district_id: districtId,
    contract_id: contractId,
    id: randomUUID(),
    measure_key: t.measureKey,
    student_group: t.studentGroup,
    baseline_value: t.baselineValue,
    baseline_year: t.baselineYear,
    target_value: t.targetValue,
    target_year: t.targetYear,
  }));
}

export async function createContract(db: Db, actor: Actor, raw: unknown) {
  const input = ContractInputSchema.parse(raw);
  assertCanManageSupport(actor, input.supportedSchoolId);
  const termEnd = input.termEnd ?? defaultTermEnd(input.termStart);
  if (termEnd <= input.termStart) {
    throw badRequest('The term must end after it starts.', [
      { field: 'termEnd', message: 'Must be after the start.' },
    ]);
  }
  for (const [field, schoolId] of [
    ['supportedSchoolId', input.supportedSchoolId],
    ['partnerSchoolId', input.partnerSchoolId],
  ] as const) {
    if (!(await getSchool(db, actor.districtId, schoolId))) {
      throw badRequest(`There is no school ${schoolId} in this district.`, [
        { field, message: 'Unknown school.' },
      ]);
    }
  }
  await assertMeasures(db, actor.districtId, input.targets);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertContract(trx, {
      district_id: actor.districtId,
      id,
      supported_school_id: input.supportedSchoolId,
      partner_school_id: input.partnerSchoolId,
      areas_of_need: JSON.stringify(input.areasOfNeed),
      term_start: input.termStart,
      term_end: termEnd,
      status: input.status,
      notes: input.notes,
      created_by: actor.userId,
    });
    await insertTargets(trx, targetRows(actor.districtId, id, input.targets));
    await insertPaymentTerms(
      trx,
      input.paymentTerms.map((p) => ({
        district_id: actor.districtId,
        contract_id: id,
        id: randomUUID(),
        ...p,
      })),
    );
    await recordAudit(trx, actor, {
      action: 'contract.create',
      subjectType: 'partnership_contract',
      subjectId: id,
      detail: {
        supportedSchoolId: input.supportedSchoolId,
        partnerSchoolId: input.partnerSchoolId,
        targets: input.targets.length,
        paymentTerms: input.paymentTerms.length,
      },
    });
    await recheckContractTargets(trx, actor.districtId);
  });
  return getContract(db, actor, id);
}

export async function updateContract(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = ContractUpdateSchema.parse(raw);
  const c = await loadForChange(db, actor, id);
  const termEnd = input.termEnd ?? c.term_end;
  if (termEnd <= c.term_start) {
    throw badRequest('The term must end after it starts.', [
      { field: 'termEnd', message: 'Must be after the start.' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await updateContractRow(trx, actor.districtId, id, {
      ...(input.status ? { status: input.status } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.areasOfNeed ? { areas_of_need: JSON.stringify(input.areasOfNeed) } : {}),
      term_end: termEnd,
    });
    await recordAudit(trx, actor, {
      action: 'contract.update',
      subjectType: 'partnership_contract',
      subjectId: id,
      detail: { ...input, previousStatus: c.status },
    });
    await recheckContractTargets(trx, actor.districtId);
  });
  return getContract(db, actor, id);
}

export async function addTarget(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = TargetInputSchema.parse(raw);
  await loadForChange(db, actor, id);
  await assertMeasures(db, actor.districtId, [input]);
  await db.transaction().execute(async (trx) => {
    const rows = targetRows(actor.districtId, id, [input]);
    await insertTargets(trx, rows);
    await recordAudit(trx, actor, {
      action: 'contract.target.add',
      subjectType: 'partnership_contract',
      subjectId: id,
      detail: { targetId: rows[0]?.id, ...input },
    });
    await recheckContractTargets(trx, actor.districtId);
  });
  return getContract(db, actor, id);
}

export async function addPaymentTerm(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = PaymentTermInputSchema.parse(raw);
  await loadForChange(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const termId = randomUUID();
    await insertPaymentTerms(trx, [
      { district_id: actor.districtId, contract_id: id, id: termId, ...input },
    ]);
    await recordAudit(trx, actor, {
      action: 'contract.payment_term.add',
      subjectType: 'partnership_contract',
      subjectId: id,
      detail: { termId, ...input },
    });
    await recheckContractTargets(trx, actor.districtId);
  });
  return getContract(db, actor, id);
}

export async function addExchange(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = ExchangeInputSchema.parse(raw);
  await loadForChange(db, actor, id);
  const exchangeId = randomUUID();
  await insertExchange(db, {
    district_id: actor.districtId,
    contract_id: id,
    id: exchangeId,
    direction: input.direction,
    status: input.status,
    start_date: input.startDate,
    end_date: input.endDate,
    people_count: input.peopleCount,
    names: input.names,
    purpose: input.purpose,
  });
  // The names are people's; the audit keeps the count, not the names.
  await recordAudit(db, actor, {
    action: 'contract.exchange.add',
    subjectType: 'partnership_contract',
    subjectId: id,
    detail: {
      exchangeId,
      direction: input.direction,
      status: input.status,
      people: input.peopleCount,
    },
  });
  return getContract(db, actor, id);
}

export async function updateExchange(
  db: Db,
  actor: Actor,
  id: string,
  exchangeId: string,
  raw: unknown,
) {
  const input = ExchangeUpdateSchema.parse(raw);
  await loadForChange(db, actor, id);
  const n = await updateExchangeRow(
    db,
    { districtId: actor.districtId, contractId: id, id: exchangeId },
    { status: input.status },
  );
  if (n === 0) throw notFound('The exchange');
  await recordAudit(db, actor, {
    action: 'contract.exchange.update',
    subjectType: 'partnership_contract',
    subjectId: id,
    detail: { exchangeId, status: input.status },
  });
  return getContract(db, actor, id);
}

export async function addReview(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = ReviewInputSchema.parse(raw);
  await loadForChange(db, actor, id);
  const reviewId = randomUUID();
  await insertReview(db, {
    district_id: actor.districtId,
    contract_id: id,
    id: reviewId,
    review_date: input.reviewDate,
    reviewer: input.reviewer,
    evidence: input.evidence,
    judgement: input.judgement,
    created_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'contract.review.add',
    subjectType: 'partnership_contract',
    subjectId: id,
    detail: { reviewId, reviewDate: input.reviewDate, judgement: input.judgement },
  });
  return getContract(db, actor, id);
}

/** Records a payment; refused when it would pay more than is owed (the ledger never goes negative). */
export async function recordPayment(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = PaymentInputSchema.parse(raw);
  await loadForChange(db, actor, id);
  await ensureTargetsChecked(db, actor.districtId);
  await db.transaction().execute(async (trx) => {
    const { balance } = ledgerBalance(await listLedgerRows(trx, actor.districtId, [id]));
    if (input.amount > balance + 1e-9) {
      throw new AppError(
        'conflict',
        `This payment of $${input.amount.toFixed(2)} is more than the $${balance.toFixed(2)} now owed under the contract’s terms.`,
      );
    }
    const entryId = randomUUID();
    await insertLedgerEntries(trx, [
      {
        district_id: actor.districtId,
        contract_id: id,
        id: entryId,
        kind: 'paid',
        amount: input.amount,
        reason: input.reason,
        term_id: null,
        target_id: null,
        batch_id: null,
        ...(input.entryDate ? { entry_date: input.entryDate } : {}),
        created_by: actor.userId,
      },
    ]);
    await recordAudit(trx, actor, {
      action: 'contract.payment.record',
      subjectType: 'partnership_contract',
      subjectId: id,
      detail: { entryId, amount: input.amount },
    });
  });
  return getContract(db, actor, id);
}

/** Every contract's ledger, one row per entry, as CSV. */
export async function ledgerCsv(db: Db, actor: Actor): Promise<string> {
  assertCanReadSupport(actor);
  await ensureTargetsChecked(db, actor.districtId);
  const [contracts, ledger] = await Promise.all([
    listContractRows(db, actor.districtId),
    listLedgerRows(db, actor.districtId),
  ]);
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const running = new Map<string, number>();
  return supportCsv(
    [
      'contract_id',
      'supported_school',
      'partner_school',
      'entry_date',
      'kind',
      'amount_usd',
      'balance_owed_after_usd',
      'reason',
      'checked_against_batch',
    ],
    ledger.map((e) => {
      const c = byId.get(e.contract_id);
      const after = (running.get(e.contract_id) ?? 0) + (e.kind === 'paid' ? -e.amount : e.amount);
      running.set(e.contract_id, after);
      return [
        e.contract_id,
        c?.supported_name ?? '',
        c?.partner_name ?? '',
        e.entry_date,
        e.kind,
        e.amount,
        Math.round(after * 100) / 100,
        e.reason,
        e.batch_id,
      ];
    }),
  );
}
