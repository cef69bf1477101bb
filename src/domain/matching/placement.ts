// Principal placement (issue #6; DOMAIN.md §8): put experienced, effective principals where the
// need is greatest while widening every principal's range of school contexts (Singapore tracks
// each principal's range of contexts; seed 000), under the district's constraints — must stay,
// must move, at most M moves a year — every recommendation explained.
//
// Formulation (min-cost flow, exact: the network matrix is totally unimodular):
//   source →(cap M − forced moves) MOVES → sitting principal p (cap 1, cost +loss_p) → post q
//   source →(cap 1) aspiring principal a → post q
//   source →(cap 1, cost −must) must-move principal p → post q ≠ p's own post
//   post q →(cap 1, cost −fill) sink
//   arc p→q cost −value(p, q)
// The posts are the open and planned ones plus the posts of must-move principals. A sitting
// principal who is not moved stays (no flow is needed for that). The shared MOVES node sits
// before the principal nodes, so its capacity counts moves while each unit of flow keeps the
// principal's identity; the post a moved principal leaves opens, and is listed for the next run
// (vacancy chains are one step per run, a stated simplification: docs/decisions/010-matching.md).
//
//   value(p, q) = round(1000 · experience_p · effectiveness_p · need_q) + widening(p, q)
//     experience_p    = min(years as principal, 10) / 10 (the district's most experienced count
//                       the same after ten years)
//     effectiveness_p = latest rating on the district's scale mapped to 0–1
//                       (the caller's mapping; 0.5 when unrated, said in the explanation)
//     need_q          = the school's need index / 100 (src/domain/diagnostics/need-index.ts)
//     widening(p, q)  = bonus points for each context dimension (level, poverty band,
//                       support tier) p has not led before; sitting principals only
//   loss_p  = round(1000 · experience_p · effectiveness_p · need_own) — what p's school loses
//   fill    > any difference of values a placement can make: posts are filled first
//   must    > fill × (posts + 1): a must-move principal is placed before anything else
import { badRequest } from '../shared/errors.ts';
import { FlowNetwork } from './min-cost-flow.ts';
import type { Pair, SchoolLevel } from './types.ts';

export type PovertyBand = 'low' | 'middle' | 'high';

export interface LeadershipContext {
  level: SchoolLevel;
  povertyBand: PovertyBand | null;
  /** 'identified' when the school was identified for support that year, else 'not_identified'. */
  tier: string | null;
}

export interface Post extends LeadershipContext {
  schoolId: string;
  schoolName: string;
  /** Need index 0–100, or null when unknown (counted as 50, said in the explanation). */
  need: number | null;
  /** The sitting principal, or null when the post is open or planned. */
  incumbentId: string | null;
  isOpen: boolean;
  /** "Retirement (planned post)", shown with the post. */
  openReason: string | null;
}

export interface PrincipalCandidate {
  id: string;
  name: string;
  /** Null for an aspiring principal (a resident, an assistant principal). */
  currentSchoolId: string | null;
  yearsAsPrincipal: number;
  /** 0–1, null when there is no rating. */
  effectiveness: number | null;
  /** "Highly Effective (2019)", for the explanation; null when unrated. */
  ratingText: string | null;
  /** Contexts led before, one per school and year. */
  history: LeadershipContext[];
  /** For aspiring principals: "residency at A and B (2024–25)". */
  note: string | null;
}

export interface PlacementSettings {
  maxMoves: number;
  mustStay: string[];
  mustMove: string[];
  /** from = principal, to = school (post). */
  pins: Pair[];
  forbids: Pair[];
  /** Points per context dimension new to the principal. */
  wideningBonus: number;
}

export const DEFAULT_PLACEMENT_SETTINGS: PlacementSettings = {
  maxMoves: 10,
  mustStay: [],
  mustMove: [],
  pins: [],
  forbids: [],
  wideningBonus: 150,
};

export interface Recommendation {
  principalId: string;
  principalName: string;
  schoolId: string;
  schoolName: string;
  fromSchoolId: string | null;
  kind: 'move' | 'must_move' | 'aspiring' | 'pinned';
  value: number;
  newContexts: string[];
  explanation: string[];
}

export interface Placement {
  recommendations: Recommendation[];
  unfilled: Array<{ schoolId: string; schoolName: string; reason: string }>;
  /** Posts left by moved principals: open them and run again to fill them. */
  vacated: Array<{ schoolId: string; schoolName: string; principalName: string }>;
  moves: number;
  maxMoves: number;
  /** Σ value − Σ loss over the recommendations; higher is better. */
  totalValue: number;
  method: string;
}

const EXPERIENCE_CAP_YEARS = 10;

export const experienceFactor = (years: number) =>
  Math.min(Math.max(years, 0), EXPERIENCE_CAP_YEARS) / EXPERIENCE_CAP_YEARS;

const needOf = (post: Pick<Post, 'need'>) => (post.need ?? 50) / 100;
const effectivenessOf = (p: PrincipalCandidate) => p.effectiveness ?? 0.5;

const BAND_WORD: Record<PovertyBand, string> = {
  low: 'a lower-poverty school',
  middle: 'a middle-poverty school',
  high: 'a high-poverty school',
};

/** The context dimensions of the post that the principal has not led before. */
export function newContexts(p: PrincipalCandidate, post: LeadershipContext): string[] {
  if (p.history.length === 0) return [];
  const out: string[] = [];
  if (!p.history.some((h) => h.level === post.level)) out.push(`a ${post.level} school`);
  if (post.povertyBand !== null && !p.history.some((h) => h.povertyBand === post.povertyBand)) {
    out.push(BAND_WORD[post.povertyBand]);
  }
  if (post.tier !== null && !p.history.some((h) => h.tier === post.tier)) {
    out.push(
      post.tier === 'identified'
        ? 'a school identified for support'
        : 'a school not identified for support',
    );
  }
  return out;
}

export function placementValue(p: PrincipalCandidate, post: Post, bonus: number): number {
  const base = Math.round(
    1000 * experienceFactor(p.yearsAsPrincipal) * effectivenessOf(p) * needOf(post),
  );
  return base + bonus * newContexts(p, post).length;
}

export function stayLoss(p: PrincipalCandidate, own: Post | undefined): number {
  if (!own) return 0;
  return Math.round(1000 * experienceFactor(p.yearsAsPrincipal) * effectivenessOf(p) * needOf(own));
}

export interface PlacementNetwork {
  net: FlowNetwork;
  source: number;
  sink: number;
  arcs: Map<number, { principalId: string; schoolId: string; value: number }>;
  mustArcs: Map<number, string>;
  fill: number;
  must: number;
}

interface Prepared {
  posts: Post[];
  candidates: PrincipalCandidate[];
  mustMove: Set<string>;
  hubCapacity: number;
  pinned: Recommendation[];
}

export function placePrincipals(
  principals: readonly PrincipalCandidate[],
  allPosts: readonly Post[],
  settings: PlacementSettings,
): Placement {
  const prep = prepare(principals, allPosts, settings);
  const built = buildPlacementNetwork(prep, allPosts, settings);
  const result = built.net.solve(built.source, built.sink);
  const byId = new Map(principals.map((p) => [p.id, p]));
  const postById = new Map(allPosts.map((q) => [q.schoolId, q]));
  const recommendations = [...prep.pinned];
  for (const [arc, a] of built.arcs) {
    if (result.flowOn(arc) < 0.5) continue;
    const p = byId.get(a.principalId);
    const post = postById.get(a.schoolId);
    if (!p || !post) continue;
    const kind = prep.mustMove.has(p.id)
      ? 'must_move'
      : p.currentSchoolId === null
        ? 'aspiring'
        : 'move';
    recommendations.push(explain(p, post, kind, settings, postById));
  }
  recommendations.sort((a, b) => a.schoolName.localeCompare(b.schoolName));
  const filled = new Set(recommendations.map((r) => r.schoolId));
  const placed = new Set(recommendations.map((r) => r.principalId));
  for (const id of prep.mustMove) {
    if (!placed.has(id)) {
      throw badRequest(
        `${byId.get(id)?.name ?? id} must move, but no post that is allowed for them is open.`,
      );
    }
  }
  const moves = recommendations.filter((r) => r.fromSchoolId !== null).length;
  const vacated = recommendations
    .filter((r) => r.fromSchoolId !== null && !filled.has(r.fromSchoolId))
    .map((r) => ({
      schoolId: r.fromSchoolId ?? '',
      schoolName: postById.get(r.fromSchoolId ?? '')?.schoolName ?? r.fromSchoolId ?? '',
      principalName: r.principalName,
    }));
  return {
    recommendations,
    unfilled: prep.posts
      .filter((q) => !filled.has(q.schoolId))
      .map((q) => ({
        schoolId: q.schoolId,
        schoolName: q.schoolName,
        reason:
          moves >= settings.maxMoves
            ? `No aspiring principal is available for it and the move limit (${settings.maxMoves}) is reached.`
            : 'No available principal may be placed there (all are placed, must stay, or forbidden for this post).',
      })),
    vacated,
    moves,
    maxMoves: settings.maxMoves,
    totalValue: recommendations.reduce((t, r) => t + r.value, 0),
    method: describePlacement(settings),
  };
}

function prepare(
  principals: readonly PrincipalCandidate[],
  allPosts: readonly Post[],
  settings: PlacementSettings,
): Prepared {
  const byId = new Map(principals.map((p) => [p.id, p]));
  const postById = new Map(allPosts.map((q) => [q.schoolId, q]));
  const mustStay = new Set(settings.mustStay);
  const mustMove = new Set(settings.mustMove);
  for (const id of mustMove) {
    const p = byId.get(id);
    if (!p) throw badRequest(`Must-move principal ${id} is not among the principals.`);
    if (p.currentSchoolId === null) throw badRequest(`${p.name} has no post to move from.`);
    if (mustStay.has(id)) throw badRequest(`${p.name} is marked both must stay and must move.`);
  }
  if (!Number.isInteger(settings.maxMoves) || settings.maxMoves < 0) {
    throw badRequest('The move limit must be a whole number, 0 or more.');
  }
  const openIds = new Set(allPosts.filter((q) => q.isOpen).map((q) => q.schoolId));
  for (const id of mustMove) openIds.add(byId.get(id)?.currentSchoolId ?? '');
  const pinned: Recommendation[] = [];
  const pinnedPrincipals = new Set<string>();
  let forcedMoves = mustMove.size;
  for (const pin of settings.pins) {
    const p = byId.get(pin.from);
    const post = postById.get(pin.to);
    if (!p) throw badRequest(`Pinned principal ${pin.from} is not among the principals.`);
    if (!post || !openIds.has(post.schoolId)) {
      throw badRequest(`${p.name} is pinned to ${pin.to}, which is not an open post.`);
    }
    if (pinnedPrincipals.has(p.id)) throw badRequest(`${p.name} is pinned to more than one post.`);
    if (mustStay.has(p.id)) throw badRequest(`${p.name} is pinned but must stay.`);
    if (pin.to === p.currentSchoolId) throw badRequest(`${p.name} is pinned to their own post.`);
    pinnedPrincipals.add(p.id);
    openIds.delete(post.schoolId);
    if (p.currentSchoolId !== null && !mustMove.has(p.id)) forcedMoves++;
    pinned.push({ ...explain(p, post, 'pinned', settings, postById) });
  }
  if (forcedMoves > settings.maxMoves) {
    throw badRequest(
      `Must-move principals and pinned moves (${forcedMoves}) exceed the move limit (${settings.maxMoves}).`,
    );
  }
  const posts = allPosts.filter((q) => openIds.has(q.schoolId));
  const candidates = principals.filter(
    (p) =>
      !pinnedPrincipals.has(p.id) &&
      !mustStay.has(p.id) &&
      !(p.currentSchoolId !== null && postById.get(p.currentSchoolId)?.isOpen === true),
  );
  return {
    posts,
    candidates,
    mustMove: new Set([...mustMove].filter((id) => !pinnedPrincipals.has(id))),
    hubCapacity: settings.maxMoves - forcedMoves,
    pinned,
  };
}

// Context dimensions as bits, so that counting a principal's new contexts at each of hundreds of
// thousands of pairs is three mask tests rather than three scans of the history.
const LEVEL_BITS: Record<SchoolLevel, number> = {
  elementary: 1,
  middle: 2,
  high: 4,
  combined: 8,
  other: 16,
};
const BAND_BITS: Record<PovertyBand, number> = { low: 1, middle: 2, high: 4 };
const tierBit = (tier: string | null) =>
  tier === null ? 0 : tier === 'identified' ? 1 : tier === 'not_identified' ? 2 : 4;

function historyMasks(p: PrincipalCandidate) {
  let level = 0;
  let band = 0;
  let tier = 0;
  for (const h of p.history) {
    level |= LEVEL_BITS[h.level];
    band |= h.povertyBand === null ? 0 : BAND_BITS[h.povertyBand];
    tier |= tierBit(h.tier);
  }
  return { level, band, tier, isNew: p.history.length === 0 };
}

function countNew(masks: ReturnType<typeof historyMasks>, q: LeadershipContext): number {
  if (masks.isNew) return 0;
  let count = (masks.level & LEVEL_BITS[q.level]) === 0 ? 1 : 0;
  if (q.povertyBand !== null && (masks.band & BAND_BITS[q.povertyBand]) === 0) count++;
  if (q.tier !== null && (masks.tier & tierBit(q.tier)) === 0) count++;
  return count;
}

/**
 * The network, with arcs pruned without losing an optimum: a post needs only its best k sitting
 * principals, k = min(posts, moves allowed), and its best k' aspiring ones, k' = min(posts,
 * aspiring). If an optimal placement gave post q a sitting principal p outside q's best k, at
 * most k − 1 of those best k are placed elsewhere (at most k sitting principals move in all,
 * p among them), so one of them is free and taking p's place does not lower the value or add a
 * move; likewise for the aspiring (bipartite exchange argument, e.g. Burkard, Dell'Amico &
 * Martello, "Assignment Problems", 2009, §4.4). Must-move principals keep all their arcs. The
 * unpruned network (prune: false) is the one HiGHS solves in the tests and the benchmark.
 */
export function buildPlacementNetwork(
  prep: Prepared,
  allPosts: readonly Post[],
  settings: PlacementSettings,
  options: { prune?: boolean } = {},
): PlacementNetwork {
  const prune = options.prune ?? true;
  const postById = new Map(allPosts.map((q) => [q.schoolId, q]));
  const forbidden = new Set(settings.forbids.map((f) => `${f.from}\u0000${f.to}`));
  const hub = 1;
  const principalNode = (i: number) => 2 + i;
  const postNode = (j: number) => 2 + prep.candidates.length + j;
  const sink = 2 + prep.candidates.length + prep.posts.length;
  const m = prep.posts.length;
  const aspiringCount = prep.candidates.filter((p) => p.currentSchoolId === null).length;
  const keepSitting = Math.min(m, Math.max(0, prep.hubCapacity));
  const keepAspiring = Math.min(m, aspiringCount);
  // Values in one typed matrix (candidate × post; NaN where the pair is not allowed) rather
  // than an object per pair: 2,000 × 200 pairs at NYC scale.
  const c = prep.candidates.length;
  const values = new Float64Array(c * m).fill(NaN);
  const loss = new Float64Array(c);
  const mustPairs: Array<{ i: number; j: number; value: number }> = [];
  let maxValue = 0;
  prep.candidates.forEach((p, i) => {
    const masks = historyMasks(p);
    const base = 1000 * experienceFactor(p.yearsAsPrincipal) * effectivenessOf(p);
    const isMust = prep.mustMove.has(p.id);
    loss[i] = isMust ? 0 : stayLoss(p, postById.get(p.currentSchoolId ?? ''));
    prep.posts.forEach((q, j) => {
      if (q.schoolId === p.currentSchoolId) return;
      if (forbidden.size > 0 && forbidden.has(`${p.id}\u0000${q.schoolId}`)) return;
      const value = Math.round(base * needOf(q)) + settings.wideningBonus * countNew(masks, q);
      maxValue = Math.max(maxValue, value + (loss[i] ?? 0));
      if (isMust) mustPairs.push({ i, j, value });
      else values[i * m + j] = value;
    });
  });
  const aspiring: number[] = [];
  const sitting: number[] = [];
  prep.candidates.forEach((p, i) => {
    if (prep.mustMove.has(p.id)) return;
    (p.currentSchoolId === null ? aspiring : sitting).push(i);
  });
  /** The allowed candidates of a class for post j, best net value first, at most k. */
  const keys = new Float64Array(c);
  const best = (group: readonly number[], j: number, k: number): number[] => {
    // Sort keys −net·2^16 + i in a typed array (native numeric sort, no comparator calls):
    // best net first, ties to the lower index. Nets are integers well under 2^36.
    let count = 0;
    for (const i of group) {
      const v = values[i * m + j] ?? NaN;
      if (!Number.isNaN(v)) keys[count++] = -(v - (loss[i] ?? 0)) * 65536 + i;
    }
    const sorted = keys.subarray(0, count).sort();
    const take = prune ? Math.min(k, count) : count;
    const out: number[] = [];
    for (let t = 0; t < take; t++) {
      const key = sorted[t] ?? 0;
      out.push(((key % 65536) + 65536) % 65536);
    }
    return out;
  };
  const fill = 1 + 2 * maxValue * Math.max(1, m);
  const must = fill * (m + 1);
  const kept: number[][] = [];
  let pairCount = mustPairs.length;
  for (let j = 0; j < m; j++) {
    const list = [...best(sitting, j, keepSitting), ...best(aspiring, j, keepAspiring)];
    kept.push(list);
    pairCount += list.length;
  }
  const net = new FlowNetwork(sink + 1, 2 + prep.candidates.length + m + pairCount);
  net.addArc(0, hub, Math.max(0, prep.hubCapacity), 0);
  const mustArcs = new Map<number, string>();
  prep.candidates.forEach((p, i) => {
    if (prep.mustMove.has(p.id)) {
      mustArcs.set(net.addArc(0, principalNode(i), 1, -must), p.id);
    } else if (p.currentSchoolId === null) {
      net.addArc(0, principalNode(i), 1, 0);
    } else {
      net.addArc(hub, principalNode(i), 1, loss[i] ?? 0);
    }
  });
  for (let j = 0; j < m; j++) net.addArc(postNode(j), sink, 1, -fill);
  const arcs = new Map<number, { principalId: string; schoolId: string; value: number }>();
  const add = (i: number, j: number, value: number) => {
    const p = prep.candidates[i];
    const q = prep.posts[j];
    if (!p || !q) return;
    const arc = net.addArc(principalNode(i), postNode(j), 1, -value);
    arcs.set(arc, { principalId: p.id, schoolId: q.schoolId, value });
  };
  for (const { i, j, value } of mustPairs) add(i, j, value);
  kept.forEach((list, j) => {
    for (const i of list) add(i, j, values[i * m + j] ?? 0);
  });
  return { net, source: 0, sink, arcs, mustArcs, fill, must };
}

/** The prepared instance, for the tests and the benchmark (the network HiGHS also solves). */
export function preparePlacement(
  principals: readonly PrincipalCandidate[],
  allPosts: readonly Post[],
  settings: PlacementSettings,
  options: { prune?: boolean } = {},
): PlacementNetwork & { prep: Prepared } {
  const prep = prepare(principals, allPosts, settings);
  return { ...buildPlacementNetwork(prep, allPosts, settings, options), prep };
}

function explain(
  p: PrincipalCandidate,
  post: Post,
  kind: Recommendation['kind'],
  settings: PlacementSettings,
  postById: ReadonlyMap<string, Post>,
): Recommendation {
  const contexts = newContexts(p, post);
  const value = placementValue(p, post, settings.wideningBonus);
  const own = p.currentSchoolId === null ? undefined : postById.get(p.currentSchoolId);
  const loss = kind === 'must_move' ? 0 : stayLoss(p, own);
  const lines: string[] = [];
  lines.push(
    p.currentSchoolId === null
      ? `Aspiring principal${p.note ? `: ${p.note}` : ''}.`
      : `${formatYears(p.yearsAsPrincipal)} as a principal; ${p.ratingText ? `latest rating ${p.ratingText}` : 'no rating on record (counted as middling)'}.`,
  );
  lines.push(
    `${post.schoolName}: need index ${post.need === null ? 'unknown (counted as 50)' : `${Math.round(post.need)} of 100`}${post.tier === 'identified' ? ', identified for support' : ''}${post.openReason ? `; ${post.openReason}` : ''}.`,
  );
  if (contexts.length > 0) {
    lines.push(`Widens their range: first time leading ${contexts.join(', ')}.`);
  }
  if (kind === 'must_move') lines.push('Must move this year (district constraint).');
  if (kind === 'pinned') lines.push('Pinned by the district.');
  if (own) lines.push(`Leaves ${own.schoolName}, whose post opens.`);
  lines.push(
    `Value ${value} points${loss > 0 ? `, against ${loss} points for staying at ${own?.schoolName ?? 'their school'}` : ''}.`,
  );
  return {
    principalId: p.id,
    principalName: p.name,
    schoolId: post.schoolId,
    schoolName: post.schoolName,
    fromSchoolId: p.currentSchoolId,
    kind,
    value: value - loss,
    newContexts: contexts,
    explanation: lines,
  };
}

function formatYears(years: number): string {
  const whole = Math.round(years);
  return `${whole} ${whole === 1 ? 'year' : 'years'}`;
}

function describePlacement(settings: PlacementSettings): string {
  return `Optimal placement for all open posts at once (minimum-cost flow): every open or planned post is filled if any allowed principal is available; then the total value is the greatest. Value of a principal at a post = 1,000 × experience (years as principal, capped at ${EXPERIENCE_CAP_YEARS}, ÷ ${EXPERIENCE_CAP_YEARS}) × effectiveness (latest rating, 0–1) × the school's need index ÷ 100, plus ${settings.wideningBonus} points for each context the principal has not led before (level, poverty band, support status); a move also counts what the principal's current school loses. At most ${settings.maxMoves} sitting principals move; must-stay principals are not moved; must-move principals are placed elsewhere first.`;
}
