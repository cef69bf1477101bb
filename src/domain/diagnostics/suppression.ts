// Complementary suppression for a set of counts that add up to a published total (DOMAIN.md §6):
// when a cell about fewer than n people is hidden, enough other cells are hidden that it cannot
// be recovered by subtraction. The figure-level rule (no rate about fewer than n people) is
// applyMinimumN in domain/shared/suppression.ts; this is the table-level companion.
//
// The rule, applied to one table (one school's groups, one year):
// 1. Primary: hide every cell with a count below n (zero included — "none of the 4 EL students
//    passed" is as disclosive as "1 of 4").
// 2. With the Delaware option, a shown cell whose share of the total is below 5% or above 95%
//    is coded "<5%" / ">95%" and its count hidden too (otherwise its count, over the total,
//    would give back the exact share).
// 3. Complementary: while some cell is hidden and only one is (total − shown gives it back), or
//    the hidden cells add up to fewer than n people (their sum is itself a small number anyone
//    can compute), or a reader who knows this rule could still pin a hidden cell down from the
//    bounds the rule gives away (isAnyHiddenCellPinned), hide the smallest shown cell too
//    (ties: input order).
// Hidden cells all carry the same marker, so a reader cannot tell primary from complementary.
// The tests check the result by enumerating every table consistent with what is published,
// both for a reader who only subtracts and for one who re-runs this algorithm on each guess.
import { formatNumber } from './format.ts';

export interface CountCell {
  key: string;
  count: number;
}

export type CellStatus = 'shown' | 'primary' | 'extreme' | 'complementary';

export interface SuppressedCell {
  key: string;
  /** The count, or null when hidden. */
  count: number | null;
  status: CellStatus;
  /** What to print: the count, or the hidden marker. */
  display: string;
  /** Share of the total (0–100), or null when hidden or extreme. */
  percent: number | null;
  /** "12.5%", "<5%", ">95%", or the hidden marker. */
  percentDisplay: string;
}

export interface SuppressionOptions {
  minimumN: number;
  /** Delaware's coding of extreme shares. Off by default. */
  extremes?: { low: number; high: number } | null;
  /** Whether the total is published beside the cells. Default true: the cautious assumption. */
  totalIsShown?: boolean;
}

export interface SuppressionResult {
  cells: SuppressedCell[];
  total: number;
  /** False only when there were not enough cells to protect a hidden one. */
  isProtected: boolean;
}

export const HIDDEN_MARKER = '*';

export const DELAWARE_EXTREMES = { low: 5, high: 95 } as const;

/** A rate as Delaware prints it: "<5%" and ">95%" at the extremes. */
export function formatShareWithExtremes(
  percent: number,
  extremes: { low: number; high: number } = DELAWARE_EXTREMES,
): string {
  if (percent < extremes.low) return `<${extremes.low}%`;
  if (percent > extremes.high) return `>${extremes.high}%`;
  return formatShare(percent);
}

const formatShare = (percent: number) => `${(Math.round(percent * 10) / 10).toString()}%`;

/**
 * Whether a reader could pin down a hidden cell from the total, the shown cells and the bounds
 * the rule itself gives away: a primary cell is below n; a complementary cell is at least n and
 * no larger than any cell still shown (it was the smallest when chosen); an extreme cell's share
 * is beyond the coded bound. The reader is assumed to know which hidden cell is which — more
 * than the shared marker tells — so the check errs on the side of hiding more. A cell is pinned
 * when its feasible range, given the others' ranges and the hidden sum, holds one value.
 */
function isAnyHiddenCellPinned(
  cells: readonly CountCell[],
  status: readonly CellStatus[],
  minimumN: number,
  extremes: { low: number; high: number } | null,
  total: number,
): boolean {
  let sum = 0;
  let smallestShown = Infinity;
  cells.forEach((c, i) => {
    if (status[i] === 'shown') smallestShown = Math.min(smallestShown, c.count);
    else sum += c.count;
  });
  const bounds: [number, number][] = [];
  cells.forEach((c, i) => {
    const s = status[i];
    if (s === 'primary') bounds.push([0, minimumN - 1]);
    else if (s === 'complementary') bounds.push([minimumN, Math.min(smallestShown, sum)]);
    else if (s === 'extreme' && extremes !== null) {
      const share = (100 * c.count) / total;
      bounds.push(
        share < extremes.low
          ? [minimumN, Math.ceil((extremes.low * total) / 100) - 1]
          : [Math.max(minimumN, Math.floor((extremes.high * total) / 100) + 1), total],
      );
    }
  });
  const lowSum = bounds.reduce((s, b) => s + b[0], 0);
  const highSum = bounds.reduce((s, b) => s + b[1], 0);
  return bounds.some(([low, high]) => {
    const from = Math.max(low, sum - (highSum - high));
    const to = Math.min(high, sum - (lowSum - low));
    return to <= from;
  });
}

export function suppressCells(
  cells: readonly CountCell[],
  options: SuppressionOptions,
): SuppressionResult {
  const { minimumN } = options;
  const totalIsShown = options.totalIsShown ?? true;
  const total = cells.reduce((s, c) => s + c.count, 0);
  const status: CellStatus[] = cells.map((c) => {
    if (!(c.count >= 0) || !Number.isInteger(c.count)) {
      throw new RangeError(`cell ${c.key}: a count must be a whole number ≥ 0`);
    }
    if (c.count < minimumN) return 'primary';
    if (options.extremes && total > 0) {
      const pct = (100 * c.count) / total;
      if (pct < options.extremes.low || pct > options.extremes.high) return 'extreme';
    }
    return 'shown';
  });

  let isProtected = true;
  if (totalIsShown) {
    for (;;) {
      const hidden = cells.filter((_, i) => status[i] !== 'shown');
      if (hidden.length === 0) break;
      const hiddenSum = hidden.reduce((s, c) => s + c.count, 0);
      const pinned = isAnyHiddenCellPinned(
        cells,
        status,
        minimumN,
        options.extremes ?? null,
        total,
      );
      if (hidden.length >= 2 && hiddenSum >= minimumN && !pinned) break;
      let next = -1;
      cells.forEach((c, i) => {
        if (status[i] === 'shown' && (next < 0 || c.count < (cells[next]?.count ?? Infinity)))
          next = i;
      });
      if (next < 0) {
        // Every cell is hidden already: as protected as this table can be, which is enough only
        // if no hidden cell can be pinned down.
        isProtected = hidden.length >= 2 && hiddenSum > 0 && !pinned;
        break;
      }
      status[next] = 'complementary';
    }
  }

  return {
    total,
    isProtected,
    cells: cells.map((c, i) => {
      const s = status[i] ?? 'shown';
      if (s === 'shown') {
        const percent = total > 0 ? (100 * c.count) / total : null;
        return {
          key: c.key,
          count: c.count,
          status: s,
          display: formatNumber(c.count, 0),
          percent,
          percentDisplay: percent === null ? '' : formatShare(percent),
        };
      }
      const pct = total > 0 ? (100 * c.count) / total : 0;
      const percentDisplay =
        s === 'extreme' && options.extremes
          ? formatShareWithExtremes(pct, options.extremes)
          : HIDDEN_MARKER;
      return {
        key: c.key,
        count: null,
        status: s,
        display: HIDDEN_MARKER,
        percent: null,
        percentDisplay,
      };
    }),
  };
}
