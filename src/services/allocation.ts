// The allocation planner (issue #5; DOMAIN.md §5 "extra staffing for high-needs schools", §7):
// saved scenarios — a pool of FTE or dollars and rules — run against every school's current need
// index and tier from the diagnostics service; two to four scenarios side by side; every school's
// share with the reasons. The arithmetic is src/domain/equity/allocation.ts.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  deleteScenario as removeScenario,
  getScenarios,
  insertScenario,
  listScenarios,
  updateScenario as writeScenario,
  type ScenarioRow,
} from '../db/queries/allocation.ts';
import { canManageIncentives, canViewIncentives, type Actor } from '../domain/access/access.ts';
import {
  allocatePool,
  type AllocationResult,
  type AllocationRules,
  type AllocationSchool,
} from '../domain/equity/allocation.ts';
import { compareScenarioSet, type ScenarioSetComparison } from '../domain/equity/scenarios.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { loadSchoolContext, type DistrictContext } from './allocation-context.ts';
import { AllocationRulesSchema } from './allocation-rules.ts';
import { recordAudit } from './audit.ts';
import type { RuleSetKey } from './diagnostics-shared.ts';

export interface ScenarioView {
  id: string;
  rules: AllocationRules;
  createdAt: string;
  updatedAt: string;
}

function assertCanView(actor: Actor) {
  if (!canViewIncentives(actor)) {
    throw forbidden(
      'The allocation planner is open to district leaders, HR, finance and analysts.',
    );
  }
}

function assertCanManage(actor: Actor) {
  if (!canManageIncentives(actor)) {
    throw forbidden('Only district leaders, HR and finance may save allocation scenarios.');
  }
}

export function parseRules(input: unknown, field = 'rules'): AllocationRules {
  const parsed = AllocationRulesSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest(
      'The allocation rules are not valid.',
      parsed.error.issues.map((i) => ({ field: [field, ...i.path].join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

function toView(row: ScenarioRow): ScenarioView {
  const stored = (row.rules ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    rules: parseRules({ ...stored, name: row.name, unit: row.poolUnit, pool: row.poolAmount }),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function listAllocationScenarios(
  db: Db,
  actor: Actor,
): Promise<{ scenarios: ScenarioView[]; canManage: boolean }> {
  assertCanView(actor);
  const rows = await listScenarios(db, actor.districtId);
  return { scenarios: rows.map(toView), canManage: canManageIncentives(actor) };
}

async function getScenario(db: Db, actor: Actor, id: string): Promise<ScenarioView> {
  const [row] = await getScenarios(db, actor.districtId, [id]);
  if (!row) throw notFound('The allocation scenario');
  return toView(row);
}

function storedRules(rules: AllocationRules) {
  const { name: _name, unit: _unit, pool: _pool, ...rest } = rules;
  return rest;
}

export async function createAllocationScenario(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<ScenarioView> {
  assertCanManage(actor);
  const rules = parseRules(input);
  const id = randomUUID();
  await insertScenario(db, {
    districtId: actor.districtId,
    id,
    name: rules.name,
    poolUnit: rules.unit,
    poolAmount: rules.pool,
    rules: storedRules(rules),
    userId: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'allocation_scenario_created',
    subjectType: 'allocation_scenario',
    subjectId: id,
  });
  return getScenario(db, actor, id);
}

export async function updateAllocationScenario(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
): Promise<ScenarioView> {
  assertCanManage(actor);
  const rules = parseRules(input);
  const changed = await writeScenario(db, actor.districtId, id, {
    name: rules.name,
    poolUnit: rules.unit,
    poolAmount: rules.pool,
    rules: storedRules(rules),
  });
  if (changed === 0) throw notFound('The allocation scenario');
  await recordAudit(db, actor, {
    action: 'allocation_scenario_updated',
    subjectType: 'allocation_scenario',
    subjectId: id,
  });
  return getScenario(db, actor, id);
}

export async function deleteAllocationScenario(db: Db, actor: Actor, id: string): Promise<void> {
  assertCanManage(actor);
  const removed = await removeScenario(db, actor.districtId, id);
  if (removed === 0) throw notFound('The allocation scenario');
  await recordAudit(db, actor, {
    action: 'allocation_scenario_deleted',
    subjectType: 'allocation_scenario',
    subjectId: id,
  });
}

export interface AllocationBasis {
  year: number | null;
  ruleSet: string;
  tiers: { rank: number; label: string }[];
  /** Schools left out: no need index for the year. */
  skipped: { schoolId: string; name: string; reason: string }[];
  methods: string[];
}

/** The schools as the allocation sees them: need index and tier rank from the diagnostics. */
export function allocationSchools(context: DistrictContext): {
  schools: AllocationSchool[];
  basis: AllocationBasis;
} {
  const schools: AllocationSchool[] = [];
  const skipped: AllocationBasis['skipped'] = [];
  for (const s of context.schools) {
    if (s.needIndex === null) {
      skipped.push({
        schoolId: s.id,
        name: s.name,
        reason: 'No need index for the year (no poverty, English learner or disability figures).',
      });
      continue;
    }
    schools.push({
      schoolId: s.id,
      name: s.name,
      needIndex: Math.round(s.needIndex * 10) / 10,
      enrollment: s.enrollment,
      tier: s.tierRank,
    });
  }
  return {
    schools,
    basis: {
      year: context.year,
      ruleSet: context.ruleSet.name,
      tiers: context.tiers.map((label, i) => ({ rank: i + 1, label })),
      skipped,
      methods: [context.methods.needIndex, context.methods.tiers],
    },
  };
}

export interface AllocationRun {
  result: AllocationResult;
  basis: AllocationBasis;
}

export interface RunOptions {
  year?: number;
  ruleSet?: RuleSetKey;
}

/** Runs rules (saved or not) on the district's schools as they are now. */
export async function runAllocation(
  db: Db,
  actor: Actor,
  input: unknown,
  options: RunOptions = {},
): Promise<AllocationRun> {
  assertCanView(actor);
  const rules = parseRules(input);
  const context = await loadSchoolContext(db, actor, options);
  const { schools, basis } = allocationSchools(context);
  return { result: allocatePool(schools, rules), basis };
}

export async function runAllocationScenario(
  db: Db,
  actor: Actor,
  id: string,
  options: RunOptions = {},
): Promise<AllocationRun & { scenario: ScenarioView }> {
  assertCanView(actor);
  const scenario = await getScenario(db, actor, id);
  const run = await runAllocation(db, actor, scenario.rules, options);
  return { ...run, scenario };
}

export interface AllocationComparison extends ScenarioSetComparison {
  scenarios: ScenarioView[];
  basis: AllocationBasis;
}

/** Two to four saved scenarios side by side on the same schools. */
export async function compareAllocationScenarios(
  db: Db,
  actor: Actor,
  ids: readonly string[],
  options: RunOptions = {},
): Promise<AllocationComparison> {
  assertCanView(actor);
  const unique = [...new Set(ids)];
  if (unique.length < 2 || unique.length > 4) {
    throw badRequest('Choose two, three or four different scenarios to compare.', [
      { field: 'ids', message: `${unique.length} chosen.` },
    ]);
  }
  const rows = await getScenarios(db, actor.districtId, unique);
  const byId = new Map(rows.map((r) => [r.id, toView(r)]));
  const scenarios = unique.map((id) => {
    const scenario = byId.get(id);
    if (!scenario) throw notFound(`The allocation scenario ${id}`);
    return scenario;
  });
  const context = await loadSchoolContext(db, actor, options);
  const { schools, basis } = allocationSchools(context);
  const comparison = compareScenarioSet(
    schools,
    scenarios.map((s) => s.rules),
  );
  return { ...comparison, scenarios, basis };
}
