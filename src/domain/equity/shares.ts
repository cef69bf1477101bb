// A share of people with the n behind it, suppressed below the minimum n (DOMAIN.md §6) — used
// wherever the equity modules report "x% of n people" outside a school-year Figure.
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';

export interface Share {
  count: number;
  n: number;
  /** 0–100; null when suppressed or when there is nobody to count. */
  percent: number | null;
  status: 'reported' | 'suppressed' | 'missing';
  /** 'n<10' when suppressed. */
  marker: string | null;
}

export function shareOf(count: number, n: number, minimumN: number = DEFAULT_MINIMUM_N): Share {
  if (n <= 0) return { count, n, percent: null, status: 'missing', marker: null };
  if (n < minimumN)
    return { count, n, percent: null, status: 'suppressed', marker: `n<${minimumN}` };
  return { count, n, percent: (count / n) * 100, status: 'reported', marker: null };
}

/** "89%" / "n<10" / "no data", for sentences. */
export function formatShare(share: Share, digits = 0): string {
  if (share.status === 'suppressed') return share.marker ?? 'suppressed';
  if (share.percent === null) return 'no data';
  return `${share.percent.toFixed(digits)}%`;
}

/** "$12,345" — by hand: Intl's toLocaleString costs ~1 µs a call, too slow for 9,000 schools. */
export function formatMoney(amount: number): string {
  const digits = String(Math.round(Math.abs(amount)));
  let grouped = '';
  for (let index = 0; index < digits.length; index += 1) {
    if (index > 0 && (digits.length - index) % 3 === 0) grouped += ',';
    grouped += digits[index];
  }
  return `${amount < 0 && Math.round(amount) !== 0 ? '-' : ''}$${grouped}`;
}
