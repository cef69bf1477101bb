// The district- and state-level aggregates the diagnostics rest on, in one pass over columnar
// rows: per year and level, the count and mean outcome; per year, the least-squares line of the
// outcome on poverty (closed form for one predictor: slope = Sxy / Sxx, intercept = ȳ − slope·x̄,
// R² = Sxy² / (Sxx·Syy)) and the 5th percentile of Title I schools' outcomes (the CSI cut-off,
// DOMAIN.md §3), taken as SQL's quantile_disc: the smallest value with at least 5% at or below.
import { kthSmallest } from './stats.ts';

export interface OutcomeColumns {
  year: Int32Array;
  /** Level as a small integer code (the caller's own coding). */
  level: Uint8Array;
  titleI: Uint8Array;
  outcome: Float64Array;
  poverty: Float64Array;
}

export interface YearAggregate {
  year: number;
  n: number;
  slope: number;
  intercept: number;
  rSquared: number;
  titleICut: number | null;
  /** Mean outcome by level code. */
  levelMeans: Map<number, { n: number; mean: number }>;
}

export function aggregateOutcomes(c: OutcomeColumns, quantile = 0.05): YearAggregate[] {
  const byYear = new Map<
    number,
    {
      n: number;
      sx: number;
      sy: number;
      sxx: number;
      syy: number;
      sxy: number;
      titleI: number[];
      levels: Map<number, { n: number; sum: number }>;
    }
  >();
  for (let i = 0; i < c.year.length; i++) {
    const year = c.year[i] ?? 0;
    let acc = byYear.get(year);
    if (!acc) {
      acc = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0, titleI: [], levels: new Map() };
      byYear.set(year, acc);
    }
    const x = c.poverty[i] ?? 0;
    const y = c.outcome[i] ?? 0;
    acc.n += 1;
    acc.sx += x;
    acc.sy += y;
    acc.sxx += x * x;
    acc.syy += y * y;
    acc.sxy += x * y;
    if (c.titleI[i] === 1) acc.titleI.push(y);
    const code = c.level[i] ?? 0;
    const level = acc.levels.get(code);
    if (level) {
      level.n += 1;
      level.sum += y;
    } else acc.levels.set(code, { n: 1, sum: y });
  }
  return [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([year, a]) => {
      const sxx = a.sxx - (a.sx * a.sx) / a.n;
      const syy = a.syy - (a.sy * a.sy) / a.n;
      const sxy = a.sxy - (a.sx * a.sy) / a.n;
      const slope = sxx > 0 ? sxy / sxx : Number.NaN;
      const k = Math.max(1, Math.ceil(quantile * a.titleI.length));
      return {
        year,
        n: a.n,
        slope,
        intercept: a.sy / a.n - slope * (a.sx / a.n),
        rSquared: sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : Number.NaN,
        titleICut: a.titleI.length > 0 ? kthSmallest(a.titleI, k - 1) : null,
        levelMeans: new Map(
          [...a.levels].map(([code, l]) => [code, { n: l.n, mean: l.sum / l.n }]),
        ),
      };
    });
}
