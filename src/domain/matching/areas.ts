// Areas of need and of strength for partner matching (issue #6): a school needs support in an
// area (a measure for a student group) where it is in the bottom quarter of the schools at its
// level that report the area, and is strong where it is in the top quarter. Quartiles follow
// the diagnostics' plain reading ("needs more than 80% of schools", need-index.ts) and the
// federal habit of flagging the lowest-performing share (ESSA's bottom 5% for CSI is far too
// narrow for a partner's strengths; a quarter leaves every school some areas either way).
// Weight: how deep into the quarter, 0 at its edge and 1 at the extreme.
import type { Area, SchoolLevel } from './types.ts';

export interface AreaFigure {
  schoolId: string;
  level: SchoolLevel;
  measure: string;
  group: string;
  label: string;
  value: number;
  higherIsBetter: boolean;
}

/** Fewest schools at a level reporting an area before percentiles are drawn at all. */
export const MIN_SCHOOLS_FOR_PERCENTILES = 5;
export const QUARTER = 25;

export interface SchoolAreas {
  needs: Area[];
  strengths: Area[];
}

/** Mid-rank percentiles (0–100) of each figure among its level's figures of the same area. */
export function findAreas(figures: readonly AreaFigure[]): Map<string, SchoolAreas> {
  const groups = new Map<string, AreaFigure[]>();
  for (const f of figures) {
    const key = `${f.level}\u0000${f.measure}\u0000${f.group}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const out = new Map<string, SchoolAreas>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { needs: [], strengths: [] }));
    return e;
  };
  for (const list of groups.values()) {
    if (list.length < MIN_SCHOOLS_FOR_PERCENTILES) continue;
    // Better first becomes "higher percentile is better" whatever the measure's direction.
    const score = (f: AreaFigure) => (f.higherIsBetter ? f.value : -f.value);
    const sorted = [...list].sort((a, b) => score(a) - score(b));
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (
        j + 1 < sorted.length &&
        score(sorted[j + 1] as AreaFigure) === score(sorted[i] as AreaFigure)
      )
        j++;
      const percentile = (100 * ((i + j) / 2 + 0.5)) / sorted.length;
      for (let k = i; k <= j; k++) {
        const f = sorted[k];
        if (!f) continue;
        const area = { measure: f.measure, group: f.group, label: f.label };
        if (percentile <= QUARTER) {
          entry(f.schoolId).needs.push({ ...area, weight: (QUARTER - percentile) / QUARTER });
        } else if (percentile >= 100 - QUARTER) {
          entry(f.schoolId).strengths.push({
            ...area,
            weight: (percentile - (100 - QUARTER)) / QUARTER,
          });
        }
      }
      i = j + 1;
    }
  }
  return out;
}
