// Small-number suppression (DOMAIN.md §6): no rate about fewer than n people is shown.
// Separate settings for accountability n and public-reporting n; 10 is the default for both
// (All4Ed's recommendation; DC reports "n<10").
import type { MeasureStatus } from '../../db/schema.ts';

export const DEFAULT_MINIMUM_N = 10;

export interface Figure {
  year: number;
  value: number | null;
  text: string | null;
  status: MeasureStatus;
  /** How many people the figure is about, where known. */
  n: number | null;
  /** The publisher's own marker for a suppressed value ('<10', '>95%'), or ours ('n<10'). */
  marker: string | null;
}

/**
 * Hides a rate computed from fewer than minimumN people. Counts (unit 'count') are about the
 * school, not a rate about people, and are left alone by callers.
 */
export function applyMinimumN(figure: Figure, minimumN: number = DEFAULT_MINIMUM_N): Figure {
  if (figure.status !== 'reported' || figure.n === null || figure.n >= minimumN) return figure;
  return { ...figure, value: null, text: null, status: 'suppressed', marker: `n<${minimumN}` };
}
