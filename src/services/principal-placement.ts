// Principal placement (issue #6; DOMAIN.md §8): each principal's history of school contexts from
// the staff assignments, experience and latest rating; the open and planned posts; completed or
// current residents as aspiring principals; the optimal placement under the district's
// constraints (src/domain/matching/placement.ts), every recommendation explained.
// Ratings are confidential personnel records (DOMAIN.md §2): only roles allowed by
// canViewIndividualRatings for the principal's school may run a placement that uses them, a
// principal supervisor only over their caseload, and every rating read is audited per person.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  getMatchRun,
  insertMatchRun,
  listMatchingSchools,
  listMatchRuns,
} from '../db/queries/matching.ts';
import {
  getLatestRatings,
  insertPrincipalPost,
  listPrincipalAssignments,
  listPrincipalPosts,
  listResidencies,
  listStaffNames,
  setPrincipalPostStatus,
} from '../db/queries/principals.ts';
import { getSchool } from '../db/queries/schools.ts';
import type { PrincipalPostReason } from '../db/schema.ts';
import { canViewIndividualRatings, type Actor } from '../domain/access/access.ts';
import { runRuleSet } from '../domain/diagnostics/identification.ts';
import { computeNeedIndex } from '../domain/diagnostics/need-index.ts';
import { MEASURE, figureOf, usableValue } from '../domain/diagnostics/types.ts';
import {
  DEFAULT_PLACEMENT_SETTINGS,
  placePrincipals,
  type LeadershipContext,
  type Placement,
  type PlacementSettings,
  type Post,
  type PovertyBand,
  type PrincipalCandidate,
} from '../domain/matching/placement.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import { resolveRuleSet } from './diagnostics-shared.ts';
import type { ExportTable } from './exports/table.ts';

const PairSchema = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });
export const PlacementInputSchema = z.object({
  maxMoves: z.number().int().min(0).max(1000).default(DEFAULT_PLACEMENT_SETTINGS.maxMoves),
  mustStay: z.array(z.string().min(1).max(64)).max(5000).default([]),
  mustMove: z.array(z.string().min(1).max(64)).max(5000).default([]),
  pins: z.array(PairSchema).max(2000).default([]),
  forbids: z.array(PairSchema).max(5000).default([]),
  wideningBonus: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(DEFAULT_PLACEMENT_SETTINGS.wideningBonus),
});
export type PlacementInput = z.input<typeof PlacementInputSchema>;

// Poverty bands by share of economically disadvantaged students. Fixed cut points, a third of
// the scale each way from the middle (35% and 65%), so that a band means the same in every
// year; NC DPI's own reports have no bands to borrow.
const BAND_CUTS = { low: 35, high: 65 } as const;
export const bandOf = (pct: number | null): PovertyBand | null =>
  pct === null ? null : pct < BAND_CUTS.low ? 'low' : pct >= BAND_CUTS.high ? 'high' : 'middle';

// Ratings → effectiveness 0–1. NC EVAAS-style labels (the demo's scale) and the NC Educator
// Evaluation System's five labels (NC State Board policy EVAL-004); other labels are unrated.
const EFFECTIVENESS: Record<string, number> = {
  'highly effective': 1,
  effective: 0.7,
  'needs improvement': 0.3,
  distinguished: 1,
  accomplished: 0.85,
  proficient: 0.7,
  developing: 0.4,
  'not demonstrated': 0.1,
};

function placementScope(actor: Actor): 'all' | Set<string> {
  const district = actor.grants.some(
    (g) => g.schoolId === null && (g.role === 'district_leader' || g.role === 'hr'),
  );
  if (district) return 'all';
  const caseload = actor.grants.filter(
    (g) => g.role === 'principal_supervisor' && g.schoolId !== null,
  );
  if (caseload.length === 0) {
    throw forbidden(
      'Only a district leader, HR, or a principal supervisor (for their caseload) may plan principal placement.',
    );
  }
  return new Set(caseload.map((g) => g.schoolId ?? ''));
}

export interface PlacementInstance {
  year: number;
  principals: PrincipalCandidate[];
  posts: Post[];
  scope: 'district' | 'caseload';
}

/** The posts, principals and residents the actor may plan over, for the coming school year. */
export async function loadPlacementInstance(db: Db, actor: Actor): Promise<PlacementInstance> {
  const scope = placementScope(actor);
  const inScope = (id: string) => scope === 'all' || scope.has(id);
  const [assignments, data, schools, openPosts, residencies] = await Promise.all([
    listPrincipalAssignments(db, actor.districtId),
    loadDiagnosticData(db, actor.districtId),
    listMatchingSchools(db, actor.districtId),
    listPrincipalPosts(db, actor.districtId),
    listResidencies(db, actor.districtId),
  ]);
  const staffYear = Math.max(0, ...assignments.map((a) => a.schoolYear));
  if (staffYear === 0) throw badRequest('No principal assignments are loaded.');
  const year = staffYear + 1;
  const ruleSet = resolveRuleSet('north-carolina');
  // Context of each school in each year: level, poverty band, identified or not.
  const contextOf = new Map<string, LeadershipContext>();
  const schoolById = new Map(schools.map((s) => [s.id, s]));
  for (const y of data.years) {
    const identified = new Set(
      runRuleSet(ruleSet, data.rows, y)
        .filter((r) => r.identified)
        .map((r) => r.schoolId),
    );
    for (const row of data.rows.filter((r) => r.year === y)) {
      const u = usableValue(figureOf(row, MEASURE.econDisadv), ruleSet.minimumN);
      contextOf.set(`${row.schoolId}|${y}`, {
        level: row.level,
        povertyBand: bandOf(u.ok ? u.value : null),
        tier: identified.has(row.schoolId) ? 'identified' : 'not_identified',
      });
    }
  }
  const latestDataYear = Math.max(...data.years.filter((y) => y <= staffYear), 0);
  const needs = new Map(
    computeNeedIndex(data.rows.filter((r) => r.year === latestDataYear)).map((n) => [
      n.schoolId,
      n.index,
    ]),
  );
  const latestContext = (schoolId: string): LeadershipContext => {
    for (let y = latestDataYear; y >= latestDataYear - 5; y--) {
      const c = contextOf.get(`${schoolId}|${y}`);
      if (c) return c;
    }
    return { level: schoolById.get(schoolId)?.level ?? 'other', povertyBand: null, tier: null };
  };

  // Principals in post in the latest staff year, with their history.
  const byStaff = new Map<string, typeof assignments>();
  for (const a of assignments) byStaff.set(a.staffId, [...(byStaff.get(a.staffId) ?? []), a]);
  const incumbents = new Map<string, string>();
  const sitting = [...byStaff.entries()].filter(([, rows]) =>
    rows.some((r) => r.schoolYear === staffYear),
  );
  for (const [id, rows] of sitting) {
    const now = rows.find((r) => r.schoolYear === staffYear);
    if (now) incumbents.set(now.schoolId, id);
  }
  const scoped = sitting.filter(([, rows]) =>
    inScope(rows.find((r) => r.schoolYear === staffYear)?.schoolId ?? ''),
  );
  // Ratings are read only for principals whose school the actor may see individual ratings for.
  const rateable = scoped
    .filter(([, rows]) =>
      canViewIndividualRatings(actor, rows.find((r) => r.schoolYear === staffYear)?.schoolId ?? ''),
    )
    .map(([id]) => id);
  const ratings = await getLatestRatings(db, actor.districtId, rateable, staffYear);
  await recordAudit(
    db,
    actor,
    ...ratings.map((r) => ({
      action: 'rating_read',
      subjectType: 'staff',
      subjectId: r.staffId,
      detail: { purpose: 'principal_placement', schoolYear: r.schoolYear },
    })),
  );
  const ratingOf = new Map(ratings.map((r) => [r.staffId, r]));
  const principals: PrincipalCandidate[] = scoped.map(([id, rows]) => {
    const now = rows.find((r) => r.schoolYear === staffYear);
    const rating = ratingOf.get(id);
    const eff = rating ? EFFECTIVENESS[rating.rating.trim().toLowerCase()] : undefined;
    return {
      id,
      name: `${rows[0]?.firstName ?? ''} ${rows[0]?.lastName ?? ''}`.trim(),
      currentSchoolId: now?.schoolId ?? null,
      yearsAsPrincipal: now?.yearsExperience ?? rows.length,
      effectiveness: eff ?? null,
      ratingText: rating && eff !== undefined ? `${rating.rating} (${rating.schoolYear})` : null,
      history: rows.map(
        (r) => contextOf.get(`${r.schoolId}|${r.schoolYear}`) ?? latestContext(r.schoolId),
      ),
      note: null,
    };
  });

  // Aspiring principals: residents whose residency is completed or under way.
  const residents = residencies.filter(
    (r) =>
      (r.status === 'completed' || r.status === 'in_progress') &&
      (inScope(r.firstSchoolId) || inScope(r.secondSchoolId)),
  );
  const names = new Map(
    (
      await listStaffNames(
        db,
        actor.districtId,
        residents.map((r) => r.residentStaffId),
      )
    ).map((s) => [s.id, `${s.firstName} ${s.lastName}`]),
  );
  for (const r of residents) {
    if (incumbents.has(r.firstSchoolId) && principals.some((p) => p.id === r.residentStaffId))
      continue;
    if (principals.some((p) => p.id === r.residentStaffId)) continue;
    principals.push({
      id: r.residentStaffId,
      name: names.get(r.residentStaffId) ?? r.residentStaffId,
      currentSchoolId: null,
      yearsAsPrincipal: 0,
      effectiveness: null,
      ratingText: null,
      history: [],
      note: `residency at ${schoolById.get(r.firstSchoolId)?.name ?? r.firstSchoolId} and ${schoolById.get(r.secondSchoolId)?.name ?? r.secondSchoolId} (${r.startsOn} to ${r.endsOn}, ${r.status.replace('_', ' ')})`,
    });
  }

  const open = new Map(
    openPosts
      .filter((p) => p.status === 'open' && p.schoolYear === year)
      .map((p) => [p.schoolId, p]),
  );
  const posts: Post[] = schools
    .filter((s) => inScope(s.id) && (incumbents.has(s.id) || open.has(s.id)))
    .map((s) => {
      const ctx = latestContext(s.id);
      const o = open.get(s.id);
      return {
        ...ctx,
        schoolId: s.id,
        schoolName: s.name,
        need: needs.get(s.id) ?? null,
        incumbentId: incumbents.get(s.id) ?? null,
        isOpen: o !== undefined,
        openReason: o
          ? `${REASON_WORDS[o.reason]} (post open for ${year - 1}–${String(year % 100).padStart(2, '0')})`
          : null,
      };
    });
  return { year, principals, posts, scope: scope === 'all' ? 'district' : 'caseload' };
}

const REASON_WORDS: Record<PrincipalPostReason, string> = {
  retirement: 'retirement',
  resignation: 'resignation',
  new_school: 'new school',
  planned_move: 'planned move',
  other: 'open post',
};

export interface PlacementView extends Placement {
  year: number;
  scope: 'district' | 'caseload';
  settings: PlacementSettings;
  posts: Array<{
    schoolId: string;
    schoolName: string;
    need: number | null;
    isOpen: boolean;
    openReason: string | null;
    incumbent: string | null;
  }>;
  principals: Array<{
    id: string;
    name: string;
    schoolId: string | null;
    yearsAsPrincipal: number;
    rating: string | null;
    contexts: number;
  }>;
}

function present(
  instance: PlacementInstance,
  settings: PlacementSettings,
  result: Placement,
): PlacementView {
  const names = new Map(instance.principals.map((p) => [p.id, p.name]));
  return {
    ...result,
    year: instance.year,
    scope: instance.scope,
    settings,
    posts: instance.posts
      .filter((p) => p.isOpen || settings.mustMove.includes(p.incumbentId ?? ''))
      .map((p) => ({
        schoolId: p.schoolId,
        schoolName: p.schoolName,
        need: p.need === null ? null : Math.round(p.need),
        isOpen: p.isOpen,
        openReason: p.openReason,
        incumbent: p.incumbentId === null ? null : (names.get(p.incumbentId) ?? null),
      })),
    principals: instance.principals.map((p) => ({
      id: p.id,
      name: p.name,
      schoolId: p.currentSchoolId,
      yearsAsPrincipal: p.yearsAsPrincipal,
      rating: p.ratingText,
      contexts: new Set(p.history.map((h) => `${h.level}|${h.povertyBand}|${h.tier}`)).size,
    })),
  };
}

export async function runPlacement(
  db: Db,
  actor: Actor,
  raw: PlacementInput,
): Promise<PlacementView> {
  const settings = PlacementInputSchema.parse(raw);
  const instance = await loadPlacementInstance(db, actor);
  return present(
    instance,
    settings,
    placePrincipals(instance.principals, instance.posts, settings),
  );
}

export async function recordPlacement(db: Db, actor: Actor, raw: PlacementInput) {
  const settings = PlacementInputSchema.parse(raw);
  const instance = await loadPlacementInstance(db, actor);
  const result = placePrincipals(instance.principals, instance.posts, settings);
  const id = randomUUID();
  await insertMatchRun(db, {
    districtId: actor.districtId,
    id,
    kind: 'principals',
    schoolYear: instance.year,
    settings,
    inputs: { principals: instance.principals, posts: instance.posts, scope: instance.scope },
    result,
    objective: result.totalValue,
    summary: `${result.recommendations.length} placements, ${result.moves} moves, ${result.unfilled.length} posts unfilled`,
    runBy: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'principal_placement.record',
    subjectType: 'match_run',
    subjectId: id,
    detail: { year: instance.year, placements: result.recommendations.length },
  });
  return { id, ...present(instance, settings, result) };
}

export async function listPlacementRuns(db: Db, actor: Actor) {
  placementScope(actor);
  return (await listMatchRuns(db, actor.districtId, 'principals')).map((r) => ({
    id: r.id,
    year: r.schoolYear,
    objective: r.objective,
    summary: r.summary,
    runAt: new Date(r.runAt).toISOString(),
    runBy: r.runByName,
  }));
}

/** A recorded placement; its inputs hold ratings, so reading it is audited per principal. */
export async function getPlacementRun(db: Db, actor: Actor, id: string) {
  const scope = placementScope(actor);
  const row = await getMatchRun(db, actor.districtId, 'principals', id);
  if (!row) throw notFound(`Principal placement ${id}`);
  const inputs = row.inputs as {
    principals: PrincipalCandidate[];
    posts: Post[];
    scope: 'district' | 'caseload';
  };
  if (scope !== 'all' && inputs.posts.some((p) => !scope.has(p.schoolId))) {
    throw forbidden('This placement covers schools outside your caseload.');
  }
  await recordAudit(
    db,
    actor,
    ...inputs.principals
      .filter((p) => p.ratingText !== null)
      .map((p) => ({
        action: 'rating_read',
        subjectType: 'staff',
        subjectId: p.id,
        detail: { purpose: 'principal_placement_run', runId: id },
      })),
  );
  const settings = PlacementInputSchema.parse(row.settings);
  const instance: PlacementInstance = {
    year: row.schoolYear,
    principals: inputs.principals,
    posts: inputs.posts,
    scope: inputs.scope,
  };
  return {
    id: row.id,
    runAt: new Date(row.runAt).toISOString(),
    runBy: row.runByName,
    ...present(instance, settings, row.result as Placement),
  };
}

export const PostInputSchema = z.object({
  schoolId: z.string().min(1).max(64),
  schoolYear: z.number().int().min(1990).max(2100),
  reason: z.enum(['retirement', 'resignation', 'new_school', 'planned_move', 'other']),
  note: z.string().max(500).default(''),
});

export async function listPosts(db: Db, actor: Actor) {
  const scope = placementScope(actor);
  return (await listPrincipalPosts(db, actor.districtId)).filter(
    (p) => scope === 'all' || scope.has(p.schoolId),
  );
}

export async function createPost(db: Db, actor: Actor, raw: z.input<typeof PostInputSchema>) {
  const scope = placementScope(actor);
  const input = PostInputSchema.parse(raw);
  if (scope !== 'all' && !scope.has(input.schoolId))
    throw forbidden('That school is outside your caseload.');
  if (!(await getSchool(db, actor.districtId, input.schoolId)))
    throw notFound(`School ${input.schoolId}`);
  const existing = await listPrincipalPosts(db, actor.districtId);
  if (existing.some((p) => p.schoolId === input.schoolId && p.status === 'open')) {
    throw badRequest('That school already has an open post.');
  }
  const id = randomUUID();
  await insertPrincipalPost(db, {
    districtId: actor.districtId,
    id,
    ...input,
    createdBy: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'principal_post.create',
    subjectType: 'principal_post',
    subjectId: id,
    detail: { schoolId: input.schoolId },
  });
  return id;
}

export async function setPostStatus(
  db: Db,
  actor: Actor,
  id: string,
  status: 'open' | 'filled' | 'withdrawn',
) {
  const scope = placementScope(actor);
  const post = (await listPrincipalPosts(db, actor.districtId)).find((p) => p.id === id);
  if (!post) throw notFound(`Post ${id}`);
  if (scope !== 'all' && !scope.has(post.schoolId))
    throw forbidden('That school is outside your caseload.');
  await setPrincipalPostStatus(db, actor.districtId, id, status);
  await recordAudit(db, actor, {
    action: 'principal_post.status',
    subjectType: 'principal_post',
    subjectId: id,
    detail: { status },
  });
}

export function placementTable(
  view: Pick<Placement, 'recommendations' | 'unfilled' | 'method'>,
): ExportTable {
  return {
    title: 'Principal placement',
    notes: [view.method],
    columns: [
      { key: 'school_id', header: 'School ID', kind: 'text', definition: 'The post.' },
      { key: 'school', header: 'School', kind: 'text', definition: 'The post.' },
      {
        key: 'principal_id',
        header: 'Principal ID',
        kind: 'text',
        definition: 'Recommended principal (staff ID).',
      },
      { key: 'principal', header: 'Principal', kind: 'text', definition: 'Recommended principal.' },
      {
        key: 'from_school_id',
        header: 'Moves from',
        kind: 'text',
        definition: 'Current school, blank for an aspiring principal.',
      },
      {
        key: 'kind',
        header: 'Kind',
        kind: 'text',
        definition: 'move, must_move, aspiring or pinned.',
      },
      {
        key: 'value',
        header: 'Value (points)',
        kind: 'count',
        definition: 'Value at the post minus what the current school loses.',
      },
      {
        key: 'explanation',
        header: 'Explanation',
        kind: 'text',
        definition: 'Why this recommendation.',
      },
    ],
    rows: [
      ...view.recommendations.map((r) => [
        r.schoolId,
        r.schoolName,
        r.principalId,
        r.principalName,
        r.fromSchoolId ?? '',
        r.kind,
        r.value,
        r.explanation.join(' '),
      ]),
      ...view.unfilled.map((u) => [
        u.schoolId,
        u.schoolName,
        '',
        'Not filled',
        '',
        '',
        null,
        u.reason,
      ]),
    ],
  };
}
