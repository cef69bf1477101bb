// Retention by effectiveness (issue 5; DOMAIN.md §5): for each rating level, the share of
// teachers who stayed in their school, moved to another of the district's schools, or left, from
// one school year to the next, split by the poverty quartile of the school they started in — and
// DCPS's sentence, "we kept 89% of our high performers and 61% of our low performers". The
// domain rules are src/domain/equity/retention.ts; this loads, scopes and suppresses.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { assignQuartiles, type Quartile } from '../domain/equity/quartiles.ts';
import {
  computeRetention,
  describeRetention,
  type AssignmentRecord,
  type RetentionResult,
} from '../domain/equity/retention.ts';
import { shareOf } from '../domain/equity/shares.ts';
import { AppError, notFound } from '../domain/shared/errors.ts';
import {
  defaultPreset,
  equityScope,
  loadEquityData,
  resolveDefinitions,
  resolveMinimumN,
  sharesForYear,
  type EquityData,
  type EquityPresetKey,
} from './equity-data.ts';
import { shareView, type RateView } from './equity-views.ts';

export interface RetentionQuery {
  /** The later year of the pair: teachers of year − 1 followed into year. Latest by default. */
  year?: number;
  preset?: EquityPresetKey;
  /** Levels counted as low performers; the preset's ineffective levels by default. */
  ineffectiveLevels?: string[];
  /** Levels counted as high performers; the top level found by default. */
  highLevels?: string[];
  minimumN?: number;
}

export interface RetentionCellView {
  rating: string;
  quartile: Quartile | 'all';
  /** null when suppressed (fewer than the minimum n). */
  n: number | null;
  stayed: RateView;
  moved: RateView;
  left: RateView;
  kept: RateView;
}

export interface RetentionView {
  district: { id: string; name: string };
  from: number;
  to: number;
  /** Every year pair that can be followed, oldest first. */
  pairs: { from: number; to: number }[];
  minimumN: number;
  scope: 'district' | 'school';
  levels: string[];
  highLevels: string[];
  lowLevels: string[];
  cells: RetentionCellView[];
  /** "We kept 89% of our high performers …", all schools, then each poverty quartile. */
  sentences: { quartile: Quartile | 'all'; text: string }[];
  unrated: number | null;
  trend: { from: number; to: number; high: RateView; low: RateView }[];
  definitions: string[];
  sources: string[];
  notes: string[];
}

/** Rating scales from best to worst; levels found in the data are ordered by them. */
const SCALE = [
  'Exemplary',
  'Distinguished',
  'Highly Effective',
  'Proficient',
  'Effective',
  'Developing',
  'Minimally Effective',
  'Needs Improvement',
  'Unsatisfactory',
  'Ineffective',
];
const norm = (label: string) => label.trim().toLowerCase();
const rank = (label: string) => {
  const i = SCALE.findIndex((l) => norm(l) === norm(label));
  return i === -1 ? SCALE.length : i;
};

function teacherAssignments(data: EquityData): AssignmentRecord[] {
  return data.records
    .filter((r) => r.role === 'teacher')
    .map((r) => ({
      staffId: r.staffId,
      schoolId: r.schoolId,
      year: r.year,
      rating: r.rating,
      fte: r.fte ?? null,
    }));
}

/** The start year's poverty quartile of each school (shares from the nearest year if needed). */
function povertyQuartiles(data: EquityData, year: number): Map<string, Quartile> {
  const { shares } = sharesForYear(data, year);
  const rankable = data.columns.schoolIds.map((schoolId, s) => {
    const share = shares.poverty[s];
    return { schoolId, share: share === undefined || Number.isNaN(share) ? null : share };
  });
  const out = new Map<string, Quartile>();
  if (rankable.filter((r) => r.share !== null).length < 4) return out;
  for (const [schoolId, placed] of assignQuartiles(rankable).groups) {
    if (placed.quartile !== null) out.set(schoolId, placed.quartile);
  }
  return out;
}

function pooled(result: RetentionResult, levels: readonly string[], minimumN: number): RateView {
  const wanted = new Set(levels.map(norm));
  let kept = 0;
  let n = 0;
  for (const cell of result.cells) {
    if (cell.quartile !== 'all' || !wanted.has(norm(cell.rating))) continue;
    kept += cell.kept.count;
    n += cell.n;
  }
  return shareView(shareOf(kept, n, minimumN));
}

export async function getRetention(
  db: Db,
  actor: Actor,
  query: RetentionQuery = {},
): Promise<RetentionView> {
  const scope = equityScope(actor);
  const minimumN = resolveMinimumN(query.minimumN);
  const data = await loadEquityData(db, actor.districtId);
  const teacherYears = [
    ...new Set(data.records.filter((r) => r.role === 'teacher').map((r) => r.year)),
  ].sort((a, b) => a - b);
  // Retention *by effectiveness* starts from a year whose teachers carry ratings: a year
  // without any (the demo's 2018 — DPI published effectiveness by school for 2019 only) would
  // show every level as empty, so it cannot be a starting year.
  const ratedYears = new Set(
    data.records.filter((r) => r.role === 'teacher' && r.rating !== null).map((r) => r.year),
  );
  const pairs = teacherYears
    .filter((y) => teacherYears.includes(y + 1) && ratedYears.has(y))
    .map((from) => ({ from, to: from + 1 }));
  if (pairs.length === 0) {
    throw new AppError(
      'not_found',
      ratedYears.size === 0
        ? 'Retention by effectiveness needs teachers’ ratings, and none are loaded.'
        : `Retention by effectiveness follows rated teachers into the next year's staff records; ratings are loaded for ${[...ratedYears].sort((a, b) => a - b).join(', ')} only, with no later year of staff records to follow them into.`,
    );
  }
  const pair =
    query.year === undefined ? pairs[pairs.length - 1] : pairs.find((p) => p.to === query.year);
  if (!pair) {
    throw notFound(
      `Retention into ${query.year} (years that can be followed into: ${pairs.map((p) => p.to).join(', ')})`,
    );
  }
  const preset = query.preset ?? defaultPreset(data.district.state);
  const { definitions } = resolveDefinitions(
    preset,
    query.ineffectiveLevels ? { ineffectiveLevels: query.ineffectiveLevels } : {},
  );
  const assignments = teacherAssignments(data);
  const found = [...new Set(assignments.flatMap((a) => (a.rating === null ? [] : [a.rating])))];
  const levels = found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const wantedLow =
    definitions.ineffective.basis === 'rating'
      ? definitions.ineffective.levels
      : ['Needs Improvement', 'Unsatisfactory', 'Ineffective', 'Minimally Effective'];
  const lowLevels = levels.filter((l) => wantedLow.some((w) => norm(w) === norm(l)));
  const highLevels =
    query.highLevels && query.highLevels.length > 0
      ? levels.filter((l) => query.highLevels?.some((w) => norm(w) === norm(l)))
      : levels.slice(0, 1);
  const fromSchools = scope.kind === 'schools' ? new Set(scope.schoolIds) : undefined;

  const follow = (p: { from: number; to: number }) =>
    computeRetention({
      assignments: assignments.filter((a) => a.year === p.from || a.year === p.to),
      schoolQuartiles: povertyQuartiles(data, p.from),
      levels,
      minimumN,
      ...(fromSchools ? { fromSchools } : {}),
    });
  const result = follow(pair);
  const cells: RetentionCellView[] = result.cells.map((cell) => {
    const shown = cell.n >= minimumN;
    return {
      rating: cell.rating,
      quartile: cell.quartile,
      n: shown ? cell.n : null,
      stayed: shareView(cell.stayed),
      moved: shareView(cell.moved),
      left: shareView(cell.left),
      kept: shareView(cell.kept),
    };
  });
  const sentence = (quartile: Quartile | 'all') =>
    describeRetention(result, { high: highLevels, low: lowLevels, quartile });
  const quartiles = scope.kind === 'district' ? ([4, 3, 2, 1] as const) : [];
  const sentences = [
    { quartile: 'all' as const, text: sentence('all') },
    ...quartiles.map((q) => ({ quartile: q, text: sentence(q) })),
  ];
  const trend = pairs.map((p) => {
    const r = p === pair ? result : follow(p);
    return { ...p, high: pooled(r, highLevels, minimumN), low: pooled(r, lowLevels, minimumN) };
  });
  const notes = sharesForYear(data, pair.from).notes;
  if (scope.kind === 'schools') {
    notes.push('You see the teachers who started the year in your own school.');
  }
  return {
    district: { id: data.district.id, name: data.district.name },
    from: pair.from,
    to: pair.to,
    pairs,
    minimumN,
    scope: scope.kind === 'district' ? 'district' : 'school',
    levels,
    highLevels,
    lowLevels,
    cells,
    sentences,
    unrated: result.unrated >= minimumN || result.unrated === 0 ? result.unrated : null,
    trend,
    definitions: [
      'Stayed: teaching in the same school the next year. Moved: teaching in another school of the district. Left: no assignment in the district the next year. Kept = stayed + moved.',
      'A teacher’s school is their main assignment (largest FTE). The rating is the one for the starting year; teachers without one are counted apart.',
      `High performers: ${highLevels.join(' or ') || 'none found'}. Low performers: ${lowLevels.join(' or ') || 'none found'} (${definitions.ineffective.source})`,
      'Poverty quartile: of the school the teacher started the year in, among the district’s schools by % economically disadvantaged (4 = highest poverty).',
    ],
    sources: [
      'Person-level staff records: assignments and evaluation ratings loaded for the district.',
    ],
    notes,
  };
}
