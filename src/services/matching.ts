// Partner-school matching (issue #6; DOMAIN.md §8, Shanghai's Empowered Management): the schools
// identified for support and the district's strong schools are read from the diagnostics, the
// optimal matching is solved (src/domain/matching/partners.ts), and a district leader or principal
// supervisor may record it with its settings and inputs so that it can be shown and solved again.
// Principals see only their own school's partner.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  getMatchRun,
  insertMatchRun,
  listMatchingSchools,
  listMatchRuns,
  listPartnerCapacities,
  upsertPartnerCapacity,
} from '../db/queries/matching.ts';
import { getSchool } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { groupLabel, isHigherBetter, measureLabel } from '../domain/diagnostics/format.ts';
import { runRuleSet } from '../domain/diagnostics/identification.ts';
import { findPocketsOfSuccess } from '../domain/diagnostics/pockets.ts';
import { assessPerformanceAgainstPoverty } from '../domain/diagnostics/regression.ts';
import { MEASURE, figureOf, groupsPresent, usableValue } from '../domain/diagnostics/types.ts';
import { findAreas, type AreaFigure } from '../domain/matching/areas.ts';
import {
  DEFAULT_PARTNER_SETTINGS,
  matchPartners,
  type NeedingSchool,
  type PartnerMatch,
  type PartnerSettings,
  type StrongSchool,
} from '../domain/matching/partners.ts';
import { areaKey, type Area } from '../domain/matching/types.ts';
import { STUDENT_GROUPS, isStudentGroup, type StudentGroup } from '../domain/shared/catalogue.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import {
  EXPECTATION_YEARS,
  OUTCOME_KEYS,
  RULE_SET_KEYS,
  chooseYear,
  resolveRuleSet,
} from './diagnostics-shared.ts';
import type { ExportTable } from './exports/table.ts';

const PairSchema = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });

export const PartnerRunInputSchema = z.object({
  year: z.number().int().min(1990).max(2100).optional(),
  ruleSet: z.enum(RULE_SET_KEYS).default('north-carolina'),
  defaultCapacity: z.number().int().min(0).max(20).default(1),
  travelLimit: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('km'), km: z.number().positive().max(500) }),
      z.object({ kind: z.literal('same_city') }),
      z.object({ kind: z.literal('none') }),
    ])
    .optional(),
  maxContextDistance: z.number().positive().max(200).default(25),
  coverage: z.enum(['all_possible', 'best_fit_only']).default('all_possible'),
  pins: z.array(PairSchema).max(2000).default([]),
  forbids: z.array(PairSchema).max(5000).default([]),
});
export type PartnerRunInput = z.input<typeof PartnerRunInputSchema>;

export interface PartnerInstance {
  year: number;
  ruleSetName: string;
  needing: NeedingSchool[];
  strong: StrongSchool[];
  settings: PartnerSettings;
  defaultCapacity: number;
  travelNote: string;
}

export interface PartnerMatchView extends PartnerMatch {
  year: number;
  ruleSetName: string;
  settings: PartnerSettings;
  defaultCapacity: number;
  travelNote: string;
  needingCount: number;
  strongCount: number;
  canRecord: boolean;
}

function holdsAny(actor: Actor, roles: readonly string[]) {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** District leaders and principal supervisors run and record matches (DOMAIN.md §2). */
export function canRunMatching(actor: Actor): boolean {
  return actor.grants.some(
    (g) =>
      (g.role === 'district_leader' && g.schoolId === null) || g.role === 'principal_supervisor',
  );
}

function assertCanRun(actor: Actor) {
  if (!canRunMatching(actor)) {
    throw forbidden('Only a district leader or a principal supervisor may run partner matching.');
  }
}

/** Whose pairs an actor may see in a recorded run: all, or only their own schools'. */
function visibleSchools(actor: Actor): 'all' | Set<string> | null {
  if (canRunMatching(actor) || holdsAny(actor, ['analyst'])) return 'all';
  const own = actor.grants.filter((g) => g.role === 'principal' && g.schoolId !== null);
  if (own.length === 0) return null;
  return new Set(own.map((g) => g.schoolId ?? ''));
}

const AREA_GROUPS = Object.keys(STUDENT_GROUPS).filter(isStudentGroup);

/** Loads the district's needing and strong schools for a school year. */
export async function loadPartnerInstance(
  db: Db,
  actor: Actor,
  raw: PartnerRunInput,
): Promise<PartnerInstance> {
  assertCanRun(actor);
  const input = PartnerRunInputSchema.parse(raw);
  const [data, schoolRows, capacities] = await Promise.all([
    loadDiagnosticData(db, actor.districtId),
    listMatchingSchools(db, actor.districtId),
    listPartnerCapacities(db, actor.districtId),
  ]);
  const year = chooseYear(data.years, [], input.year);
  if (year === null) throw badRequest('No school figures are loaded yet.');
  const ruleSet = resolveRuleSet(input.ruleSet);
  const minimumN = ruleSet.minimumN;
  const current = data.rows.filter((r) => r.year === year);
  const identified = new Set(
    runRuleSet(ruleSet, data.rows, year)
      .filter((r) => r.identified)
      .map((r) => r.schoolId),
  );
  const outcome =
    OUTCOME_KEYS.find((k) => current.some((r) => usableValue(figureOf(r, k), minimumN).ok)) ??
    'spg_score';
  const beating = new Set(
    assessPerformanceAgainstPoverty(data.rows, {
      outcome,
      year,
      minimumN,
      method: { kind: 'crpe', alpha: 0.05, years: EXPECTATION_YEARS },
    })
      .schools.filter((s) => s.classification === 'beating_the_odds')
      .map((s) => s.schoolId),
  );
  const pockets = findPocketsOfSuccess(current, { measure: outcome, minimumN });

  // Areas: every outcome for every published student group, under the minimum n.
  const groups: StudentGroup[] = groupsPresent(current, AREA_GROUPS);
  const figures: AreaFigure[] = [];
  for (const row of current) {
    for (const measure of OUTCOME_KEYS) {
      for (const group of groups) {
        const u = usableValue(figureOf(row, measure, group), minimumN);
        if (!u.ok) continue;
        figures.push({
          schoolId: row.schoolId,
          level: row.level,
          measure,
          group,
          label: `${measureLabel(measure)}, ${groupLabel(group).toLowerCase()}`,
          value: u.value,
          higherIsBetter: isHigherBetter(measure),
        });
      }
    }
  }
  const areas = findAreas(figures);
  const capacityOf = new Map(capacities.map((c) => [c.schoolId, c.capacity]));
  const byId = new Map(schoolRows.map((s) => [s.id, s]));
  const everyLocated =
    schoolRows.length > 0 && schoolRows.every((s) => s.latitude !== null && s.longitude !== null);
  const travelLimit =
    input.travelLimit ??
    (everyLocated ? { kind: 'km' as const, km: 10 } : { kind: 'same_city' as const });
  const travelNote = input.travelLimit
    ? 'Travel limit as chosen.'
    : everyLocated
      ? 'Travel limit: 10 km in a straight line (every school has coordinates).'
      : 'Travel limit: the same town (the city of the school’s address), because the district’s files have no school coordinates.';

  const needing: NeedingSchool[] = [];
  const strong: StrongSchool[] = [];
  for (const row of current) {
    const school = byId.get(row.schoolId);
    if (!school) continue;
    const value = (key: string) => {
      const u = usableValue(figureOf(row, key), minimumN);
      return u.ok ? u.value : null;
    };
    const base = {
      id: school.id,
      name: school.name,
      level: school.level,
      context: {
        econDisadv: value(MEASURE.econDisadv),
        el: value(MEASURE.el),
        swd: value(MEASURE.swd),
      },
      location: { latitude: school.latitude, longitude: school.longitude, city: school.city },
    };
    const a = areas.get(school.id) ?? { needs: [], strengths: [] };
    if (identified.has(school.id)) {
      if (a.needs.length > 0) needing.push({ ...base, needs: a.needs });
      continue;
    }
    // A pocket of success is a strength in its own right (top decile: full weight).
    const strengths: Area[] = [...a.strengths];
    const have = new Set(strengths.map(areaKey));
    for (const p of pockets.filter((x) => x.schoolId === school.id)) {
      const area = { measure: p.measure, group: p.group };
      if (have.has(areaKey(area))) continue;
      have.add(areaKey(area));
      strengths.push({
        ...area,
        label: `${measureLabel(p.measure)}, ${groupLabel(p.group).toLowerCase()} (pocket of success)`,
        weight: 1,
      });
    }
    const isStrong = beating.has(school.id) || strengths.length > 0;
    if (isStrong && strengths.length > 0) {
      strong.push({
        ...base,
        capacity: capacityOf.get(school.id) ?? input.defaultCapacity,
        strengths,
      });
    }
  }
  return {
    year,
    ruleSetName: ruleSet.name,
    needing,
    strong,
    defaultCapacity: input.defaultCapacity,
    travelNote,
    settings: {
      ...DEFAULT_PARTNER_SETTINGS,
      travelLimit,
      maxContextDistance: input.maxContextDistance,
      coverage: input.coverage,
      pins: input.pins,
      forbids: input.forbids,
    },
  };
}

function view(instance: PartnerInstance, result: PartnerMatch, actor: Actor): PartnerMatchView {
  return {
    ...result,
    year: instance.year,
    ruleSetName: instance.ruleSetName,
    settings: instance.settings,
    defaultCapacity: instance.defaultCapacity,
    travelNote: instance.travelNote,
    needingCount: instance.needing.length,
    strongCount: instance.strong.length,
    canRecord: canRunMatching(actor),
  };
}

/** Solves the matching for the settings without recording it. */
export async function runPartnerMatch(db: Db, actor: Actor, input: PartnerRunInput) {
  const instance = await loadPartnerInstance(db, actor, input);
  return view(instance, matchPartners(instance.needing, instance.strong, instance.settings), actor);
}

export interface MatchRunSummary {
  id: string;
  year: number;
  objective: number;
  summary: string;
  runAt: string;
  runBy: string | null;
}

/** Solves and records the run: settings, the full instance and the result. */
export async function recordPartnerMatch(db: Db, actor: Actor, input: PartnerRunInput) {
  const instance = await loadPartnerInstance(db, actor, input);
  const result = matchPartners(instance.needing, instance.strong, instance.settings);
  const id = randomUUID();
  const summary = `${result.pairs.length} pairs; ${result.unmatched.length} schools without a partner`;
  await insertMatchRun(db, {
    districtId: actor.districtId,
    id,
    kind: 'partners',
    schoolYear: instance.year,
    settings: {
      ...instance.settings,
      defaultCapacity: instance.defaultCapacity,
      ruleSetName: instance.ruleSetName,
      travelNote: instance.travelNote,
    },
    inputs: { needing: instance.needing, strong: instance.strong },
    result,
    objective: result.objective,
    summary,
    runBy: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'partner_match.record',
    subjectType: 'match_run',
    subjectId: id,
    detail: { year: instance.year, pairs: result.pairs.length },
  });
  return getPartnerRun(db, actor, id);
}

const toSummary = (r: {
  id: string;
  schoolYear: number;
  objective: number;
  summary: string;
  runAt: Date;
  runByName: string | null;
}): MatchRunSummary => ({
  id: r.id,
  year: r.schoolYear,
  objective: r.objective,
  summary: r.summary,
  runAt: new Date(r.runAt).toISOString(),
  runBy: r.runByName,
});

export async function listPartnerRuns(db: Db, actor: Actor): Promise<MatchRunSummary[]> {
  if (visibleSchools(actor) === null) throw forbidden();
  return (await listMatchRuns(db, actor.districtId, 'partners')).map(toSummary);
}

const StoredSettings = z
  .object({
    defaultCapacity: z.number(),
    ruleSetName: z.string(),
    travelNote: z.string(),
  })
  .passthrough();

export interface PartnerRunDetail extends MatchRunSummary {
  match: PartnerMatchView;
  /** True when only the actor's own school's pair is shown. */
  isFiltered: boolean;
}

export async function getPartnerRun(db: Db, actor: Actor, id: string): Promise<PartnerRunDetail> {
  const scope = visibleSchools(actor);
  if (scope === null) throw forbidden();
  const row = await getMatchRun(db, actor.districtId, 'partners', id);
  if (!row) throw notFound(`Partner match ${id}`);
  const stored = row.result as PartnerMatch;
  const settings = row.settings as PartnerSettings;
  const extra = StoredSettings.parse(row.settings);
  const inputs = row.inputs as { needing: unknown[]; strong: unknown[] };
  const mine = (ids: string[]) => scope === 'all' || ids.some((x) => scope.has(x));
  const match: PartnerMatchView = {
    ...stored,
    pairs: stored.pairs.filter((p) => mine([p.needingId, p.partnerId])),
    unmatched: stored.unmatched.filter((u) => mine([u.id])),
    partners: stored.partners.filter((p) => mine([p.id])),
    year: row.schoolYear,
    ruleSetName: extra.ruleSetName,
    settings,
    defaultCapacity: extra.defaultCapacity,
    travelNote: extra.travelNote,
    needingCount: inputs.needing.length,
    strongCount: inputs.strong.length,
    canRecord: canRunMatching(actor),
  };
  return { ...toSummary(row), match, isFiltered: scope !== 'all' };
}

/** Re-solves a recorded run from its stored inputs and settings (reproducibility). */
export async function resolveRecordedPartnerRun(db: Db, actor: Actor, id: string) {
  assertCanRun(actor);
  const row = await getMatchRun(db, actor.districtId, 'partners', id);
  if (!row) throw notFound(`Partner match ${id}`);
  const inputs = row.inputs as { needing: NeedingSchool[]; strong: StrongSchool[] };
  return matchPartners(inputs.needing, inputs.strong, row.settings as PartnerSettings);
}

export async function setPartnerCapacity(
  db: Db,
  actor: Actor,
  input: { schoolId: string; capacity: number; note?: string },
) {
  assertCanRun(actor);
  if (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > 20) {
    throw badRequest('Capacity must be a whole number from 0 to 20.');
  }
  const school = await getSchool(db, actor.districtId, input.schoolId);
  if (!school) throw notFound(`School ${input.schoolId}`);
  await upsertPartnerCapacity(db, {
    districtId: actor.districtId,
    schoolId: input.schoolId,
    capacity: input.capacity,
    note: input.note ?? '',
    setBy: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'partner_capacity.set',
    subjectType: 'school',
    subjectId: input.schoolId,
    detail: { capacity: input.capacity },
  });
}

/** The pairs as a table for CSV export and `tandem match partners`. */
export function partnerMatchTable(match: PartnerMatch): ExportTable {
  return {
    title: 'Partner-school matching',
    notes: [match.method],
    columns: [
      {
        key: 'school_id',
        header: 'School ID',
        kind: 'text',
        definition: 'School needing support.',
      },
      { key: 'school', header: 'School', kind: 'text', definition: 'School needing support.' },
      { key: 'partner_id', header: 'Partner ID', kind: 'text', definition: 'Proposed partner.' },
      { key: 'partner', header: 'Partner', kind: 'text', definition: 'Proposed partner.' },
      {
        key: 'fit',
        header: 'Fit (points)',
        kind: 'count',
        definition: 'Sum over shared areas of 25–100 points.',
      },
      {
        key: 'context_distance',
        header: 'Context distance (points)',
        kind: 'decimal',
        definition: 'Euclidean distance in percentage points over poverty, EL and SWD shares.',
      },
      {
        key: 'km',
        header: 'Distance (km)',
        kind: 'decimal',
        definition: 'Straight-line distance, where both schools have coordinates.',
      },
      {
        key: 'pinned',
        header: 'Pinned',
        kind: 'flag',
        definition: 'Fixed by the district before solving.',
      },
      { key: 'reasons', header: 'Reasons', kind: 'text', definition: 'Why the pair was proposed.' },
    ],
    rows: [
      ...match.pairs.map((p) => [
        p.needingId,
        p.needingName,
        p.partnerId,
        p.partnerName,
        p.fit,
        Math.round(p.contextDistance * 10) / 10,
        p.km === null ? null : Math.round(p.km * 10) / 10,
        p.isPinned ? 'Y' : 'N',
        p.reasons.join(' '),
      ]),
      ...match.unmatched.map((u) => [
        u.id,
        u.name,
        '',
        'No partner',
        null,
        null,
        null,
        'N',
        u.reason,
      ]),
    ],
  };
}
