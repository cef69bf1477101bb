// The rules of a partnership contract, as pure functions (no I/O): judging a target against the
// latest loaded figure, what the payment terms make owed, and the ledger entries that bring the
// ledger to that. Shanghai's "Empowered Management" (seed 000; DOMAIN.md §8): the strong school
// "is only contractually paid if the terms of the contract have been met". The service loads,
// calls these, and stores (docs/decisions/011-support.md).
import type {
  CheckedFigureStatus,
  ContractStatus,
  LedgerKind,
  MeasureStatus,
  PaymentTermKind,
  TargetStatus,
} from '../db/schema.ts';
import { formatNumber, groupLabel, measureLabel } from '../domain/diagnostics/format.ts';
import { isStudentGroup } from '../domain/shared/catalogue.ts';

export interface TargetInput {
  id: string;
  measureKey: string;
  studentGroup: string;
  baselineValue: number;
  baselineYear: number;
  targetValue: number;
  targetYear: number;
  /** From the measure catalogue; null: the direction from baseline to target decides. */
  higherIsBetter: boolean | null;
  /** The district's measure unit and label (a percent gets its % sign). */
  unit: string | null;
  label: string | null;
}

export interface LoadedFigure {
  year: number;
  value: number | null;
  n: number | null;
  status: MeasureStatus;
  batchId: string;
}

export interface TargetVerdict {
  status: TargetStatus;
  reason: string;
  checkedValue: number | null;
  checkedYear: number | null;
  checkedN: number | null;
  checkedFigureStatus: CheckedFigureStatus | null;
  checkedBatchId: string | null;
}

export function describeGroup(group: string): string {
  return isStudentGroup(group) ? groupLabel(group) : group;
}

/** "52.0%" for a percent measure, "52.0" otherwise. */
export function formatTargetValue(unit: string | null, value: number): string {
  return unit === 'percent' ? `${formatNumber(value)}%` : formatNumber(value);
}

export function describeTarget(t: Omit<TargetInput, 'id' | 'higherIsBetter'>): string {
  const v = (x: number) => formatTargetValue(t.unit, x);
  return `${t.label ?? measureLabel(t.measureKey)} for ${describeGroup(t.studentGroup).toLowerCase()}: from ${v(t.baselineValue)} in ${t.baselineYear} to ${v(t.targetValue)} by ${t.targetYear}`;
}

/**
 * A target is judged on the latest loaded figure for a school year after the baseline year and
 * no later than the target year ("by when"). Met when that figure reaches the target value in
 * the measure's better direction; not met when the target year's own figure is loaded and falls
 * short; otherwise pending. A suppressed, missing or small-n figure (below minimumN, DOMAIN.md
 * §6) is never read as a value: the target stays pending and says why.
 */
export function evaluateTarget(
  target: TargetInput,
  figures: readonly LoadedFigure[],
  minimumN: number,
): TargetVerdict {
  const inWindow = figures
    .filter((f) => f.year > target.baselineYear && f.year <= target.targetYear)
    .sort((a, b) => b.year - a.year);
  const latest = inWindow[0];
  const none = {
    checkedValue: null,
    checkedYear: null,
    checkedN: null,
    checkedFigureStatus: null,
    checkedBatchId: null,
  };
  if (latest === undefined) {
    return {
      status: 'pending',
      reason: `No result for ${target.baselineYear + 1}–${target.targetYear} is loaded yet.`,
      ...none,
    };
  }
  const at = {
    checkedYear: latest.year,
    checkedN: latest.n,
    checkedBatchId: latest.batchId,
  };
  const nText = latest.n === null ? '' : `, n = ${latest.n}`;
  if (latest.status !== 'reported' || latest.value === null) {
    const why = latest.status === 'suppressed' ? 'suppressed by its publisher' : 'not reported';
    return {
      status: 'pending',
      reason: `The ${latest.year} figure is ${why}${nText}; the target cannot be judged on it.`,
      ...at,
      checkedValue: null,
      checkedFigureStatus: latest.status === 'suppressed' ? 'suppressed' : 'missing',
    };
  }
  if (latest.n !== null && latest.n < minimumN) {
    return {
      status: 'pending',
      reason: `The ${latest.year} figure is about ${latest.n} students, fewer than the minimum of ${minimumN}; it is not used.`,
      ...at,
      checkedValue: null,
      checkedFigureStatus: 'small_n',
    };
  }
  const higher = target.higherIsBetter ?? target.targetValue > target.baselineValue;
  const reached = higher ? latest.value >= target.targetValue : latest.value <= target.targetValue;
  const figure = `${formatTargetValue(target.unit, latest.value)} in ${latest.year}${nText}`;
  const goal = `the target of ${formatTargetValue(target.unit, target.targetValue)} by ${target.targetYear}`;
  const verdict = reached
    ? { status: 'met' as const, reason: `Met: ${figure} reaches ${goal}.` }
    : latest.year === target.targetYear
      ? { status: 'not_met' as const, reason: `Not met: ${figure} falls short of ${goal}.` }
      : {
          status: 'pending' as const,
          reason: `Not yet: ${figure}, short of ${goal} (baseline ${formatTargetValue(target.unit, target.baselineValue)} in ${target.baselineYear}).`,
        };
  return { ...verdict, ...at, checkedValue: latest.value, checkedFigureStatus: 'reported' };
}

export interface PaymentTermInput {
  id: string;
  kind: PaymentTermKind;
  label: string;
  amount: number;
}

export interface JudgedTarget {
  id: string;
  status: TargetStatus;
  description: string;
  reason: string;
  batchId: string | null;
}

export interface OwedItem {
  termId: string;
  targetId: string | null;
  amount: number;
  reason: string;
  batchId: string | null;
}

const ledgerKey = (termId: string | null, targetId: string | null) =>
  `${termId ?? ''}|${targetId ?? ''}`;

/**
 * What the payment terms make owed now: a per-target amount for each target met, a fixed part
 * on start once the contract is active, and a fixed part when every target is met. A draft
 * contract owes nothing.
 */
export function owedUnderTerms(
  contract: { status: ContractStatus; termStart: string },
  terms: readonly PaymentTermInput[],
  targets: readonly JudgedTarget[],
): OwedItem[] {
  if (contract.status === 'draft') return [];
  const owed: OwedItem[] = [];
  const met = targets.filter((t) => t.status === 'met');
  for (const term of terms) {
    if (term.kind === 'per_target_met') {
      for (const t of met) {
        owed.push({
          termId: term.id,
          targetId: t.id,
          amount: term.amount,
          reason: `${term.label}: target met — ${t.description}. ${t.reason}`,
          batchId: t.batchId,
        });
      }
    } else if (term.kind === 'on_start') {
      owed.push({
        termId: term.id,
        targetId: null,
        amount: term.amount,
        reason: `${term.label}: the contract started on ${contract.termStart}.`,
        batchId: null,
      });
    } else if (targets.length > 0 && met.length === targets.length) {
      owed.push({
        termId: term.id,
        targetId: null,
        amount: term.amount,
        reason: `${term.label}: all ${targets.length} targets met.`,
        batchId: met[0]?.batchId ?? null,
      });
    }
  }
  return owed;
}

export interface LedgerEntryInput {
  kind: LedgerKind;
  amount: number;
  termId: string | null;
  targetId: string | null;
}

export interface NewLedgerEntry {
  kind: 'owed' | 'reversal';
  amount: number;
  termId: string;
  targetId: string | null;
  reason: string;
  batchId: string | null;
}

/**
 * The entries that make the ledger agree with what is owed now. The ledger is append-only, so
 * an amount that is no longer owed (a target back to pending after an import was rolled back)
 * is reversed by a negative entry rather than deleted: the history of what was owed and why
 * stays readable. Calling this twice in a row yields nothing the second time.
 */
export function reconcileLedger(
  owed: readonly OwedItem[],
  existing: readonly LedgerEntryInput[],
  whyReversed: (termId: string, targetId: string | null) => string,
): NewLedgerEntry[] {
  const net = new Map<string, { termId: string; targetId: string | null; amount: number }>();
  for (const e of existing) {
    if (e.kind === 'paid' || e.termId === null) continue;
    const key = ledgerKey(e.termId, e.targetId);
    const current = net.get(key) ?? { termId: e.termId, targetId: e.targetId, amount: 0 };
    current.amount = roundCents(current.amount + e.amount);
    net.set(key, current);
  }
  const entries: NewLedgerEntry[] = [];
  const wanted = new Set<string>();
  for (const item of owed) {
    const key = ledgerKey(item.termId, item.targetId);
    wanted.add(key);
    if ((net.get(key)?.amount ?? 0) > 0) continue;
    entries.push({ kind: 'owed', ...item });
  }
  for (const [key, n] of net) {
    if (wanted.has(key) || n.amount <= 0) continue;
    entries.push({
      kind: 'reversal',
      amount: -n.amount,
      termId: n.termId,
      targetId: n.targetId,
      reason: whyReversed(n.termId, n.targetId),
      batchId: null,
    });
  }
  return entries;
}

export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Owed so far (owed + reversals) less paid. */
export function ledgerBalance(entries: readonly { kind: LedgerKind; amount: number }[]) {
  let owed = 0;
  let paid = 0;
  for (const e of entries) {
    if (e.kind === 'paid') paid += e.amount;
    else owed += e.amount;
  }
  return { owed: roundCents(owed), paid: roundCents(paid), balance: roundCents(owed - paid) };
}

/** The default term: two years from the start (Shanghai contracts run "usually for two years"). */
export function defaultTermEnd(termStart: string): string {
  const [y, m, d] = termStart.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + 2, m - 1, d));
  // 29 February + 2 years → 1 March; the day before keeps the term inside two years.
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** The school year (stored as its spring year) a date falls in: July–June (NC DPI). */
export function schoolYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 7 ? y + 1 : y;
}
