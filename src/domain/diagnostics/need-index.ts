// The need index (issue 4; DOMAIN.md §1 "poverty, English learners, students with
// disabilities"): how much a school's students need, as one 0–100 number for sorting and
// staffing decisions, with its parts kept visible.
//
// Components and default weights — poverty 0.5, English learners 0.2, disabilities 0.2,
// chronic absence 0.1 — follow the relative sizes of the weights in weighted student funding
// (DOMAIN.md §7: Connecticut adds 0.30 for poverty and 0.15 for EL; California's LCFF counts
// poverty and EL together), with poverty dominant because it is the strongest predictor of
// results (MA 2017 r ≈ −0.74, DOMAIN.md §4). A district can change every weight.
//
// Scale: each component becomes the school's mid-rank percentile among the schools of the
// same year in the comparison set, and the index is the weighted mean of those percentiles.
// Percentiles rather than z-scores because EL and SWD shares are heavily right-skewed (a few
// newcomer or special-education centres at 60–100% would dominate a z-score and compress
// everyone else), because the result is bounded 0–100 without clipping, and because it reads
// plainly: "needs more than 80% of schools on this measure".
//
// A school missing a component (chronic absence is not published everywhere) gets the weighted
// mean of the components it has — the weights renormalised over them — and the result lists
// what was missing and how much of the weight was covered.
import { MEASURE, figureOf, groupByYear, reportedValue, type SchoolYearFigures } from './types.ts';
import { midRankPercentiles } from './stats.ts';

export const NEED_COMPONENTS = [
  MEASURE.econDisadv,
  MEASURE.el,
  MEASURE.swd,
  MEASURE.chronicAbsence,
] as const;
export type NeedComponent = (typeof NEED_COMPONENTS)[number];

export type NeedWeights = Readonly<Record<NeedComponent, number>>;

export const DEFAULT_NEED_WEIGHTS = {
  pct_econ_disadv: 0.5,
  pct_el: 0.2,
  pct_swd: 0.2,
  chronic_absence_rate: 0.1,
} as const satisfies NeedWeights;

export interface NeedComponentScore {
  measure: NeedComponent;
  /** The school's figure, 0–100. */
  value: number;
  /** Percentile among schools of the same year reporting this component, 0–100. */
  percentile: number;
  /** Weight after renormalising over the components the school has. */
  weight: number;
}

export interface NeedIndex {
  schoolId: string;
  year: number;
  /** 0–100; null when the school has none of the components. */
  index: number | null;
  components: NeedComponentScore[];
  missing: NeedComponent[];
  /** Share of the configured weight the school's components carry (1 = all present). */
  weightCovered: number;
}

export interface NeedIndexOptions {
  weights?: Partial<NeedWeights>;
}

/**
 * The need index of every school-year in `rows`. Percentiles are taken within each year, so
 * pass the comparison set (a district, or a state) for as many years as wanted.
 */
export function computeNeedIndex(
  rows: readonly SchoolYearFigures[],
  options: NeedIndexOptions = {},
): NeedIndex[] {
  const weights: NeedWeights = { ...DEFAULT_NEED_WEIGHTS, ...options.weights };
  for (const key of NEED_COMPONENTS) {
    if (!(weights[key] >= 0)) throw new RangeError(`need weight for ${key} must be ≥ 0`);
  }
  const totalWeight = NEED_COMPONENTS.reduce((s, k) => s + weights[k], 0);
  if (!(totalWeight > 0)) throw new RangeError('at least one need weight must be positive');

  const out: NeedIndex[] = [];
  for (const yearRows of groupByYear(rows).values()) {
    const n = yearRows.length;
    // Per component: each row's figure and its percentile among the rows reporting it (NaN
    // where the row has none). Typed arrays, because this runs over every school-year of a state.
    const values = NEED_COMPONENTS.map(() => new Float64Array(n).fill(Number.NaN));
    const percentiles = NEED_COMPONENTS.map((key, k) => {
      const column = values[k] ?? new Float64Array(0);
      const at: number[] = [];
      const reported: number[] = [];
      for (let i = 0; i < n; i++) {
        const row = yearRows[i];
        const v = row === undefined ? null : reportedValue(figureOf(row, key));
        if (v === null) continue;
        column[i] = v;
        at.push(i);
        reported.push(v);
      }
      const pct = midRankPercentiles(reported);
      const byRow = new Float64Array(n).fill(Number.NaN);
      at.forEach((i, j) => (byRow[i] = pct[j] ?? Number.NaN));
      return byRow;
    });
    for (let i = 0; i < n; i++) {
      const row = yearRows[i];
      if (row === undefined) continue;
      const components: NeedComponentScore[] = [];
      const missing: NeedComponent[] = [];
      let covered = 0;
      NEED_COMPONENTS.forEach((measure, k) => {
        const weight = weights[measure];
        const percentile = percentiles[k]?.[i] ?? Number.NaN;
        if (weight === 0) return;
        if (Number.isNaN(percentile)) {
          missing.push(measure);
          return;
        }
        covered += weight;
        components.push({ measure, value: values[k]?.[i] ?? Number.NaN, percentile, weight });
      });
      let index = 0;
      for (const c of components) {
        c.weight /= covered;
        index += c.weight * c.percentile;
      }
      out.push({
        schoolId: row.schoolId,
        year: row.year,
        index: components.length === 0 ? null : index,
        components,
        missing,
        weightCovered: covered / totalWeight,
      });
    }
  }
  return out;
}
