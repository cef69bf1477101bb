// A district's own identification rule sets (issue #4; DOMAIN.md §3): a district leader starts
// from a preset (North Carolina's low-performing rule or the federal ESSA frame), changes its
// numbers — the CSI percent, the graduation threshold, the TSI years, the minimum n, the
// district's tiers with thresholds on any measure — sees which schools each change identifies
// before saving, and saves it under a name. A saved rule set is stored whole, validated by
// RuleSetSchema with its defaults filled in, so what runs later is exactly what was saved; the
// diagnostics and identification endpoints take its id wherever they take a preset's key.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { listMeasures } from '../db/queries/schools.ts';
import {
  deleteRuleSet,
  findRuleSet,
  findRuleSetByName,
  insertRuleSet,
  listRuleSets,
  updateRuleSet,
} from '../db/queries/rule-sets.ts';
import { canChangeRules, type Actor } from '../domain/access/access.ts';
import {
  RuleSchema,
  RuleSetSchema,
  type Rule,
  type RuleSet,
} from '../domain/diagnostics/rule-set.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import { AppError, badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import { recordAudit } from './audit.ts';
import { diagnosticsSnapshot } from './diagnostics-cache.ts';
import {
  RULE_SET_KEYS,
  assertCanView,
  chooseYear,
  describeIdentification,
  resolveRuleSet,
  type RuleSetKey,
} from './diagnostics-shared.ts';
import { toIdentificationView, type SchoolIdentificationView } from './diagnostics.ts';

/** What a district leader writes: a name, the preset it started from, and the whole rule set. */
export const RuleSetDraftSchema = z.object({
  name: z.string().trim().min(1, 'Give the rule set a name.').max(120),
  basedOn: z.enum(RULE_SET_KEYS),
  // DOMAIN.md §6: a rule set may raise the minimum n, never go below the district's floor.
  minimumN: z
    .number()
    .int()
    .min(DEFAULT_MINIMUM_N, `The minimum n cannot be below ${DEFAULT_MINIMUM_N} (DOMAIN.md §6).`)
    .max(1000),
  rules: z.array(RuleSchema).min(1, 'A rule set needs at least one rule.'),
});
export type RuleSetDraft = z.input<typeof RuleSetDraftSchema>;

export interface SavedRuleSet {
  id: string;
  name: string;
  basedOn: RuleSetKey;
  /** The rule set as it runs (defaults filled in). */
  ruleSet: RuleSet;
  createdAt: string;
  createdBy: { userId: string; name: string | null } | null;
  updatedAt: string;
  updatedBy: { userId: string; name: string | null } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertCanChange(actor: Actor) {
  if (!canChangeRules(actor)) {
    throw forbidden(
      'Only a district leader may change identification rules (plans, settings, rules).',
    );
  }
}

/** Every measure a rule names, so that a typo is refused rather than identifying no one. */
function measuresNamed(rules: readonly Rule[]): string[] {
  const named: string[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case 'nc_low_performing':
        named.push(rule.gradeMeasure, rule.growthMeasure);
        break;
      case 'threshold_tier':
        for (const tier of rule.tiers) {
          for (const c of tier.conditions) if (c.kind !== 'designation') named.push(c.measure);
        }
        break;
      default:
        named.push(rule.measure);
    }
  }
  return named;
}

/** Validates a draft into the rule set that will run; problems name the field. */
async function validateDraft(
  db: Db,
  districtId: string,
  id: string,
  draft: unknown,
): Promise<{ name: string; basedOn: RuleSetKey; ruleSet: RuleSet }> {
  const parsed = RuleSetDraftSchema.safeParse(draft);
  if (!parsed.success) {
    throw badRequest(
      'The rule set is not valid.',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const { name, basedOn, minimumN, rules } = parsed.data;
  const full = RuleSetSchema.safeParse({ id, name, presetOf: basedOn, minimumN, rules });
  if (!full.success) {
    throw badRequest(
      'The rule set is not valid.',
      full.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const known = new Set([
    ...STANDARD_MEASURES.map((m) => m.key),
    ...(await listMeasures(db, districtId)).map((m) => m.key),
  ]);
  const unknown = [...new Set(measuresNamed(full.data.rules))].filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw badRequest(
      `The rule set names measures this district does not have: ${unknown.join(', ')}.`,
      unknown.map((m) => ({ field: 'rules', message: `Unknown measure "${m}".` })),
    );
  }
  return { name, basedOn, ruleSet: full.data };
}

type Row = NonNullable<Awaited<ReturnType<typeof findRuleSet>>>;

function toSaved(row: Row): SavedRuleSet {
  const who = (id: string | null, name: string | null) =>
    id === null ? null : { userId: id, name };
  const basedOn = RULE_SET_KEYS.find((k) => k === row.based_on) ?? 'north-carolina';
  return {
    id: row.id,
    name: row.name,
    basedOn,
    // The database is a boundary too: the stored JSON is read back through the schema.
    ruleSet: RuleSetSchema.parse(row.settings),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: who(row.created_by, row.created_by_name),
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: who(row.updated_by, row.updated_by_name),
  };
}

export async function listSavedRuleSets(db: Db, actor: Actor): Promise<SavedRuleSet[]> {
  assertCanView(actor);
  return (await listRuleSets(db, actor.districtId)).map(toSaved);
}

export async function getSavedRuleSet(db: Db, actor: Actor, id: string): Promise<SavedRuleSet> {
  assertCanView(actor);
  const row = UUID.test(id) ? await findRuleSet(db, actor.districtId, id) : undefined;
  if (!row) throw notFound(`Rule set ${id}`);
  return toSaved(row);
}

async function assertNameFree(db: Db, districtId: string, name: string, except?: string) {
  const other = await findRuleSetByName(db, districtId, name);
  if (other && other.id !== except) {
    throw new AppError('conflict', `A rule set named “${name}” already exists.`, {
      problems: [{ field: 'name', message: 'Choose another name.' }],
    });
  }
}

export async function createSavedRuleSet(
  db: Db,
  actor: Actor,
  draft: unknown,
): Promise<SavedRuleSet> {
  assertCanChange(actor);
  const id = randomUUID();
  const valid = await validateDraft(db, actor.districtId, id, draft);
  await assertNameFree(db, actor.districtId, valid.name);
  await insertRuleSet(db, {
    district_id: actor.districtId,
    id,
    name: valid.name,
    based_on: valid.basedOn,
    settings: valid.ruleSet,
    created_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'rule_set.create',
    subjectType: 'rule_set',
    subjectId: id,
    detail: { name: valid.name, basedOn: valid.basedOn },
  });
  return getSavedRuleSet(db, actor, id);
}

export async function updateSavedRuleSet(
  db: Db,
  actor: Actor,
  id: string,
  draft: unknown,
): Promise<SavedRuleSet> {
  assertCanChange(actor);
  const before = await getSavedRuleSet(db, actor, id);
  const valid = await validateDraft(db, actor.districtId, id, draft);
  await assertNameFree(db, actor.districtId, valid.name, id);
  await updateRuleSet(db, actor.districtId, id, {
    name: valid.name,
    based_on: valid.basedOn,
    settings: valid.ruleSet,
    updated_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'rule_set.update',
    subjectType: 'rule_set',
    subjectId: id,
    detail: { name: valid.name, previousName: before.name, basedOn: valid.basedOn },
  });
  return getSavedRuleSet(db, actor, id);
}

export async function deleteSavedRuleSet(db: Db, actor: Actor, id: string): Promise<void> {
  assertCanChange(actor);
  const before = await getSavedRuleSet(db, actor, id);
  await deleteRuleSet(db, actor.districtId, id);
  await recordAudit(db, actor, {
    action: 'rule_set.delete',
    subjectType: 'rule_set',
    subjectId: id,
    detail: { name: before.name },
  });
}

/**
 * A preset's key or a saved rule set's id → the rule set to run. Recorded identification runs
 * keep their own copy, so deleting a saved rule set never changes a past run.
 */
export async function resolveRuleSetRef(
  db: Db,
  districtId: string,
  ref: string | undefined,
): Promise<{ key: string; ruleSet: RuleSet }> {
  const key = ref ?? 'north-carolina';
  const preset = RULE_SET_KEYS.find((k) => k === key);
  if (preset !== undefined) return { key: preset, ruleSet: resolveRuleSet(preset) };
  const row = UUID.test(key) ? await findRuleSet(db, districtId, key) : undefined;
  if (!row) {
    throw badRequest(`There is no rule set ${key}.`, [
      {
        field: 'ruleSet',
        message: `A preset (${RULE_SET_KEYS.join(', ')}) or a saved rule set’s id.`,
      },
    ]);
  }
  return { key: row.id, ruleSet: toSaved(row).ruleSet };
}

export interface RuleSetPreview {
  year: number | null;
  ruleSet: RuleSet;
  method: string;
  identified: number;
  schools: Array<{ id: string; name: string } & SchoolIdentificationView>;
}

/**
 * Runs an unsaved draft on a school year and says which schools it identifies and why, so a
 * district leader sees each change's effect before saving. Nothing is stored.
 */
export async function previewRuleSet(
  db: Db,
  actor: Actor,
  input: { draft: unknown; year?: number },
): Promise<RuleSetPreview> {
  assertCanView(actor);
  const draftName =
    typeof input.draft === 'object' && input.draft !== null && 'name' in input.draft
      ? input.draft.name
      : undefined;
  const valid = await validateDraft(db, actor.districtId, 'preview', {
    ...(typeof input.draft === 'object' && input.draft !== null ? input.draft : {}),
    // A preview may be unnamed yet.
    name: typeof draftName === 'string' && draftName.trim() !== '' ? draftName : 'Draft',
  });
  const snapshot = await diagnosticsSnapshot(db, actor.districtId);
  const year = chooseYear(snapshot.data.years, [], input.year);
  if (year === null) {
    return { year, ruleSet: valid.ruleSet, method: '', identified: 0, schools: [] };
  }
  const results = snapshot.identification(valid.ruleSet, year);
  const schools = [...results.values()]
    .map((r) => ({
      id: r.schoolId,
      name: snapshot.data.schools.get(r.schoolId)?.name ?? r.schoolId,
      ...toIdentificationView(r),
    }))
    .sort((a, b) => Number(b.identified) - Number(a.identified) || a.name.localeCompare(b.name));
  return {
    year,
    ruleSet: valid.ruleSet,
    method: describeIdentification(valid.ruleSet, year),
    identified: schools.filter((s) => s.identified).length,
    schools,
  };
}
