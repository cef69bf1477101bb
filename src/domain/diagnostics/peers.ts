// Schools like mine (DOMAIN.md §4 "comparison group"): each school's k nearest demographic
// peers and where it stands among them. Texas compares each campus with 40 demographically
// matched campuses, so k defaults to 40; California's similar-schools rank used 100.
//
// Peers are of the same level (an elementary school is not compared with a high school) and
// the same school year. Distance is Euclidean on standardized features — log enrollment (size
// matters by ratio: 200 vs 400 students is as different as 1,000 vs 2,000), % economically
// disadvantaged, % EL and % SWD — each turned into a z-score within the level and year so that
// no feature wins by its units. Equal distances are broken by school id, so the list is the
// same on every run. A school without a poverty figure gets no peers (poverty is the feature
// results depend on most, DOMAIN.md §4); another missing feature is set to the level's mean
// and named in `imputed`.
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import type { StudentGroup } from '../shared/catalogue.ts';
import { buildKdTree, createNearestSearch } from './kd-tree.ts';
import {
  formatNumber,
  formatSigned,
  formatValue,
  isHigherBetter,
  measureLabel,
  ordinal,
} from './format.ts';
import { medianInPlace } from './stats.ts';
import { MEASURE, figureOf, reportedValue, usableValue, type SchoolYearFigures } from './types.ts';

export const PEER_FEATURES = [
  'log_enrollment',
  MEASURE.econDisadv,
  MEASURE.el,
  MEASURE.swd,
] as const;
export type PeerFeature = (typeof PEER_FEATURES)[number];

export const DEFAULT_PEER_COUNT = 40;

export interface PeerSet {
  schoolId: string;
  year: number;
  /** Nearest first. Parallel to `distances` (columns rather than objects: a state has 9,000
   * schools × 40 peers, and every object costs). */
  peerIds: string[];
  /** Distance in standard deviations of the level's schools. */
  distances: number[];
  /** Features the school lacks, set to its level's mean. */
  imputed: PeerFeature[];
  /** Why a school has no peers, when it has none. */
  note: string | null;
}

function featureValue(row: SchoolYearFigures, feature: PeerFeature): number | null {
  if (feature === 'log_enrollment') {
    const enrollment = reportedValue(figureOf(row, MEASURE.enrollment));
    return enrollment !== null && enrollment > 0 ? Math.log(enrollment) : null;
  }
  return reportedValue(figureOf(row, feature));
}

/** Peers for every school in `rows`, within its level and year. Sorted as the input. */
export function findDemographicPeers(
  rows: readonly SchoolYearFigures[],
  options: { k?: number } = {},
): PeerSet[] {
  const k = options.k ?? DEFAULT_PEER_COUNT;
  const sets = new Map<SchoolYearFigures, PeerSet>();
  const cohorts = new Map<string, SchoolYearFigures[]>();
  for (const row of rows) {
    if (reportedValue(figureOf(row, MEASURE.econDisadv)) === null) {
      sets.set(row, {
        schoolId: row.schoolId,
        year: row.year,
        peerIds: [],
        distances: [],
        imputed: [],
        note: 'No % economically disadvantaged reported, so no demographic peers.',
      });
      continue;
    }
    const key = `${row.year}|${row.level}`;
    const list = cohorts.get(key);
    if (list === undefined) cohorts.set(key, [row]);
    else list.push(row);
  }

  const dims = PEER_FEATURES.length;
  for (const cohort of cohorts.values()) {
    cohort.sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
    const n = cohort.length;
    const raw = PEER_FEATURES.map((f) => cohort.map((row) => featureValue(row, f)));
    const coords = new Float64Array(n * dims);
    raw.forEach((values, d) => {
      const present = values.filter((v): v is number => v !== null);
      const mean = present.reduce((s, v) => s + v, 0) / Math.max(present.length, 1);
      const sd = Math.sqrt(
        present.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(present.length - 1, 1),
      );
      values.forEach((v, i) => {
        coords[i * dims + d] = v === null || !(sd > 0) ? 0 : (v - mean) / sd;
      });
    });
    const tree = buildKdTree(coords, dims);
    const rank = Int32Array.from({ length: n }, (_, i) => i);
    const search = createNearestSearch(tree, k, rank);
    const points = new Int32Array(k);
    const distances = new Float64Array(k);
    cohort.forEach((row, i) => {
      const found = search(i, points, distances);
      const peerIds = new Array<string>(found);
      const peerDistances = new Array<number>(found);
      for (let j = 0; j < found; j++) {
        peerIds[j] = cohort[points[j] ?? 0]?.schoolId ?? '';
        peerDistances[j] = Math.sqrt(distances[j] ?? 0);
      }
      sets.set(row, {
        schoolId: row.schoolId,
        year: row.year,
        peerIds,
        distances: peerDistances,
        imputed: PEER_FEATURES.filter((_, d) => raw[d]?.[i] === null),
        note: found === 0 ? `No other ${row.level} school to compare with in ${row.year}.` : null,
      });
    });
  }
  return rows.map(
    (row) =>
      sets.get(row) ?? {
        schoolId: row.schoolId,
        year: row.year,
        peerIds: [],
        distances: [],
        imputed: [],
        note: null,
      },
  );
}

export interface PeerStanding {
  schoolId: string;
  year: number;
  measure: string;
  value: number | null;
  /** 1 = best among the school and its peers with a figure; null without a figure. */
  rank: number | null;
  /** The school plus its peers with a usable figure. */
  of: number;
  /** Share of peers the school does better than (ties count half), 0–100. */
  percentile: number | null;
  peerMedian: number | null;
  /** Signed so that positive is better than the peer median. */
  differenceFromMedian: number | null;
  sentence: string;
}

/** Where each school stands among its peers on a measure, in the order of `peerSets`. */
export function rankAmongPeers(
  rows: readonly SchoolYearFigures[],
  peerSets: readonly PeerSet[],
  options: { measure: string; group?: StudentGroup; minimumN?: number; higherIsBetter?: boolean },
): PeerStanding[] {
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const direction = (options.higherIsBetter ?? isHigherBetter(options.measure)) ? 1 : -1;
  // year → school → usable value
  const byYear = new Map<number, Map<string, number>>();
  for (const row of rows) {
    const usable = usableValue(figureOf(row, options.measure, options.group), minimumN);
    if (!usable.ok) continue;
    let values = byYear.get(row.year);
    if (values === undefined) byYear.set(row.year, (values = new Map()));
    values.set(row.schoolId, usable.value);
  }
  const label = measureLabel(options.measure);
  // One scratch buffer for every school's peer figures (sorted in place for the median), so a
  // state-wide pass allocates nothing per school but its result.
  let scratch = new Float64Array(DEFAULT_PEER_COUNT);
  return peerSets.map((set) => {
    const valueOf = byYear.get(set.year);
    const value = valueOf?.get(set.schoolId) ?? null;
    if (scratch.length < set.peerIds.length) scratch = new Float64Array(set.peerIds.length);
    let count = 0;
    for (const id of set.peerIds) {
      const v = valueOf?.get(id);
      if (v !== undefined) scratch[count++] = v;
    }
    const peerValues = scratch.subarray(0, count);
    const peerMedian = count > 0 ? medianInPlace(peerValues) : null;
    if (value === null) {
      return {
        schoolId: set.schoolId,
        year: set.year,
        measure: options.measure,
        value: null,
        rank: null,
        of: count,
        percentile: null,
        peerMedian,
        differenceFromMedian: null,
        sentence: `No ${label} reported for ${set.year}, so no standing among peers.`,
      };
    }
    let better = 0;
    let tied = 0;
    for (const v of peerValues) {
      const cmp = direction * (v - value);
      if (cmp > 0) better++;
      else if (cmp === 0) tied++;
    }
    const of = peerValues.length + 1;
    const rank = better + 1;
    const percentile =
      peerValues.length > 0
        ? (100 * (peerValues.length - better - tied + tied / 2)) / peerValues.length
        : null;
    const differenceFromMedian = peerMedian === null ? null : direction * (value - peerMedian);
    const sentence =
      peerMedian === null || percentile === null || differenceFromMedian === null
        ? `${label} ${formatValue(options.measure, value)}: no peer has a figure to compare with.`
        : `${label} ${formatValue(options.measure, value)}: ${ordinal(rank)} of ${of} among schools like it (peer median ${formatValue(options.measure, peerMedian)}, ${formatSigned(differenceFromMedian)} points; better than ${formatNumber(percentile, 0)}% of its peers).`;
    return {
      schoolId: set.schoolId,
      year: set.year,
      measure: options.measure,
      value,
      rank,
      of,
      percentile,
      peerMedian,
      differenceFromMedian,
      sentence,
    };
  });
}
