import { describe, expect, it } from 'vitest';
import { generatePlacementInstance } from './generate.ts';
import { loadHighs } from './highs.testing.ts';
import {
  DEFAULT_PLACEMENT_SETTINGS,
  newContexts,
  placePrincipals,
  preparePlacement,
  stayLoss,
  type PlacementSettings,
  type Post,
  type PrincipalCandidate,
} from './placement.ts';
import { createRandom } from './random.ts';

const post = (schoolId: string, need: number, extra: Partial<Post> = {}): Post => ({
  schoolId,
  schoolName: schoolId,
  level: 'elementary',
  povertyBand: 'middle',
  tier: 'not_identified',
  need,
  incumbentId: null,
  isOpen: false,
  openReason: null,
  ...extra,
});
const principal = (
  id: string,
  at: string | null,
  years: number,
  effectiveness: number | null,
  extra: Partial<PrincipalCandidate> = {},
): PrincipalCandidate => ({
  id,
  name: id,
  currentSchoolId: at,
  yearsAsPrincipal: years,
  effectiveness,
  ratingText: null,
  history:
    at === null ? [] : [{ level: 'elementary', povertyBand: 'middle', tier: 'not_identified' }],
  note: null,
  ...extra,
});
const settings = (s: Partial<PlacementSettings> = {}): PlacementSettings => ({
  ...DEFAULT_PLACEMENT_SETTINGS,
  wideningBonus: 0,
  ...s,
});

describe('placePrincipals: hand-checked cases', () => {
  // Open post Hi (need 90). Veteran V (10 years, 1.0) leads Lo (need 10); Novice N (2 years,
  // 0.7) leads Mid (need 50). Aspiring A has no record.
  const posts = [
    post('Hi', 90, { isOpen: true, tier: 'identified' }),
    post('Lo', 10, { incumbentId: 'V' }),
    post('Mid', 50, { incumbentId: 'N' }),
  ];
  const people = [
    principal('V', 'Lo', 10, 1),
    principal('N', 'Mid', 2, 0.7),
    principal('A', null, 0, null),
  ];

  it('moves the most effective, most experienced principal to the greatest need', () => {
    // V at Hi: 1000·1·1·0.9 = 900, minus 100 for leaving Lo = 800. N at Hi: 126 − 70 = 56. A: 0.
    const r = placePrincipals(people, posts, settings({ maxMoves: 1 }));
    expect(r.recommendations.map((x) => [x.principalId, x.schoolId, x.value])).toEqual([
      ['V', 'Hi', 800],
    ]);
    expect(r.vacated).toEqual([{ schoolId: 'Lo', schoolName: 'Lo', principalName: 'V' }]);
    expect(r.recommendations[0]?.explanation.join(' ')).toContain('need index 90 of 100');
  });

  it('fills the post from the aspiring pool when no move is allowed, and honours must-stay', () => {
    expect(
      placePrincipals(people, posts, settings({ maxMoves: 0 })).recommendations[0],
    ).toMatchObject({ principalId: 'A', kind: 'aspiring' });
    // With V kept, N's move is next best: 1000·0.2·0.7·0.9 = 126, minus 70 for leaving Mid.
    const stay = placePrincipals(people, posts, settings({ maxMoves: 1, mustStay: ['V'] }));
    expect(stay.recommendations.map((x) => [x.principalId, x.value])).toEqual([['N', 56]]);
  });

  it('places a must-move principal elsewhere, never in their own post, and counts the move', () => {
    const r = placePrincipals(people, posts, settings({ maxMoves: 1, mustMove: ['N'] }));
    // N must leave Mid: the posts are Hi and Mid. N → Hi (the only allowed); A → Mid.
    expect(r.recommendations.map((x) => `${x.principalId}→${x.schoolId}`).sort()).toEqual([
      'A→Mid',
      'N→Hi',
    ]);
    expect(r.moves).toBe(1);
    expect(() =>
      placePrincipals(people, posts, settings({ maxMoves: 0, mustMove: ['N'] })),
    ).toThrow(/exceed the move limit/);
  });

  it('adds the widening bonus for a context the principal has not led', () => {
    const v = people[0];
    if (!v) throw new Error('fixture');
    expect(newContexts(v, posts[0] ?? post('x', 0))).toEqual(['a school identified for support']);
    const withBonus = placePrincipals(people, posts, settings({ maxMoves: 1, wideningBonus: 150 }));
    expect(withBonus.recommendations[0]?.value).toBe(950);
    expect(withBonus.recommendations[0]?.newContexts).toEqual(['a school identified for support']);
  });

  it('respects pins and forbids', () => {
    const pinned = placePrincipals(
      people,
      posts,
      settings({ maxMoves: 1, pins: [{ from: 'A', to: 'Hi' }] }),
    );
    expect(pinned.recommendations.map((x) => [x.principalId, x.kind])).toEqual([['A', 'pinned']]);
    const forbid = placePrincipals(
      people,
      posts,
      settings({ maxMoves: 1, forbids: [{ from: 'V', to: 'Hi' }] }),
    );
    expect(forbid.recommendations.map((x) => x.principalId)).toEqual(['N']);
  });
});

/** Independent model for HiGHS: x_pq binary over allowed pairs, the move limit a row. */
async function highsPlacement(
  principals: PrincipalCandidate[],
  posts: Post[],
  s: PlacementSettings,
): Promise<number> {
  const built = preparePlacement(principals, posts, s, { prune: false });
  const { prep, fill } = built;
  const postById = new Map(posts.map((q) => [q.schoolId, q]));
  const pairs = [...built.arcs.values()];
  if (pairs.length === 0) return 0;
  const byP = new Map<string, number[]>();
  const byQ = new Map<string, number[]>();
  const moveVars: number[] = [];
  const isMust = (id: string) => prep.mustMove.has(id);
  const byId = new Map(principals.map((p) => [p.id, p]));
  const gain = pairs.map((a, i) => {
    const p = byId.get(a.principalId);
    byP.set(a.principalId, [...(byP.get(a.principalId) ?? []), i]);
    byQ.set(a.schoolId, [...(byQ.get(a.schoolId) ?? []), i]);
    const sitting = p?.currentSchoolId !== null && p !== undefined;
    if (sitting && !isMust(a.principalId)) moveVars.push(i);
    const loss =
      sitting && !isMust(a.principalId) ? stayLoss(p, postById.get(p.currentSchoolId ?? '')) : 0;
    return a.value - loss + fill;
  });
  const rows: string[] = [];
  let r = 0;
  for (const [id, ids] of byP) {
    rows.push(` r${r++}: ${ids.map((i) => `+ x${i}`).join(' ')} ${isMust(id) ? '=' : '<='} 1`);
  }
  for (const ids of byQ.values())
    rows.push(` r${r++}: ${ids.map((i) => `+ x${i}`).join(' ')} <= 1`);
  if (moveVars.length > 0) {
    rows.push(` moves: ${moveVars.map((i) => `+ x${i}`).join(' ')} <= ${prep.hubCapacity}`);
  }
  const lp = [
    'Maximize',
    ` obj: ${gain.map((g, i) => `${g >= 0 ? '+' : '-'} ${Math.abs(g)} x${i}`).join(' ')}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...pairs.map((_, i) => ` 0 <= x${i} <= 1`),
    'Generals',
    ` ${pairs.map((_, i) => `x${i}`).join(' ')}`,
    'End',
  ].join('\n');
  const highs = await loadHighs();
  const result = highs.solve(lp, { output_flag: false });
  expect(result.Status).toBe('Optimal');
  return result.ObjectiveValue;
}

describe('placePrincipals: generated instances', () => {
  it('reaches the same objective as HiGHS (MIP on an independent model)', async () => {
    for (const [size, seed] of [
      [10, 21],
      [40, 22],
      [120, 23],
    ] as const) {
      const inst = generatePlacementInstance({
        principals: size,
        openPosts: Math.ceil(size / 6),
        aspiring: Math.ceil(size / 10),
        seed,
      });
      const sitting = inst.principals.filter((p) => p.currentSchoolId !== null);
      const s = settings({
        maxMoves: Math.ceil(size / 12),
        wideningBonus: 150,
        mustStay: sitting.slice(0, 2).map((p) => p.id),
        mustMove: sitting.slice(2, 3).map((p) => p.id),
      });
      const ours = placePrincipals(inst.principals, inst.posts, s);
      const { fill } = preparePlacement(inst.principals, inst.posts, s);
      const pinnedOrFree = ours.recommendations.length;
      expect(ours.totalValue + fill * pinnedOrFree, `size ${size}`).toBeCloseTo(
        await highsPlacement(inst.principals, inst.posts, s),
        4,
      );
    }
  });

  it('always respects the move limit, must-stay, must-move, pins and forbids', () => {
    for (let seed = 300; seed < 330; seed++) {
      const rand = createRandom(seed);
      const inst = generatePlacementInstance({
        principals: 5 + rand.int(40),
        openPosts: 1 + rand.int(8),
        aspiring: rand.int(4),
        seed,
      });
      const sitting = inst.principals.filter((p) => p.currentSchoolId !== null);
      const open = inst.posts.filter((q) => q.isOpen);
      const mustStay = sitting.filter(() => rand.next() < 0.2).map((p) => p.id);
      const mustMove = sitting
        .filter((p) => !mustStay.includes(p.id))
        .slice(0, rand.int(2))
        .map((p) => p.id);
      const forbids = sitting
        .filter((p) => !mustMove.includes(p.id) && rand.next() < 0.3)
        .map((p) => ({ from: p.id, to: open[rand.int(open.length)]?.schoolId ?? '' }));
      const maxMoves = mustMove.length + rand.int(4);
      const s = settings({ maxMoves, mustStay, mustMove, forbids, wideningBonus: 100 });
      const r = placePrincipals(inst.principals, inst.posts, s);
      expect(r.moves).toBeLessThanOrEqual(maxMoves);
      const placed = new Set<string>();
      const filled = new Set<string>();
      for (const x of r.recommendations) {
        expect(placed.has(x.principalId)).toBe(false);
        expect(filled.has(x.schoolId)).toBe(false);
        placed.add(x.principalId);
        filled.add(x.schoolId);
        expect(mustStay).not.toContain(x.principalId);
        expect(x.schoolId).not.toBe(x.fromSchoolId);
        expect(forbids.some((f) => f.from === x.principalId && f.to === x.schoolId)).toBe(false);
      }
      for (const id of mustMove) expect(placed.has(id)).toBe(true);
    }
  });
});
