// Recording identification runs (issue #4; DOMAIN.md §3): a district leader runs a rule set on a
// school year and the result is stored as it was — the full rule set, the date, who ran it, and
// every school's result with its reasons — so that any past identification can be shown again
// exactly as recorded, whatever the data has become since.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  getIdentificationRun as findRun,
  insertIdentificationRun,
  listIdentificationResults,
  listIdentificationRuns as findRuns,
} from '../db/queries/diagnostics.ts';
import { canChangeRules, type Actor } from '../domain/access/access.ts';
import { runRuleSet } from '../domain/diagnostics/identification.ts';
import { DesignationSchema, RuleSetSchema, type RuleSet } from '../domain/diagnostics/rule-set.ts';
import { isStudentGroup, type StudentGroup } from '../domain/shared/catalogue.ts';
import { forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { diagnosticsSnapshot } from './diagnostics-cache.ts';
import { resolveRuleSetRef } from './rule-sets.ts';
import { assertCanView, chooseYear, describeIdentification } from './diagnostics-shared.ts';
import type { DesignationRecord } from '../domain/diagnostics/identification.ts';

export interface IdentificationRunSummary {
  id: string;
  ruleSetId: string;
  ruleSetName: string;
  year: number;
  runAt: string;
  runBy: { userId: string; name: string | null } | null;
  schools: number;
  identified: number;
}

export interface IdentificationRunDetail extends IdentificationRunSummary {
  ruleSet: RuleSet;
  method: string;
  results: Array<{
    schoolId: string;
    schoolName: string;
    identified: boolean;
    tier: string | null;
    designations: DesignationRecord[];
    reasons: string[];
  }>;
}

// Stored JSON is read back through a schema: the database is a boundary too.
const DesignationsJson = z.array(
  z.object({ designation: DesignationSchema, rule: z.string(), group: z.string().optional() }),
);
const ReasonsJson = z.array(z.string());

function parseDesignations(json: unknown): DesignationRecord[] {
  return DesignationsJson.parse(json).map((d) => {
    const group: StudentGroup | undefined =
      d.group !== undefined && isStudentGroup(d.group) ? d.group : undefined;
    return group === undefined
      ? { designation: d.designation, rule: d.rule }
      : { designation: d.designation, rule: d.rule, group };
  });
}

function assertCanRecord(actor: Actor) {
  if (!canChangeRules(actor)) {
    throw forbidden(
      'Only a district leader may record an identification (plans, settings, rules).',
    );
  }
}

/** Runs a preset on a school year and records the result; returns the run as recorded. */
export async function runIdentification(
  db: Db,
  actor: Actor,
  /** ruleSet: a preset's key or a saved rule set's id. */
  input: { ruleSet: string; year: number },
): Promise<IdentificationRunDetail> {
  assertCanRecord(actor);
  const { data } = await diagnosticsSnapshot(db, actor.districtId);
  const year = chooseYear(data.years, [], input.year) ?? input.year;
  // Defaults filled in, so the stored rule set is exactly what ran.
  const ruleSet = RuleSetSchema.parse(
    (await resolveRuleSetRef(db, actor.districtId, input.ruleSet)).ruleSet,
  );
  const results = runRuleSet(ruleSet, data.rows, year);
  const id = randomUUID();
  await insertIdentificationRun(db, {
    districtId: actor.districtId,
    id,
    ruleSet,
    ruleSetId: ruleSet.id,
    ruleSetName: ruleSet.name,
    schoolYear: year,
    runBy: actor.userId,
    results: results.map((r) => ({
      schoolId: r.schoolId,
      identified: r.identified,
      tier: r.tier,
      designations: r.designations,
      reasons: r.reasons,
    })),
  });
  await recordAudit(db, actor, {
    action: 'identification.run',
    subjectType: 'identification_run',
    subjectId: id,
    detail: { ruleSetId: ruleSet.id, year, identified: results.filter((r) => r.identified).length },
  });
  return getIdentificationRun(db, actor, id);
}

export async function listIdentificationRuns(
  db: Db,
  actor: Actor,
): Promise<IdentificationRunSummary[]> {
  assertCanView(actor);
  const rows = await findRuns(db, actor.districtId);
  return rows.map((r) => ({
    id: r.id,
    ruleSetId: r.rule_set_id,
    ruleSetName: r.rule_set_name,
    year: r.school_year,
    runAt: new Date(r.run_at).toISOString(),
    runBy: r.run_by === null ? null : { userId: r.run_by, name: r.run_by_name },
    schools: Number(r.schools ?? 0),
    identified: Number(r.identified ?? 0),
  }));
}

export async function getIdentificationRun(
  db: Db,
  actor: Actor,
  runId: string,
): Promise<IdentificationRunDetail> {
  assertCanView(actor);
  const run = await findRun(db, actor.districtId, runId);
  if (!run) throw notFound(`Identification run ${runId}`);
  const rows = await listIdentificationResults(db, actor.districtId, runId);
  const ruleSet = RuleSetSchema.parse(run.rule_set);
  const results = rows.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name ?? r.school_id,
    identified: r.identified,
    tier: r.tier,
    designations: parseDesignations(r.designations),
    reasons: ReasonsJson.parse(r.reasons),
  }));
  return {
    id: run.id,
    ruleSetId: run.rule_set_id,
    ruleSetName: run.rule_set_name,
    year: run.school_year,
    runAt: new Date(run.run_at).toISOString(),
    runBy: run.run_by === null ? null : { userId: run.run_by, name: run.run_by_name },
    schools: results.length,
    identified: results.filter((r) => r.identified).length,
    ruleSet,
    method: describeIdentification(ruleSet, run.school_year),
    results,
  };
}
