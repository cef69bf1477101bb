// Partner-school matching (issue #6; DOMAIN.md §8, Shanghai's "Empowered Management", seed 000):
// every school that needs support is offered one partner among the district's strong schools,
// whose strengths match its needs, at a similar level and context, within the travel limit, no
// strong school taking more partners than its stated capacity — solved for all schools at once.
//
// Formulation (a transportation problem, AMO "Network Flows" §9.1, as a min-cost flow):
//   source →(cap 1) needing school i →(cap 1, cost c_ij) strong school j →(cap k_j) sink
// with an arc i→j only for a candidate pair: same level (a combined school pairs with any), the
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
// forbids remove the arc. Each needing school gets at most one partner.
import { badRequest } from '../shared/errors.ts';
import { distanceKm, sameCity } from './geo.ts';
import { FlowNetwork } from './min-cost-flow.ts';
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
  let sum = 0;
  for (const key of ['econDisadv', 'el', 'swd'] as const) {
    const x = a[key];
    const y = b[key];
    if (x !== null && y !== null) sum += (x - y) ** 2;
  }
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
  const forbidden = new Set(settings.forbids.map((f) => `${f.from}\u0000${f.to}`));
  const strengthMaps = strong.map((s) => new Map(s.strengths.map((a) => [areaKey(a), a])));
  // Under a distance limit, only strong schools within the limit's band of latitude need the
  // full test: sorted by latitude, each school looks at a window (1° of latitude ≥ 110.5 km).
  const limitKm = settings.travelLimit.kind === 'km' ? settings.travelLimit.km : null;
  const order = strong.map((_, j) => j);
  const latOf = (j: number) => strong[j]?.location.latitude ?? null;
  const located = limitKm !== null && strong.every((s) => s.location.latitude !== null);
  if (located) order.sort((a, b) => (latOf(a) ?? 0) - (latOf(b) ?? 0));
  const lats = Float64Array.from(order, (j) => latOf(j) ?? 0);
  const out: CandidatePair[] = [];
  for (const n of needing) {
    let from = 0;
    let to = order.length;
    const lat = n.location.latitude;
    if (located && limitKm !== null && lat !== null) {
      const band = limitKm / 110.5;
      from = lowerBound(lats, lat - band);
      to = lowerBound(lats, lat + band + 1e-12);
    }
    for (let k = from; k < to; k++) {
      const j = order[k] ?? 0;
      const s = strong[j];
      // Cheapest tests first: level, context, distance; the shared areas last.
      if (!s || s.id === n.id || !levelsCompatible(n.level, s.level)) continue;
      const ctx = contextDistance(n.context, s.context);
      if (ctx > settings.maxContextDistance) continue;
      const travel = withinTravelLimit(settings.travelLimit, n.location, s.location);
      if (!travel.ok || forbidden.has(`${n.id}\u0000${s.id}`)) continue;
      const shared = sharedAreasWith(n.needs, strengthMaps[j] ?? new Map());
      if (shared.length === 0) continue;
      out.push({
        needingId: n.id,
        partnerId: s.id,
        fit: shared.reduce((t, a) => t + a.points, 0),
        contextDistance: ctx,
        km: travel.km,
        shared,
      });
    }
  }
  return out;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
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

/** The flow network of the unpinned schools (exported for the tests and the benchmark). */
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
  // The widest spread of pair costs one school can see, times the schools, plus one: no change
  // of partners can gain more than this, so one more pair always wins (lexicographic).
  let spread = 0;
  for (const c of candidates) spread = Math.max(spread, Math.abs(pairCost(c)));
  const cover = coverage === 'all_possible' ? 1 + 2 * spread * Math.max(1, needing.length) : 0;
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
  const candidates = listCandidatePairs(free, strong, settings);
  const built = buildPartnerNetwork(free, strong, candidates, capacityLeft, settings.coverage);
  const result = built.net.solve(built.source, built.sink);
  const matched = new Set(pinnedNeeding);
  for (const [arc, c] of built.pairArcs) {
    if (result.flowOn(arc) < 0.5) continue;
    const n = needById.get(c.needingId);
    const s = strongById.get(c.partnerId);
    if (!n || !s) continue;
    matched.add(n.id);
    pairs.push(present(c, n, s, false, settings, true));
  }
  const used = new Map<string, number>();
  for (const p of pairs) used.set(p.partnerId, (used.get(p.partnerId) ?? 0) + 1);
  const hasCandidate = new Set(candidates.map((c) => c.needingId));
  pairs.sort((a, b) => a.needingName.localeCompare(b.needingName));
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
    candidatePairs: candidates.length,
    method: describeMethod(settings),
  };
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
      `Strong where ${n.name} needs support: ${c.shared.map((a) => a.label).join('; ')} (fit ${c.fit} points).`,
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
  return {
    ...c,
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
