// Fitting published shares to whole numbers of people. A share becomes a count as
// count = round(pct / 100 × n); shares that partition a total (experience bands, licence status,
// ratings) are then fitted to it by Hamilton's largest-remainder method, changing the least
// trustworthy figures first (fallbacks before published ones), so a published count moves only
// when the published figures themselves disagree — and the report says so.
import type { TargetSource } from './types.ts';

export const PRIORITY: Record<TargetSource, number> = {
  published: 4,
  same_year_n: 4,
  nearest_year: 3,
  district_median: 2,
  default: 1,
};

export interface Part {
  key: string;
  /** The share (0–100). */
  pct: number;
  /** The count it asks for before fitting. */
  count: number;
  priority: number;
}

/**
 * Fits the parts' counts to the total: whatever the rounded counts miss or exceed is absorbed by
 * the lowest-priority parts (re-apportioned among them by share), then the next, and so on.
 */
export function fitParts(
  total: number,
  parts: readonly Part[],
  adjust: (key: string, message: string) => void,
): number[] {
  const counts = parts.map((p) => p.count);
  const priorities = [...new Set(parts.map((p) => p.priority))].sort((a, b) => a - b);
  for (const priority of priorities) {
    const diff = total - sum(counts);
    if (diff === 0) break;
    const group = parts.flatMap((p, i) => (p.priority === priority ? [i] : []));
    const groupTotal = Math.max(0, group.reduce((s, i) => s + (counts[i] ?? 0), 0) + diff);
    const shares = apportion(
      groupTotal,
      group.map((i) => parts[i]?.pct ?? 0),
    );
    group.forEach((i, k) => (counts[i] = shares[k] ?? 0));
  }
  parts.forEach((p, i) => {
    if (p.priority === PRIORITY.published && counts[i] !== p.count) {
      adjust(p.key, `published figure gives ${p.count}, generated ${counts[i]} of ${total}`);
    }
  });
  return counts;
}

/** Hamilton's largest-remainder method: integers that sum to total, in proportion to weights. */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const weightSum = sum(clean);
  const quotas = clean.map((w) => (weightSum > 0 ? (w / weightSum) * total : total / clean.length));
  const counts = quotas.map((q) => Math.floor(q));
  const order = quotas
    .map((q, i) => ({ i, remainder: q - Math.floor(q) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0, left = total - sum(counts); left > 0; k++, left--) {
    const at = order[k % order.length]?.i ?? 0;
    counts[at] = (counts[at] ?? 0) + 1;
  }
  return counts;
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
