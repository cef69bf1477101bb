import { describe, expect, it } from 'vitest';
import { generatePartnerInstance } from './generate.ts';
import { loadHighs } from './highs.testing.ts';
import {
  DEFAULT_PARTNER_SETTINGS,
  levelsCompatible,
  listCandidatePairs,
  matchPartners,
  pairCost,
  withinTravelLimit,
  type CandidatePair,
  type NeedingSchool,
  type PartnerSettings,
  type StrongSchool,
} from './partners.ts';
import { createRandom } from './random.ts';
import type { Area } from './types.ts';

const area = (measure: string, group: string, weight: number): Area => ({
  measure,
  group,
  label: `${measure} ${group}`,
  weight,
});
const place = { latitude: 35.78, longitude: -78.64, city: 'Raleigh' };
const ctx = { econDisadv: 60, el: 10, swd: 12 };

const needing = (id: string, needs: Area[], extra: Partial<NeedingSchool> = {}): NeedingSchool => ({
  id,
  name: id,
  level: 'elementary',
  context: ctx,
  location: place,
  needs,
  ...extra,
});
const strong = (
  id: string,
  strengths: Area[],
  capacity = 1,
  extra: Partial<StrongSchool> = {},
): StrongSchool => ({
  id,
  name: id,
  level: 'elementary',
  context: ctx,
  location: place,
  capacity,
  strengths,
  ...extra,
});

describe('matchPartners: hand-checked cases', () => {
  const math = area('math', 'el', 1);
  const ela = area('ela', 'all', 1);

  it('gives each school the partner strong in its need when one partner each is allowed', () => {
    // A needs math (EL), B needs ELA. X is strong in math, Y in ELA: fit 100 each.
    const result = matchPartners(
      [needing('A', [math]), needing('B', [ela])],
      [strong('X', [math]), strong('Y', [ela])],
      DEFAULT_PARTNER_SETTINGS,
    );
    expect(result.pairs.map((p) => [p.needingId, p.partnerId, p.fit])).toEqual([
      ['A', 'X', 100],
      ['B', 'Y', 100],
    ]);
    expect(result.objective).toBe(-200);
    expect(result.pairs[0]?.reasons.join(' ')).toContain('math el');
  });

  it('covers both schools rather than give one the better partner, unless told otherwise', () => {
    // X suits both (A: fit 100; B: fit 25 through a weak shared area); Y suits A only (fit 25).
    // Best total fit alone: A–X (100), B unmatched. Most schools covered: A–Y, B–X.
    const a = needing('A', [area('math', 'all', 1)]);
    const b = needing('B', [area('ela', 'all', 0)]);
    const x = strong('X', [area('math', 'all', 1), area('ela', 'all', 0)]);
    const y = strong('Y', [area('math', 'all', 0)]);
    const all = matchPartners([a, b], [x, y], DEFAULT_PARTNER_SETTINGS);
    expect(all.pairs.map((p) => `${p.needingId}-${p.partnerId}`)).toEqual(['A-Y', 'B-X']);
    const fitOnly = matchPartners([a, b], [x, y], {
      ...DEFAULT_PARTNER_SETTINGS,
      coverage: 'best_fit_only',
    });
    // A–X 100, and B–? : X is taken; B has only X. So A–X alone (−100) beats A–Y + B–X (−75).
    expect(fitOnly.pairs.map((p) => `${p.needingId}-${p.partnerId}`)).toEqual(['A-X']);
    expect(fitOnly.unmatched.map((u) => u.id)).toEqual(['B']);
  });

  it('respects pins and forbids and re-solves around them', () => {
    const a = needing('A', [math]);
    const x = strong('X', [math]);
    const y = strong('Y', [area('math', 'el', 0)]);
    const forbid = matchPartners([a], [x, y], {
      ...DEFAULT_PARTNER_SETTINGS,
      forbids: [{ from: 'A', to: 'X' }],
    });
    expect(forbid.pairs.map((p) => p.partnerId)).toEqual(['Y']);
    const pin = matchPartners([a], [x, y], {
      ...DEFAULT_PARTNER_SETTINGS,
      pins: [{ from: 'A', to: 'Y' }],
    });
    expect(pin.pairs.map((p) => [p.partnerId, p.isPinned])).toEqual([['Y', true]]);
    expect(() =>
      matchPartners([a, needing('B', [math])], [x], {
        ...DEFAULT_PARTNER_SETTINGS,
        pins: [
          { from: 'A', to: 'X' },
          { from: 'B', to: 'X' },
        ],
      }),
    ).toThrow(/capacity/);
  });

  it('keeps to the level, the context limit and the travel limit', () => {
    const a = needing('A', [math]);
    const far = { latitude: 36.1, longitude: -79.8, city: 'Greensboro' };
    const result = matchPartners(
      [a],
      [
        strong('High', [math], 1, { level: 'high' }),
        strong('Rich', [math], 1, { context: { econDisadv: 5, el: 1, swd: 10 } }),
        strong('Far', [math], 1, { location: far }),
      ],
      { ...DEFAULT_PARTNER_SETTINGS, travelLimit: { kind: 'km', km: 30 } },
    );
    expect(result.pairs).toEqual([]);
    expect(result.unmatched[0]?.reason).toMatch(/No strong school/);
    const sameTown = matchPartners([a], [strong('Far', [math], 1, { location: far })], {
      ...DEFAULT_PARTNER_SETTINGS,
      travelLimit: { kind: 'same_city' },
    });
    expect(sameTown.pairs).toEqual([]);
  });
});

/** The same problem written independently as an assignment LP: x_ij for each candidate pair. */
async function highsObjective(
  candidates: readonly CandidatePair[],
  capacity: ReadonlyMap<string, number>,
  cover: number,
): Promise<number> {
  if (candidates.length === 0) return 0;
  const highs = await loadHighs();
  const v = (i: number) => `x${i}`;
  const obj = candidates.map(
    (c, i) => `${pairCost(c) - cover >= 0 ? '+' : '-'} ${Math.abs(pairCost(c) - cover)} ${v(i)}`,
  );
  const rows: string[] = [];
  const byNeed = new Map<string, number[]>();
  const byStrong = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    byNeed.set(c.needingId, [...(byNeed.get(c.needingId) ?? []), i]);
    byStrong.set(c.partnerId, [...(byStrong.get(c.partnerId) ?? []), i]);
  });
  let r = 0;
  for (const ids of byNeed.values())
    rows.push(` r${r++}: ${ids.map((i) => `+ ${v(i)}`).join(' ')} <= 1`);
  for (const [id, ids] of byStrong) {
    rows.push(` r${r++}: ${ids.map((i) => `+ ${v(i)}`).join(' ')} <= ${capacity.get(id) ?? 0}`);
  }
  const lp = [
    'Minimize',
    ` obj: ${obj.join(' ')}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...candidates.map((_, i) => ` 0 <= ${v(i)} <= 1`),
    'Generals',
    ` ${candidates.map((_, i) => v(i)).join(' ')}`,
    'End',
  ].join('\n');
  const result = highs.solve(lp, { output_flag: false });
  expect(result.Status).toBe('Optimal');
  return result.ObjectiveValue;
}

describe('matchPartners: generated instances', () => {
  const sizes = [
    { needing: 8, strong: 6, seed: 11 },
    { needing: 40, strong: 30, seed: 12 },
    { needing: 120, strong: 90, seed: 13 },
  ];

  it('reaches the same objective as HiGHS (MIP on an independent assignment model)', async () => {
    for (const size of sizes) {
      for (const coverage of ['all_possible', 'best_fit_only'] as const) {
        const inst = generatePartnerInstance(size);
        const settings: PartnerSettings = {
          ...DEFAULT_PARTNER_SETTINGS,
          coverage,
          travelLimit: { kind: 'km', km: 12 },
        };
        const ours = matchPartners(inst.needing, inst.strong, settings);
        const candidates = listCandidatePairs(inst.needing, inst.strong, settings);
        let spread = 0;
        for (const c of candidates) spread = Math.max(spread, Math.abs(pairCost(c)));
        const cover = coverage === 'all_possible' ? 1 + 2 * spread * inst.needing.length : 0;
        const capacity = new Map(inst.strong.map((s) => [s.id, s.capacity]));
        const theirs = await highsObjective(candidates, capacity, cover);
        expect(ours.objective - cover * ours.pairs.length, `${size.seed} ${coverage}`).toBeCloseTo(
          theirs,
          4,
        );
      }
    }
  });

  it('always respects capacity, pins, forbids, levels, context and the travel limit', () => {
    for (let seed = 100; seed < 140; seed++) {
      const rand = createRandom(seed);
      const inst = generatePartnerInstance({
        needing: 5 + rand.int(40),
        strong: 3 + rand.int(30),
        seed,
      });
      const travelLimit =
        rand.int(3) === 0
          ? ({ kind: 'same_city' } as const)
          : ({ kind: 'km', km: 5 + rand.int(20) } as const);
      const settings: PartnerSettings = { ...DEFAULT_PARTNER_SETTINGS, travelLimit };
      const candidates = listCandidatePairs(inst.needing, inst.strong, settings);
      const forbids = candidates
        .filter(() => rand.next() < 0.2)
        .map((c) => ({
          from: c.needingId,
          to: c.partnerId,
        }));
      const forbidKeys = new Set(forbids.map((f) => `${f.from}|${f.to}`));
      const pinCandidate = candidates.find((c) => !forbidKeys.has(`${c.needingId}|${c.partnerId}`));
      const pins = pinCandidate
        ? [{ from: pinCandidate.needingId, to: pinCandidate.partnerId }]
        : [];
      const result = matchPartners(inst.needing, inst.strong, { ...settings, forbids, pins });
      const byId = new Map([...inst.needing, ...inst.strong].map((s) => [s.id, s]));
      const load = new Map<string, number>();
      const seen = new Set<string>();
      for (const p of result.pairs) {
        load.set(p.partnerId, (load.get(p.partnerId) ?? 0) + 1);
        expect(seen.has(p.needingId)).toBe(false);
        seen.add(p.needingId);
        expect(forbidKeys.has(`${p.needingId}|${p.partnerId}`)).toBe(false);
        if (p.isPinned) continue;
        const n = byId.get(p.needingId);
        const s = byId.get(p.partnerId);
        if (!n || !s) throw new Error('unknown school in result');
        expect(levelsCompatible(n.level, s.level)).toBe(true);
        expect(p.contextDistance).toBeLessThanOrEqual(settings.maxContextDistance);
        expect(withinTravelLimit(travelLimit, n.location, s.location).ok).toBe(true);
        expect(p.shared.length).toBeGreaterThan(0);
      }
      for (const s of inst.strong) expect(load.get(s.id) ?? 0).toBeLessThanOrEqual(s.capacity);
      for (const pin of pins) {
        expect(result.pairs.find((p) => p.needingId === pin.from)?.partnerId).toBe(pin.to);
      }
    }
  });
});
