// The imported school-level staffing figures, indexed for look-up, with the fallback the brief
// asks for when a figure is missing or suppressed for a school-year: the nearest year for that
// school, else the district median, else a default taken from Wake County's own published
// figures. Every fallback used is written to the report; suppressed never counts as zero
// (DOMAIN.md §6).
import type { Notes, StaffingValue, TargetSource } from './types.ts';

export const MEASURES = {
  teachers: 'teachers_count',
  beginning: 'pct_teachers_beginning',
  provisional: 'pct_teachers_provisional',
  years0to3: 'pct_teachers_0_3yrs',
  years4to10: 'pct_teachers_4_10yrs',
  years11plus: 'pct_teachers_11plus_yrs',
  fullyLicensed: 'pct_teachers_fully_licensed',
  lateralEntry: 'pct_teachers_lateral_entry',
  turnover: 'pct_teacher_turnover',
  needsImprovement: 'pct_teachers_needs_improvement',
  effective: 'pct_teachers_effective',
  highlyEffective: 'pct_teachers_highly_effective',
  principalsInexperienced: 'pct_principals_inexperienced',
} as const;

export const STAFFING_MEASURE_KEYS: readonly string[] = Object.values(MEASURES);

// Used only when no school in the district reports the measure in any year. Wake County's 2016
// elementary figures (data/demo/nc-wake/2016/personnel.csv, row 920LEA/E: lea_class_teach_num,
// lea_tchyrs_*, lea_flicensed_teach_pct, lea_emer_prov_teach_pct, lea_lateral_teach_pct,
// lea_1yr_tchr_trnovr_pct). NC publishes no beginning-teacher share there; 15% lies between the
// 11.6% (low-poverty) and 19.9% (high-poverty) school averages of rcd_eq 2019 (DOMAIN.md §5).
// Ratings and principals have no default: nobody published a figure to invent from.
const DEFAULTS: ReadonlyMap<string, number> = new Map([
  [MEASURES.teachers, 49],
  [MEASURES.beginning, 15],
  [MEASURES.years0to3, 20.5],
  [MEASURES.years4to10, 30],
  [MEASURES.years11plus, 49.5],
  [MEASURES.fullyLicensed, 98.7],
  [MEASURES.provisional, 0.5],
  [MEASURES.lateralEntry, 0.6],
  [MEASURES.turnover, 11.1],
]);

export interface Figure {
  value: number;
  /** The published n, only for a figure published for this very school-year. */
  n: number | null;
  source: TargetSource;
}

interface Reported {
  value: number;
  n: number | null;
}

export class StaffingAggregates {
  // measure → school → year → reported figure
  private readonly reported = new Map<string, Map<string, Map<number, Reported>>>();
  // year → schools with any staffing row (reported, suppressed or missing) that year
  private readonly present = new Map<number, Set<string>>();
  private readonly medians = new Map<string, number | null>();

  constructor(values: readonly StaffingValue[]) {
    for (const v of values) {
      let schools = this.present.get(v.schoolYear);
      if (!schools) this.present.set(v.schoolYear, (schools = new Set()));
      schools.add(v.schoolId);
      if (v.status !== 'reported' || v.value === null || !Number.isFinite(v.value)) continue;
      let bySchool = this.reported.get(v.measureKey);
      if (!bySchool) this.reported.set(v.measureKey, (bySchool = new Map()));
      let byYear = bySchool.get(v.schoolId);
      if (!byYear) bySchool.set(v.schoolId, (byYear = new Map()));
      byYear.set(v.schoolYear, { value: v.value, n: v.n });
    }
  }

  years(): number[] {
    return [...this.present.keys()].sort((a, b) => a - b);
  }

  /** Schools with any staffing figure in the year, in id order (the order rows are generated). */
  schoolsIn(year: number): string[] {
    return [...(this.present.get(year) ?? [])].sort(compareIds);
  }

  published(key: string, schoolId: string, year: number): Reported | undefined {
    return this.reported.get(key)?.get(schoolId)?.get(year);
  }

  /** The figure for a school-year, falling back as described above; null if there is none. */
  resolve(key: string, schoolId: string, year: number, notes: Notes): Figure | null {
    const own = this.published(key, schoolId, year);
    if (own) return { value: own.value, n: own.n, source: 'published' };
    const note = { schoolId, schoolYear: year, measureKey: key };
    const nearest = this.nearestYear(key, schoolId, year);
    if (nearest) {
      notes.fallbacks.push({ ...note, source: 'nearest_year', ...nearest });
      return { value: nearest.value, n: null, source: 'nearest_year' };
    }
    const median = this.median(key, year);
    if (median !== null) {
      notes.fallbacks.push({ ...note, source: 'district_median', fromYear: null, value: median });
      return { value: median, n: null, source: 'district_median' };
    }
    const fallback = DEFAULTS.get(key);
    if (fallback === undefined) return null;
    notes.fallbacks.push({ ...note, source: 'default', fromYear: null, value: fallback });
    return { value: fallback, n: null, source: 'default' };
  }

  // The school's closest reported year; on a tie the later one, as the more recent figure.
  private nearestYear(key: string, schoolId: string, year: number) {
    let best: { fromYear: number; value: number } | null = null;
    for (const [y, r] of this.reported.get(key)?.get(schoolId) ?? []) {
      const d = Math.abs(y - year);
      const bestD = best ? Math.abs(best.fromYear - year) : Infinity;
      if (d < bestD || (d === bestD && best && y > best.fromYear))
        best = { fromYear: y, value: r.value };
    }
    return best;
  }

  // The median over the district's schools that year, else over all years.
  private median(key: string, year: number): number | null {
    const memo = `${key}|${year}`;
    if (!this.medians.has(memo)) {
      const sameYear: number[] = [];
      const allYears: number[] = [];
      for (const byYear of this.reported.get(key)?.values() ?? []) {
        for (const [y, r] of byYear) {
          allYears.push(r.value);
          if (y === year) sameYear.push(r.value);
        }
      }
      this.medians.set(memo, medianOf(sameYear.length > 0 ? sameYear : allYears));
    }
    return this.medians.get(memo) ?? null;
  }
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
