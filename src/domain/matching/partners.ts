// Partner-school matching (issue #6; DOMAIN.md §8, Shanghai's "Empowered Management", seed 000):
// every school that needs support is offered one partner among the district's strong schools,
// whose strengths match its needs, at a similar level and context, within the travel limit, no
// strong school taking more partners than its stated capacity — solved for all schools at once.
//
// Formulation (a transportation problem, AMO "Network Flows" §9.1, as a min-cost flow):
//   source →(cap 1) needing school i →(cap 1, cost c_ij) strong school j →(cap k_j) sink
// with an arc i→j only for a candidate pair: same level (a combined school pairs with every level), the
// context distance at most the setting, within the travel limit, not forbidden, and at least one
// area of need in which j is strong. Cost c_ij = −fit_ij + context_ij − cover, where
//   fit_ij = Σ over shared areas a of round(100 · (½ + ½·need_ia) · (½ + ½·strength_ja))
//            (25 points for a shared area at the margin, 100 for the deepest need met by the
//            greatest strength: a shared area counts most when both are pronounced),
//   context_ij = round(Euclidean distance in percentage points over poverty, EL and SWD shares),
//   cover = a constant larger than any difference in fit and context a matching can make, when
//           the setting asks that as many schools as possible get a partner ('all_possible'):
//           the solver then first maximises the number of pairs, then the fit (lexicographic).
// Pins are decided before the solve (the pair is fixed and takes one unit of capacity);
// forbids remove the arc. Each needing school gets at most one partner. Solved by
// solveTransportation (transportation.ts: one shortest-path search per needing school); the
// network above is what buildPartnerNetwork writes for HiGHS (docs/decisions/010-matching.md).
import { badRequest } from '../shared/errors.ts';
import { distanceKm, sameCity } from './geo.ts';
import { FlowNetwork } from './min-cost-flow.ts';
import { solveTransportation, type TransportationProblem } from './transportation.ts';
import { areaKey, type Area, type Location, type Pair, type SchoolContext } from './types.ts';
import type { SchoolLevel } from './types.ts';

export interface PartnerCandidate {
  id: string;
  name: string;
  level: SchoolLevel;
  context: SchoolContext;
  location: Location;
}

export interface NeedingSchool extends PartnerCandidate {
  needs: Area[];
}

export interface StrongSchool extends PartnerCandidate {
  /** Most schools it will partner with. */
  capacity: number;
  strengths: Area[];
}

export type TravelLimit = { kind: 'km'; km: number } | { kind: 'same_city' } | { kind: 'none' };

export interface PartnerSettings {
  travelLimit: TravelLimit;
  /** Most context distance, in percentage points. */
  maxContextDistance: number;
  coverage: 'all_possible' | 'best_fit_only';
  /** from = needing school, to = strong school. */
  pins: Pair[];
  forbids: Pair[];
}

export const DEFAULT_PARTNER_SETTINGS: PartnerSettings = {
  travelLimit: { kind: 'none' },
  maxContextDistance: 25,
  coverage: 'all_possible',
  pins: [],
  forbids: [],
};

export interface SharedArea {
  measure: string;
  group: string;
  label: string;
  need: number;
  strength: number;
  points: number;
}

export interface CandidatePair {
  needingId: string;
  partnerId: string;
  fit: number;
  contextDistance: number;
  km: number | null;
  shared: SharedArea[];
}

export interface PartnerPair extends CandidatePair {
  needingName: string;
  partnerName: string;
  isPinned: boolean;
  /** −fit + context: lower is better. */
  cost: number;
  reasons: string[];
}

export interface PartnerMatch {
  pairs: PartnerPair[];
  unmatched: Array<{ id: string; name: string; reason: string }>;
  partners: Array<{ id: string; name: string; capacity: number; used: number }>;
  /** Σ cost over the pairs (pinned included); lower is better. */
  objective: number;
  candidatePairs: number;
  method: string;
}

const LEVEL_WORD: Record<SchoolLevel, string> = {
  elementary: 'elementary',
  middle: 'middle',
  high: 'high',
  combined: 'combined',
  other: 'other',
};

export function levelsCompatible(a: SchoolLevel, b: SchoolLevel): boolean {
  return a === b || a === 'combined' || b === 'combined';
}

/** Euclidean distance over the context shares both schools report, in percentage points. */
export function contextDistance(a: SchoolContext, b: SchoolContext): number {
  // Written out rather than looped over the keys: called for every candidate pair.
  let sum = 0;
  if (a.econDisadv !== null && b.econDisadv !== null) sum += (a.econDisadv - b.econDisadv) ** 2;
  if (a.el !== null && b.el !== null) sum += (a.el - b.el) ** 2;
  if (a.swd !== null && b.swd !== null) sum += (a.swd - b.swd) ** 2;
  return Math.sqrt(sum);
}

export function withinTravelLimit(
  limit: TravelLimit,
  a: Location,
  b: Location,
): { ok: boolean; km: number | null } {
  const km = distanceKm(a, b);
  if (limit.kind === 'none') return { ok: true, km };
  if (limit.kind === 'same_city') return { ok: sameCity(a, b), km };
  return { ok: km !== null && km <= limit.km, km };
}

export function sharedAreas(needs: readonly Area[], strengths: readonly Area[]): SharedArea[] {
  return sharedAreasWith(needs, new Map(strengths.map((a) => [areaKey(a), a])));
}

/** The pairs allowed by level, context, travel and forbids, with at least one shared area. */
export function listCandidatePairs(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  settings: PartnerSettings,
): CandidatePair[] {
  const found = findCandidates(needing, strong, settings);
  return Array.from({ length: found.count }, (_, k) => candidateAt(found, needing, strong, k));
}

/** The candidate pairs as numbers; candidateAt builds a pair's object when it is wanted. */
interface FoundCandidates {
  count: number;
  /** Per pair: the index of its needing school and of its strong school in the inputs. */
  needIndex: Int32Array;
  strongIndex: Int32Array;
  fit: Float64Array;
  contextDistance: Float64Array;
  areas: PackedAreas;
}

function candidateAt(
  found: FoundCandidates,
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  k: number,
): CandidatePair {
  const i = found.needIndex[k] as number;
  const n = needing[i] as NeedingSchool;
  const s = strong[found.strongIndex[k] as number] as StrongSchool;
  return {
    needingId: n.id,
    partnerId: s.id,
    fit: found.fit[k] as number,
    contextDistance: found.contextDistance[k] as number,
    km: distanceKm(n.location, s.location),
    shared: sharedFromIds(found.areas, n.needs, i, found.strongIndex[k] as number),
  };
}

/**
 * The candidate pairs, found cheaply (issue #6's speed target): every school's level, context,
 * place and areas are packed once into typed arrays, and each pair is first put through
 * necessary conditions that cost a few arithmetic operations (`prefilter`). Those only ever let
 * through more pairs than the definitions would (each has a margin far above the rounding
 * error), and every pair that passes is then tested exactly by the definitions
 * (contextDistance, the travel limit as withinTravelLimit, the shared areas) in `exactFit`, so
 * the list is exactly the pairs the definitions allow. No object is built per pair: the solver
 * needs only numbers, and matchPartners builds objects for the pairs it returns. The work is
 * split into small functions on purpose: V8 optimises a small hot function within the first
 * call, while a large one waits (hundreds of ms on a busy machine) for its compile.
 */
function findCandidates(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  settings: PartnerSettings,
): FoundCandidates {
  const areas = packAreas(needing, strong);
  const packed = packSchools(needing, strong, settings.travelLimit, settings.maxContextDistance);
  const forbidden = forbiddenPairs(needing, strong, settings.forbids);
  const limit = settings.travelLimit;
  // 1° of latitude ≥ 110.5 km and d ≥ R·|Δφ| (haversine): under a km limit only strong schools
  // in this band of latitude around the needing school can qualify.
  const band = limit.kind === 'km' ? limit.km / 110.5 : 0;
  const { lats } = packed;
  const passed = new Int32Array(packed.order.length);
  const rows: number[] = [];
  const cols: number[] = [];
  const fits: number[] = [];
  const contexts: number[] = [];
  const context: [number] = [0];
  for (let i = 0; i < needing.length; i++) {
    if ((areas.needMask[i] as number) === 0) continue; // no need any strong school is strong in
    let count = 0;
    if (lats === null) {
      count = prefilter(
        packed,
        areas.needMask,
        areas.strongMask,
        i,
        0,
        packed.order.length,
        passed,
        0,
      );
    } else {
      if ((packed.located[i] as number) === 0) continue; // no distance: no pair
      const lat = packed.lat[i] as number;
      const li = packed.level[i] as number;
      for (let code = 0; code < LEVEL_COUNT; code++) {
        if (li !== COMBINED && code !== li && code !== COMBINED) continue;
        const start = packed.levelStart[code] as number;
        const end = packed.levelStart[code + 1] as number;
        const from = lowerBound(lats, lat - band, start, end);
        const to = lowerBound(lats, lat + band + 1e-12, from, end);
        count = prefilter(packed, areas.needMask, areas.strongMask, i, from, to, passed, count);
      }
    }
    for (let q = 0; q < count; q++) {
      const j = passed[q] as number;
      const fit = exactFit(needing, strong, areas, settings, forbidden, i, j, context);
      if (fit < 0) continue;
      rows.push(i);
      cols.push(j);
      fits.push(fit);
      contexts.push(context[0]);
    }
  }
  return {
    count: rows.length,
    needIndex: Int32Array.from(rows),
    strongIndex: Int32Array.from(cols),
    fit: Float64Array.from(fits),
    contextDistance: Float64Array.from(contexts),
    areas,
  };
}

/** Areas interned to small integers; only areas some strong school has can ever be shared. */
interface PackedAreas {
  /** Needing school i's needs, in order: area ids needArea[needStart[i] .. needStart[i+1]). */
  needStart: Int32Array;
  needArea: Int32Array;
  needWeight: Float64Array;
  strongStart: Int32Array;
  strongArea: Int32Array;
  strongWeight: Float64Array;
  /** Bit (id mod 32) set for each area: disjoint masks mean no shared area. */
  needMask: Int32Array;
  strongMask: Int32Array;
}

function packAreas(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
): PackedAreas {
  // Keyed by measure, then group: no key string is built per area.
  const ids = new Map<string, Map<string, number>>();
  let next = 0;
  const strongStart = new Int32Array(strong.length + 1);
  const strongArea: number[] = [];
  const strongWeight: number[] = [];
  const strongMask = new Int32Array(strong.length);
  for (let j = 0; j < strong.length; j++) {
    const start = strongArea.length;
    let mask = 0;
    for (const a of (strong[j] as StrongSchool).strengths) {
      let byGroup = ids.get(a.measure);
      if (byGroup === undefined) ids.set(a.measure, (byGroup = new Map()));
      let id = byGroup.get(a.group);
      if (id === undefined) byGroup.set(a.group, (id = next++));
      // A strength listed twice counts once, with its last weight (as a Map keyed by area).
      let k = start;
      while (k < strongArea.length && strongArea[k] !== id) k++;
      if (k < strongArea.length) strongWeight[k] = a.weight;
      else {
        strongArea.push(id);
        strongWeight.push(a.weight);
      }
      mask |= 1 << (id & 31);
    }
    strongMask[j] = mask;
    strongStart[j + 1] = strongArea.length;
  }
  const needStart = new Int32Array(needing.length + 1);
  const needArea: number[] = [];
  const needWeight: number[] = [];
  const needMask = new Int32Array(needing.length);
  for (let i = 0; i < needing.length; i++) {
    let mask = 0;
    for (const a of (needing[i] as NeedingSchool).needs) {
      const id = ids.get(a.measure)?.get(a.group) ?? -1;
      needArea.push(id);
      needWeight.push(a.weight);
      if (id >= 0) mask |= 1 << (id & 31);
    }
    needMask[i] = mask;
    needStart[i + 1] = needArea.length;
  }
  return {
    needStart,
    needArea: Int32Array.from(needArea),
    needWeight: Float64Array.from(needWeight),
    strongStart,
    strongArea: Int32Array.from(strongArea),
    strongWeight: Float64Array.from(strongWeight),
    needMask,
    strongMask,
  };
}

const LEVEL_CODE: Record<SchoolLevel, number> = {
  elementary: 0,
  middle: 1,
  high: 2,
  combined: 3,
  other: 4,
};
const COMBINED = LEVEL_CODE.combined;
const LEVEL_COUNT = 5;
const TRAVEL_NONE = 0;
const TRAVEL_KM = 1;
const TRAVEL_CITY = 2;
const EARTH_RADIUS_KM = 6371.0088; // as in geo.ts; for the prefilter's bound only
const RAD = Math.PI / 180;

/** Levels, contexts and places in typed arrays; index k < m a needing school, m + j strong j. */
interface PackedSchools {
  m: number;
  /** The strong schools to look at (under a km limit: those with coordinates, by latitude). */
  order: Int32Array;
  /** Their latitudes, ascending within each level, under a km limit; otherwise null. */
  lats: Float64Array | null;
  /** Under a km limit, where each level's schools start in `order` (see packSchools). */
  levelStart: Int32Array;
  level: Int32Array;
  /** Econ. disadvantaged, EL and SWD shares, 3 per school, and a bit per share reported. */
  ctx: Float64Array;
  present: Int32Array;
  travel: number;
  located: Uint8Array;
  lat: Float64Array;
  /** Unit vectors on the sphere, 3 per school (km limit). */
  unit: Float64Array;
  chordBound: number;
  /** Town ids (same-town limit), −1 for none. */
  city: Int32Array;
  ctxBound: number;
}

function packSchools(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  limit: TravelLimit,
  maxContextDistance: number,
): PackedSchools {
  const m = needing.length;
  const total = m + strong.length;
  const at = (k: number): PartnerCandidate =>
    k < m ? (needing[k] as NeedingSchool) : (strong[k - m] as StrongSchool);
  const level = new Int32Array(total);
  const ctx = new Float64Array(3 * total);
  const present = new Int32Array(total);
  const located = new Uint8Array(total);
  const lat = new Float64Array(total);
  const travel =
    limit.kind === 'km' ? TRAVEL_KM : limit.kind === 'same_city' ? TRAVEL_CITY : TRAVEL_NONE;
  const unit = new Float64Array(travel === TRAVEL_KM ? 3 * total : 0);
  const city = new Int32Array(travel === TRAVEL_CITY ? total : 0);
  const cityId = new Map<string, number>();
  for (let k = 0; k < total; k++) {
    const s = at(k);
    level[k] = LEVEL_CODE[s.level] ?? LEVEL_CODE.other;
    const { econDisadv, el, swd } = s.context;
    let bits = 0;
    if (econDisadv !== null) {
      ctx[3 * k] = econDisadv;
      bits |= 1;
    }
    if (el !== null) {
      ctx[3 * k + 1] = el;
      bits |= 2;
    }
    if (swd !== null) {
      ctx[3 * k + 2] = swd;
      bits |= 4;
    }
    present[k] = bits;
    const { latitude, longitude } = s.location;
    if (latitude !== null && longitude !== null) {
      located[k] = 1;
      lat[k] = latitude;
      if (travel === TRAVEL_KM) {
        const phi = latitude * RAD;
        const lambda = longitude * RAD;
        unit[3 * k] = Math.cos(phi) * Math.cos(lambda);
        unit[3 * k + 1] = Math.cos(phi) * Math.sin(lambda);
        unit[3 * k + 2] = Math.sin(phi);
      }
    }
    if (travel === TRAVEL_CITY) {
      const name = (s.location.city ?? '').trim().toLowerCase(); // as sameCity
      let id = -1;
      if (name !== '') {
        id = cityId.get(name) ?? cityId.size;
        if (id === cityId.size) cityId.set(name, id);
      }
      city[k] = id;
    }
  }
  let order: Int32Array;
  let lats: Float64Array | null = null;
  // Under a km limit: the strong schools of level code c are order[levelStart[c] ..
  // levelStart[c + 1]); levelStart[LEVEL_COUNT] is the end.
  const levelStart = new Int32Array(LEVEL_COUNT + 1).fill(-1);
  levelStart[LEVEL_COUNT] = strong.length;
  let chordBound = Infinity;
  if (limit.kind === 'km') {
    const ids: number[] = [];
    for (let j = 0; j < strong.length; j++) if (located[m + j] === 1) ids.push(j);
    // By level, then latitude: a needing school scans the band of its own level and of the
    // combined schools only (levelsCompatible), a third of the pairs at NYC's mix of levels.
    ids.sort(
      (a, b) =>
        (level[m + a] as number) - (level[m + b] as number) ||
        (lat[m + a] as number) - (lat[m + b] as number),
    );
    order = Int32Array.from(ids);
    lats = Float64Array.from(ids, (j) => lat[m + j] as number);
    levelStart[LEVEL_COUNT] = ids.length;
    for (let k = ids.length - 1; k >= 0; k--)
      levelStart[level[m + (ids[k] as number)] as number] = k;
    for (let code = LEVEL_COUNT - 1; code >= 0; code--) {
      if ((levelStart[code] as number) < 0) levelStart[code] = levelStart[code + 1] as number;
    }
    // Haversine: d ≤ L ⇔ h ≤ sin²(L / 2R), and h = (chord between the unit vectors)² / 4 is the
    // same quantity computed another way (Sinnott 1984): compared with a wide relative margin.
    const half = limit.km / (2 * EARTH_RADIUS_KM);
    if (half < Math.PI / 2) chordBound = 4 * Math.sin(half) ** 2 * (1 + 1e-6) + 1e-15;
  } else {
    order = Int32Array.from(strong, (_, j) => j);
  }
  // sqrt(sum) > max ⇒ sum > max²; the margin keeps every pair the exact test would keep.
  const ctxBound = maxContextDistance * maxContextDistance * (1 + 1e-9) + 1e-9;
  return {
    m,
    order,
    lats,
    levelStart,
    level,
    ctx,
    present,
    travel,
    located,
    lat,
    unit,
    chordBound,
    city,
    ctxBound,
  };
}

/**
 * The strong schools order[from..to) that pass the necessary conditions for needing school i
 * (level, area mask, chord or town, squared context distance), written to `out`; their count.
 */
function prefilter(
  P: PackedSchools,
  needMask: Int32Array,
  strongMask: Int32Array,
  i: number,
  from: number,
  to: number,
  out: Int32Array,
  /** Pairs already in `out`: new ones are appended after them. */
  start: number,
): number {
  const { order, level, ctx, present, unit, city, m, travel, chordBound, ctxBound } = P;
  const li = level[i] as number;
  const mask = needMask[i] as number;
  const pi = present[i] as number;
  const e0 = ctx[3 * i] as number;
  const e1 = ctx[3 * i + 1] as number;
  const e2 = ctx[3 * i + 2] as number;
  const ux = travel === TRAVEL_KM ? (unit[3 * i] as number) : 0;
  const uy = travel === TRAVEL_KM ? (unit[3 * i + 1] as number) : 0;
  const uz = travel === TRAVEL_KM ? (unit[3 * i + 2] as number) : 0;
  const ci = travel === TRAVEL_CITY ? (city[i] as number) : 0;
  let count = start;
  for (let k = from; k < to; k++) {
    const j = order[k] as number;
    const s = m + j;
    const lj = level[s] as number;
    if (li !== lj && li !== COMBINED && lj !== COMBINED) continue;
    if ((mask & (strongMask[j] as number)) === 0) continue;
    if (travel === TRAVEL_KM) {
      const dx = ux - (unit[3 * s] as number);
      const dy = uy - (unit[3 * s + 1] as number);
      const dz = uz - (unit[3 * s + 2] as number);
      if (dx * dx + dy * dy + dz * dz > chordBound) continue;
    } else if (travel === TRAVEL_CITY) {
      if (ci < 0 || ci !== city[s]) continue;
    }
    const both = pi & (present[s] as number);
    let sum = 0;
    if ((both & 1) !== 0) {
      const d = e0 - (ctx[3 * s] as number);
      sum += d * d;
    }
    if ((both & 2) !== 0) {
      const d = e1 - (ctx[3 * s + 1] as number);
      sum += d * d;
    }
    if ((both & 4) !== 0) {
      const d = e2 - (ctx[3 * s + 2] as number);
      sum += d * d;
    }
    if (sum > ctxBound) continue;
    out[count++] = j;
  }
  return count;
}

/** Forbidden pairs as integers i·strong + j (null when there are none). */
function forbiddenPairs(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  forbids: readonly Pair[],
): Set<number> | null {
  if (forbids.length === 0) return null;
  const needIdx = new Map(needing.map((n, i) => [n.id, i]));
  const strongIdx = new Map(strong.map((s, j) => [s.id, j]));
  const out = new Set<number>();
  for (const f of forbids) {
    const i = needIdx.get(f.from);
    const j = strongIdx.get(f.to);
    if (i !== undefined && j !== undefined) out.add(i * strong.length + j);
  }
  return out;
}

/**
 * The fit of pair (i, j) if the definitions allow it — the exact tests — else −1; its context
 * distance in context[0].
 */
function exactFit(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  A: PackedAreas,
  settings: PartnerSettings,
  forbidden: Set<number> | null,
  i: number,
  j: number,
  context: [number],
): number {
  let fit = 0;
  let shared = false;
  for (let k = A.needStart[i] as number; k < (A.needStart[i + 1] as number); k++) {
    const id = A.needArea[k] as number;
    const at = id >= 0 ? strengthAt(A, j, id) : -1;
    if (at < 0) continue;
    shared = true;
    fit += areaPoints(A.needWeight[k] as number, A.strongWeight[at] as number);
  }
  if (!shared) return -1;
  const n = needing[i] as NeedingSchool;
  const s = strong[j] as StrongSchool;
  if (s.id === n.id || (forbidden !== null && forbidden.has(i * strong.length + j))) return -1;
  const ctx = contextDistance(n.context, s.context);
  if (ctx > settings.maxContextDistance) return -1;
  if (!travelOk(settings.travelLimit, n.location, s.location)) return -1;
  context[0] = ctx;
  return fit;
}

/** withinTravelLimit(…).ok, without building the result object. */
function travelOk(limit: TravelLimit, a: Location, b: Location): boolean {
  if (limit.kind === 'none') return true;
  if (limit.kind === 'same_city') return sameCity(a, b);
  const km = distanceKm(a, b);
  return km !== null && km <= limit.km;
}

/** A shared area's points: 25 at the margin, 100 for the deepest need met by the greatest strength. */
const areaPoints = (need: number, strength: number) =>
  Math.round(100 * (0.5 + 0.5 * need) * (0.5 + 0.5 * strength));

/** Where strong school j's strength in area `id` is kept, or −1. */
function strengthAt(A: PackedAreas, j: number, id: number): number {
  for (let k = A.strongStart[j] as number; k < (A.strongStart[j + 1] as number); k++) {
    if (A.strongArea[k] === id) return k;
  }
  return -1;
}

/** As sharedAreasWith: each need (in order) the partner is strong in, best first. */
function sharedFromIds(A: PackedAreas, needs: readonly Area[], i: number, j: number): SharedArea[] {
  const start = A.needStart[i] as number;
  const shared: SharedArea[] = [];
  for (let k = start; k < (A.needStart[i + 1] as number); k++) {
    const id = A.needArea[k] as number;
    const at = id >= 0 ? strengthAt(A, j, id) : -1;
    if (at < 0) continue;
    const need = needs[k - start] as Area;
    const strength = A.strongWeight[at] as number;
    shared.push({
      measure: need.measure,
      group: need.group,
      label: need.label,
      need: need.weight,
      strength,
      points: areaPoints(need.weight, strength),
    });
  }
  return shared.sort((x, y) => y.points - x.points);
}

/** The first index in [lo, hi) of the ascending `sorted` whose value is ≥ value (else hi). */
function lowerBound(sorted: Float64Array, value: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sharedAreasWith(needs: readonly Area[], strong: ReadonlyMap<string, Area>): SharedArea[] {
  const shared: SharedArea[] = [];
  for (const need of needs) {
    const s = strong.get(areaKey(need));
    if (!s) continue;
    const points = Math.round(100 * (0.5 + 0.5 * need.weight) * (0.5 + 0.5 * s.weight));
    shared.push({
      measure: need.measure,
      group: need.group,
      label: need.label,
      need: need.weight,
      strength: s.weight,
      points,
    });
  }
  return shared.sort((x, y) => y.points - x.points);
}

function describePair(n: NeedingSchool, s: StrongSchool, settings: PartnerSettings) {
  const shared = sharedAreas(n.needs, s.strengths);
  const ctx = contextDistance(n.context, s.context);
  const travel = withinTravelLimit(settings.travelLimit, n.location, s.location);
  return {
    travelOk: travel.ok,
    candidate: {
      needingId: n.id,
      partnerId: s.id,
      fit: shared.reduce((t, a) => t + a.points, 0),
      contextDistance: ctx,
      km: travel.km,
      shared,
    } satisfies CandidatePair,
  };
}

export const pairCost = (p: Pick<CandidatePair, 'fit' | 'contextDistance'>) =>
  -p.fit + Math.round(p.contextDistance);

export interface PartnerNetwork {
  net: FlowNetwork;
  source: number;
  sink: number;
  /** arc index → candidate pair, for the pair arcs. */
  pairArcs: Map<number, CandidatePair>;
  cover: number;
}

/**
 * The constant taken off every pair's cost under 'all_possible': the widest spread of pair costs
 * one school can see, times the schools, plus one. No change of partners can gain more than
 * this, so one more pair always wins (lexicographic); 0 under 'best_fit_only'.
 */
export function coverConstant(
  candidates: readonly Pick<CandidatePair, 'fit' | 'contextDistance'>[],
  needingCount: number,
  coverage: PartnerSettings['coverage'],
): number {
  let spread = 0;
  for (const c of candidates) spread = Math.max(spread, Math.abs(pairCost(c)));
  return coverFromSpread(spread, needingCount, coverage);
}

function coverFromSpread(spread: number, needingCount: number, coverage: string): number {
  return coverage === 'all_possible' ? 1 + 2 * spread * Math.max(1, needingCount) : 0;
}

/**
 * The flow network of the unpinned schools, as in decision 010 — what HiGHS is given in the
 * benchmark and the tests; matchPartners solves the same problem with solveTransportation.
 */
export function buildPartnerNetwork(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  candidates: readonly CandidatePair[],
  capacityLeft: ReadonlyMap<string, number>,
  coverage: PartnerSettings['coverage'],
): PartnerNetwork {
  const needIndex = new Map(needing.map((n, i) => [n.id, 1 + i]));
  const strongIndex = new Map(strong.map((s, j) => [s.id, 1 + needing.length + j]));
  const sink = 1 + needing.length + strong.length;
  const net = new FlowNetwork(sink + 1, needing.length + strong.length + candidates.length);
  const cover = coverConstant(candidates, needing.length, coverage);
  for (const n of needing) net.addArc(0, needIndex.get(n.id) ?? 0, 1, 0);
  for (const s of strong) {
    net.addArc(strongIndex.get(s.id) ?? 0, sink, Math.max(0, capacityLeft.get(s.id) ?? 0), 0);
  }
  const pairArcs = new Map<number, CandidatePair>();
  for (const c of candidates) {
    const from = needIndex.get(c.needingId);
    const to = strongIndex.get(c.partnerId);
    if (from === undefined || to === undefined) continue;
    pairArcs.set(net.addArc(from, to, 1, pairCost(c) - cover), c);
  }
  return { net, source: 0, sink, pairArcs, cover };
}

/**
 * The transportation problem of the unpinned schools: row i = free needing school i, column j =
 * strong school j (capacity what pins left), arc a = candidate pair a at cost pairCost − cover.
 */
function partnerProblem(
  found: FoundCandidates,
  rows: number,
  strong: readonly StrongSchool[],
  capacityLeft: ReadonlyMap<string, number>,
  coverage: PartnerSettings['coverage'],
): TransportationProblem {
  const cost = new Float64Array(found.count);
  for (let k = 0; k < found.count; k++) {
    cost[k] = pairCost({
      fit: found.fit[k] as number,
      contextDistance: found.contextDistance[k] as number,
    });
  }
  let spread = 0;
  for (let k = 0; k < found.count; k++) spread = Math.max(spread, Math.abs(cost[k] as number));
  const cover = coverFromSpread(spread, rows, coverage);
  // Under 'best_fit_only' a pair is made only where its fit *outweighs* its context distance,
  // so among equally good matchings the one with fewest pairs is wanted (what stopping at the
  // first path of cost ≥ 0 gave). Each arc costs W·cost + 1 with W = rows + 1: a matching's
  // cost becomes W·cost + pairs with pairs < W, so a strictly better cost still wins and ties
  // go to fewer pairs. Under 'all_possible' the number of pairs is already the most possible.
  const w = coverage === 'best_fit_only' ? rows + 1 : 1;
  const tie = coverage === 'best_fit_only' ? 1 : 0;
  return {
    rows,
    columns: strong.length,
    capacity: Float64Array.from(strong, (s) => Math.max(0, capacityLeft.get(s.id) ?? 0)),
    arcRow: found.needIndex,
    arcColumn: found.strongIndex,
    arcCost: cost.map((c) => (c - cover) * w + tie),
  };
}

const NAME_ORDER = new Intl.Collator();

/** The solver's input for the benchmark's "solve only" row: what matchPartners solves. */
export function preparePartnerProblem(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  settings: PartnerSettings,
): TransportationProblem {
  const capacity = new Map(strong.map((s) => [s.id, Math.max(0, Math.floor(s.capacity))]));
  const found = findCandidates(needing, strong, settings);
  return partnerProblem(found, needing.length, strong, capacity, settings.coverage);
}

export function matchPartners(
  needing: readonly NeedingSchool[],
  strong: readonly StrongSchool[],
  settings: PartnerSettings,
): PartnerMatch {
  const needById = new Map(needing.map((n) => [n.id, n]));
  const strongById = new Map(strong.map((s) => [s.id, s]));
  const capacityLeft = new Map(strong.map((s) => [s.id, Math.max(0, Math.floor(s.capacity))]));
  const forbidden = new Set(settings.forbids.map((f) => `${f.from}\u0000${f.to}`));
  const pairs: PartnerPair[] = [];
  const pinnedNeeding = new Set<string>();
  for (const pin of settings.pins) {
    const n = needById.get(pin.from);
    const s = strongById.get(pin.to);
    if (!n) throw badRequest(`Pinned school ${pin.from} is not among the schools needing support.`);
    if (!s) throw badRequest(`Pinned partner ${pin.to} is not among the strong schools.`);
    if (pinnedNeeding.has(n.id)) throw badRequest(`${n.name} is pinned to more than one partner.`);
    if (forbidden.has(`${n.id}\u0000${s.id}`)) {
      throw badRequest(`${n.name} – ${s.name} is both pinned and forbidden.`);
    }
    const left = capacityLeft.get(s.id) ?? 0;
    if (left < 1) throw badRequest(`${s.name} has more pins than its capacity.`);
    capacityLeft.set(s.id, left - 1);
    pinnedNeeding.add(n.id);
    const described = describePair(n, s, settings);
    pairs.push(present(described.candidate, n, s, true, settings, described.travelOk));
  }
  const free = needing.filter((n) => !pinnedNeeding.has(n.id));
  const found = findCandidates(free, strong, settings);
  const solved = solveTransportation(
    partnerProblem(found, free.length, strong, capacityLeft, settings.coverage),
  );
  const matched = new Set(pinnedNeeding);
  for (let i = 0; i < free.length; i++) {
    const arc = solved.rowArc[i] as number;
    if (arc < 0) continue;
    const n = free[i] as NeedingSchool;
    const s = strong[found.strongIndex[arc] as number] as StrongSchool;
    matched.add(n.id);
    pairs.push(present(candidateAt(found, free, strong, arc), n, s, false, settings, true));
  }
  const used = new Map<string, number>();
  for (const p of pairs) used.set(p.partnerId, (used.get(p.partnerId) ?? 0) + 1);
  const hasCandidate = new Set<string>();
  for (let k = 0; k < found.count; k++) {
    hasCandidate.add((free[found.needIndex[k] as number] as NeedingSchool).id);
  }
  // The order of localeCompare (ECMA-402: it constructs an Intl.Collator with the same
  // arguments), without constructing a collator for every comparison.
  pairs.sort((a, b) => NAME_ORDER.compare(a.needingName, b.needingName));
  return {
    pairs,
    unmatched: needing
      .filter((n) => !matched.has(n.id))
      .map((n) => ({
        id: n.id,
        name: n.name,
        reason: hasCandidate.has(n.id)
          ? 'Every strong school that suits it is at capacity with schools it suits as well or better.'
          : 'No strong school at its level is strong in its areas of need within the travel and context limits.',
      })),
    partners: strong.map((s) => ({
      id: s.id,
      name: s.name,
      capacity: s.capacity,
      used: used.get(s.id) ?? 0,
    })),
    objective: pairs.reduce((t, p) => t + p.cost, 0),
    candidatePairs: found.count,
    method: describeMethod(settings),
  };
}

function labels(shared: readonly SharedArea[]): string {
  let out = '';
  for (const a of shared) out = out === '' ? a.label : `${out}; ${a.label}`;
  return out;
}

function present(
  c: CandidatePair,
  n: NeedingSchool,
  s: StrongSchool,
  isPinned: boolean,
  settings: PartnerSettings,
  travelOk: boolean,
): PartnerPair {
  const reasons: string[] = [];
  if (isPinned) reasons.push('Pinned by the district.');
  if (c.shared.length > 0) {
    reasons.push(
      `Strong where ${n.name} needs support: ${labels(c.shared)} (fit ${c.fit} points).`,
    );
  } else {
    reasons.push(`No shared area of need and strength (fit 0 points).`);
  }
  reasons.push(
    levelsCompatible(n.level, s.level)
      ? `Same level: ${LEVEL_WORD[n.level]} and ${LEVEL_WORD[s.level]}.`
      : `Different levels: ${LEVEL_WORD[n.level]} and ${LEVEL_WORD[s.level]}.`,
  );
  reasons.push(
    `Similar students: context distance ${c.contextDistance.toFixed(1)} percentage points (poverty, English learners, disabilities; limit ${settings.maxContextDistance}).`,
  );
  if (c.km !== null) reasons.push(`${c.km.toFixed(1)} km apart in a straight line.`);
  if (settings.travelLimit.kind === 'same_city') {
    reasons.push(
      travelOk ? `Both in ${n.location.city ?? 'the same town'}.` : 'Not in the same town.',
    );
  }
  if (!travelOk) reasons.push('Outside the travel limit (kept because it is pinned).');
  // Fields written out (same order as the spread would give): cheaper than spreading `c`.
  return {
    needingId: c.needingId,
    partnerId: c.partnerId,
    fit: c.fit,
    contextDistance: c.contextDistance,
    km: c.km,
    shared: c.shared,
    needingName: n.name,
    partnerName: s.name,
    isPinned,
    cost: pairCost(c),
    reasons,
  };
}

function describeMethod(settings: PartnerSettings): string {
  const travel =
    settings.travelLimit.kind === 'km'
      ? `within ${settings.travelLimit.km} km in a straight line`
      : settings.travelLimit.kind === 'same_city'
        ? 'in the same town (the address’s city)'
        : 'with no travel limit';
  const coverage =
    settings.coverage === 'all_possible'
      ? 'as many schools as possible get a partner; among those matchings, the best total fit'
      : 'a school gets a partner only where the fit outweighs the difference in context';
  return `Optimal matching for all schools at once (minimum-cost flow): each school needing support gets at most one partner, each strong school no more than its capacity; pairs only at the same level, ${travel}, with a context distance of at most ${settings.maxContextDistance} percentage points and at least one area where the partner is strong and the school needs support; ${coverage}. Fit: for each shared area, 25–100 points by how far below the school is and how far above the partner is; minus 1 point per percentage point of context distance.`;
}
