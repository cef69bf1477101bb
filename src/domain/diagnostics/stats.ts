// Small descriptive statistics shared by the diagnostics. Plain loops over number arrays: these
// run over every school in a state, so they avoid intermediate arrays where they can.

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1 in the denominator). */
export function standardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/** Pearson's product-moment correlation of paired values. */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError('pearsonCorrelation needs paired values');
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Median of a list (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** Median of a typed array, sorting it in place (for hot loops with a reused buffer). */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  values.sort();
  const mid = n >> 1;
  return n % 2 === 1
    ? (values[mid] ?? Number.NaN)
    : ((values[mid - 1] ?? Number.NaN) + (values[mid] ?? Number.NaN)) / 2;
}

/**
 * Mid-rank percentile of every value within its own list: 100 × (values below + ½ × values
 * equal) / count. Ties share a percentile, a single value sits at 50, and the result stays
 * strictly inside 0–100 (the "percentile rank" of Hazen / the mid-distribution function).
 * Returned in the order of the input. O(n log n).
 */
export function midRankPercentiles(values: readonly number[]): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  // A sorted copy (native numeric sort of a typed array) and two binary searches per value.
  const sorted = Float64Array.from(values).sort();
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    const below = lowerBound(sorted, v);
    const equal = upperBound(sorted, v) - below;
    out[i] = (100 * (below + equal / 2)) / n;
  }
  return out;
}

/** Index of the first element ≥ v in an ascending array. */
export function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > v in an ascending array. */
export function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest value (0-based) of a list, k clamped to the list. Sorting a copy is
 * O(n log n), fine for a state's schools.
 */
export function kthSmallest(values: readonly number[], k: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(Math.max(k, 0), sorted.length - 1)] ?? Number.NaN;
}
