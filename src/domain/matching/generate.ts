// Deterministic generated instances for the property tests and the benchmark (NYC scale: about
// 1,800 schools). Not data about any real school: levels, contexts, places and areas are drawn
// from a seeded generator so that every run, on every machine, solves the same instance.
import type { NeedingSchool, StrongSchool } from './partners.ts';
import type { LeadershipContext, Post, PovertyBand, PrincipalCandidate } from './placement.ts';
import { createRandom, type Random } from './random.ts';
import type { Area, SchoolLevel } from './types.ts';

const LEVELS: SchoolLevel[] = [
  'elementary',
  'elementary',
  'elementary',
  'middle',
  'high',
  'combined',
];
const MEASURES = ['ela_pct_proficient', 'math_pct_proficient', 'achievement_score'];
const GROUPS = ['all', 'econ_disadv', 'el', 'swd', 'black', 'hispanic'];
const CITIES = ['Northton', 'Southby', 'Eastwick', 'Westfield', 'Midvale'];
// New York City spans about 0.45° of latitude and 0.55° of longitude.
const CENTER = { latitude: 40.7, longitude: -73.95 };

function pickAreas(rand: Random, count: number): Area[] {
  const seen = new Set<string>();
  const out: Area[] = [];
  while (out.length < count) {
    const measure = MEASURES[rand.int(MEASURES.length)] ?? 'ela_pct_proficient';
    const group = GROUPS[rand.int(GROUPS.length)] ?? 'all';
    const key = `${measure}|${group}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ measure, group, label: `${measure} (${group})`, weight: rand.next() });
  }
  return out;
}

function school(rand: Random, id: string) {
  return {
    id,
    name: `School ${id}`,
    level: LEVELS[rand.int(LEVELS.length)] ?? 'elementary',
    context: {
      econDisadv: 20 + rand.next() * 75,
      el: rand.next() * 40,
      swd: 8 + rand.next() * 20,
    },
    location: {
      latitude: CENTER.latitude + (rand.next() - 0.5) * 0.45,
      longitude: CENTER.longitude + (rand.next() - 0.5) * 0.55,
      city: CITIES[rand.int(CITIES.length)] ?? null,
    },
  };
}

export function generatePartnerInstance(options: {
  needing: number;
  strong: number;
  seed: number;
  areas?: number;
}): { needing: NeedingSchool[]; strong: StrongSchool[] } {
  const rand = createRandom(options.seed);
  const areas = options.areas ?? 4;
  const needing = Array.from({ length: options.needing }, (_, i) => ({
    ...school(rand, `N${i + 1}`),
    needs: pickAreas(rand, 1 + rand.int(areas)),
  }));
  const strong = Array.from({ length: options.strong }, (_, i) => ({
    ...school(rand, `S${i + 1}`),
    capacity: 1 + rand.int(3),
    strengths: pickAreas(rand, 1 + rand.int(areas)),
  }));
  return { needing, strong };
}

const BANDS: PovertyBand[] = ['low', 'middle', 'high'];
const TIERS = ['identified', 'not_identified'];

function context(rand: Random, level?: SchoolLevel): LeadershipContext {
  return {
    level: level ?? LEVELS[rand.int(LEVELS.length)] ?? 'elementary',
    povertyBand: BANDS[rand.int(3)] ?? 'middle',
    tier: TIERS[rand.int(4) === 0 ? 0 : 1] ?? null,
  };
}

export function generatePlacementInstance(options: {
  principals: number;
  openPosts: number;
  aspiring: number;
  seed: number;
}): { principals: PrincipalCandidate[]; posts: Post[] } {
  const rand = createRandom(options.seed);
  const posts: Post[] = [];
  const principals: PrincipalCandidate[] = [];
  for (let i = 0; i < options.principals + options.openPosts; i++) {
    const ctx = context(rand);
    const schoolId = `K${i + 1}`;
    const isOpen = i >= options.principals;
    posts.push({
      ...ctx,
      schoolId,
      schoolName: `School ${schoolId}`,
      need: rand.next() * 100,
      incumbentId: isOpen ? null : `P${i + 1}`,
      isOpen,
      openReason: isOpen ? 'New post' : null,
    });
    if (isOpen) continue;
    const years = rand.int(20);
    principals.push({
      id: `P${i + 1}`,
      name: `Principal ${i + 1}`,
      currentSchoolId: schoolId,
      yearsAsPrincipal: years,
      effectiveness: rand.int(8) === 0 ? null : ([0.3, 0.7, 1][rand.int(3)] ?? 0.7),
      ratingText: null,
      history: [ctx, ...Array.from({ length: rand.int(3) }, () => context(rand))],
      note: null,
    });
  }
  for (let a = 0; a < options.aspiring; a++) {
    principals.push({
      id: `A${a + 1}`,
      name: `Aspiring ${a + 1}`,
      currentSchoolId: null,
      yearsAsPrincipal: 0,
      effectiveness: null,
      ratingText: null,
      history: [],
      note: null,
    });
  }
  return { principals, posts };
}
