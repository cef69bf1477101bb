// The menu of supports and each school's support plan (issue #6; DOMAIN.md §8; Rhode Island's
// "menu" of supports in its School Transformation Program, seed 000): the district's catalogue
// with unit costs, a plan per school and year drawn from it with owners, dates and total cost,
// and the non-negotiables every school keeps with the flexibilities that vary by tier.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { getSchool, listMeasures, listSchools } from '../db/queries/schools.ts';
import {
  deleteTierPolicyRow,
  findPlanRow,
  getCatalogueRow,
  getPlanRow,
  insertCatalogueRow,
  insertPlanItemRow,
  insertPlanRow,
  insertTierPolicyRow,
  listCatalogueRows,
  listPlanItemRows,
  listPlanRows,
  listTierPolicyRows,
  updateCatalogueRow,
  updatePlanItemRow,
  updatePlanRow,
} from '../db/queries/supports.ts';
import type { PlanItemStatus, PlanStatus, SupportKind } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { STUDENT_GROUPS } from '../domain/shared/catalogue.ts';
import { AppError, badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { roundCents } from './contracts-rules.ts';
import { supportCsv } from './supports-csv.ts';
import {
  assertCanManageSupport,
  assertCanReadSupport,
  canActForSchool,
  canManageSupport,
} from './supports-access.ts';

const DateText = z.iso.date('Use a date like 2025-08-15.');
export const SUPPORT_KINDS = [
  'mentor_principal',
  'coach',
  'extra_teacher',
  'visit_days',
  'training',
  'funding',
] as const satisfies readonly SupportKind[];

export const SUPPORT_KIND_LABELS: Record<SupportKind, string> = {
  mentor_principal: 'Mentor principal',
  coach: 'Coach',
  extra_teacher: 'Extra teacher',
  visit_days: 'Visit days',
  training: 'Training',
  funding: 'Funding',
};

export const CatalogueInputSchema = z.object({
  kind: z.enum(SUPPORT_KINDS),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  unit: z.string().trim().min(1).max(40),
  unitCost: z.number().min(0).max(10_000_000),
});

export const CatalogueUpdateSchema = z.object({
  unitCost: z.number().min(0).max(10_000_000).optional(),
  isActive: z.boolean().optional(),
  description: z.string().max(2000).optional(),
});

export const PlanInputSchema = z.object({
  schoolId: z.string().min(1).max(40),
  schoolYear: z.number().int().min(1990).max(2100),
  notes: z.string().max(4000).default(''),
});

export const PlanUpdateSchema = z.object({
  status: z.enum(['draft', 'approved', 'in_progress', 'done']).optional(),
  notes: z.string().max(4000).optional(),
});

export const PlanItemInputSchema = z
  .object({
    catalogueId: z.uuid(),
    quantity: z.number().positive().max(100_000),
    owner: z.string().trim().min(1).max(120),
    startDate: DateText,
    dueDate: DateText,
    status: z.enum(['planned', 'in_progress', 'done', 'dropped']).default('planned'),
  })
  .refine((i) => i.dueDate >= i.startDate, {
    message: 'The due date cannot be before the start date.',
    path: ['dueDate'],
  });

export const PlanItemUpdateSchema = z.object({
  status: z.enum(['planned', 'in_progress', 'done', 'dropped']).optional(),
  owner: z.string().trim().min(1).max(120).optional(),
  startDate: DateText.optional(),
  dueDate: DateText.optional(),
  quantity: z.number().positive().max(100_000).optional(),
});

export const TierPolicyInputSchema = z.object({
  tier: z.string().trim().min(1).max(40),
  kind: z.enum(['non_negotiable', 'flexibility']),
  statement: z.string().trim().min(1).max(500),
});

export interface CatalogueEntry {
  id: string;
  kind: SupportKind;
  kindLabel: string;
  name: string;
  description: string;
  unit: string;
  unitCost: number;
  isActive: boolean;
}

export async function listCatalogue(db: Db, actor: Actor): Promise<CatalogueEntry[]> {
  assertCanReadSupport(actor);
  return (await listCatalogueRows(db, actor.districtId)).map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: SUPPORT_KIND_LABELS[r.kind],
    name: r.name,
    description: r.description,
    unit: r.unit,
    unitCost: r.unit_cost,
    isActive: r.is_active,
  }));
}

export async function createCatalogueEntry(db: Db, actor: Actor, raw: unknown) {
  const input = CatalogueInputSchema.parse(raw);
  assertCanManageSupport(actor);
  const id = randomUUID();
  await insertCatalogueRow(db, {
    district_id: actor.districtId,
    id,
    kind: input.kind,
    name: input.name,
    description: input.description,
    unit: input.unit,
    unit_cost: input.unitCost,
  });
  await recordAudit(db, actor, {
    action: 'support.catalogue.create',
    subjectType: 'support_catalogue',
    subjectId: id,
    detail: input,
  });
  return id;
}

export async function updateCatalogueEntry(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = CatalogueUpdateSchema.parse(raw);
  assertCanManageSupport(actor);
  const n = await updateCatalogueRow(db, actor.districtId, id, {
    ...(input.unitCost !== undefined ? { unit_cost: input.unitCost } : {}),
    ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  });
  if (n === 0) throw notFound('The support');
  await recordAudit(db, actor, {
    action: 'support.catalogue.update',
    subjectType: 'support_catalogue',
    subjectId: id,
    detail: input,
  });
}

export interface TierPolicy {
  id: string;
  tier: string;
  kind: 'non_negotiable' | 'flexibility';
  statement: string;
}

export async function listTierPolicies(db: Db, actor: Actor): Promise<TierPolicy[]> {
  assertCanReadSupport(actor);
  return (await listTierPolicyRows(db, actor.districtId)).map((r) => ({
    id: r.id,
    tier: r.tier,
    kind: r.kind,
    statement: r.statement,
  }));
}

export async function createTierPolicy(db: Db, actor: Actor, raw: unknown) {
  const input = TierPolicyInputSchema.parse(raw);
  assertCanManageSupport(actor);
  if (input.kind === 'non_negotiable' && input.tier !== 'all') {
    throw badRequest('A non-negotiable applies to every school: use tier “all”.', [
      { field: 'tier', message: 'Must be “all” for a non-negotiable.' },
    ]);
  }
  const id = randomUUID();
  const position = (await listTierPolicyRows(db, actor.districtId)).length;
  await insertTierPolicyRow(db, { district_id: actor.districtId, id, ...input, position });
  await recordAudit(db, actor, {
    action: 'support.tier_policy.create',
    subjectType: 'support_tier_policy',
    subjectId: id,
    detail: input,
  });
  return id;
}

export async function deleteTierPolicy(db: Db, actor: Actor, id: string) {
  assertCanManageSupport(actor);
  if ((await deleteTierPolicyRow(db, actor.districtId, id)) === 0) {
    throw notFound('The statement');
  }
  await recordAudit(db, actor, {
    action: 'support.tier_policy.delete',
    subjectType: 'support_tier_policy',
    subjectId: id,
  });
}

export interface PlanItemView {
  id: string;
  catalogueId: string;
  supportName: string;
  supportKind: SupportKind;
  supportKindLabel: string;
  unit: string;
  quantity: number;
  unitCost: number;
  cost: number;
  owner: string;
  startDate: string;
  dueDate: string;
  status: PlanItemStatus;
}

export interface PlanView {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolYear: number;
  status: PlanStatus;
  notes: string;
  items: PlanItemView[];
  /** Σ quantity × unit cost over items not dropped. */
  totalCost: number;
  canManage: boolean;
  canUpdateItems: boolean;
}

type ItemRow = Awaited<ReturnType<typeof listPlanItemRows>>[number];

function itemView(r: ItemRow): PlanItemView {
  return {
    id: r.id,
    catalogueId: r.catalogue_id,
    supportName: r.support_name,
    supportKind: r.support_kind,
    supportKindLabel: SUPPORT_KIND_LABELS[r.support_kind],
    unit: r.support_unit,
    quantity: r.quantity,
    unitCost: r.unit_cost,
    cost: roundCents(r.quantity * r.unit_cost),
    owner: r.owner,
    startDate: r.start_date,
    dueDate: r.due_date,
    status: r.status,
  };
}

/** A plan's cost: what its items not dropped cost at the unit cost when they were added. */
export function planTotal(items: readonly Pick<PlanItemView, 'cost' | 'status'>[]): number {
  return roundCents(items.filter((i) => i.status !== 'dropped').reduce((s, i) => s + i.cost, 0));
}

export async function listPlans(db: Db, actor: Actor): Promise<PlanView[]> {
  assertCanReadSupport(actor);
  const [plans, items] = await Promise.all([
    listPlanRows(db, actor.districtId),
    listPlanItemRows(db, actor.districtId),
  ]);
  return plans.map((p) => {
    const mine = items.filter((i) => i.plan_id === p.id).map(itemView);
    return {
      id: p.id,
      schoolId: p.school_id,
      schoolName: p.school_name,
      schoolYear: p.school_year,
      status: p.status,
      notes: p.notes,
      items: mine,
      totalCost: planTotal(mine),
      canManage: canManageSupport(actor, p.school_id),
      canUpdateItems: canActForSchool(actor, p.school_id),
    };
  });
}

export async function getPlan(db: Db, actor: Actor, id: string): Promise<PlanView> {
  assertCanReadSupport(actor);
  const p = await getPlanRow(db, actor.districtId, id);
  if (!p) throw notFound('The support plan');
  const items = (await listPlanItemRows(db, actor.districtId, [id])).map(itemView);
  return {
    id: p.id,
    schoolId: p.school_id,
    schoolName: p.school_name,
    schoolYear: p.school_year,
    status: p.status,
    notes: p.notes,
    items,
    totalCost: planTotal(items),
    canManage: canManageSupport(actor, p.school_id),
    canUpdateItems: canActForSchool(actor, p.school_id),
  };
}

export async function createPlan(db: Db, actor: Actor, raw: unknown): Promise<PlanView> {
  const input = PlanInputSchema.parse(raw);
  assertCanManageSupport(actor, input.schoolId);
  if (!(await getSchool(db, actor.districtId, input.schoolId))) {
    throw badRequest(`There is no school ${input.schoolId} in this district.`, [
      { field: 'schoolId', message: 'Unknown school.' },
    ]);
  }
  if (await findPlanRow(db, actor.districtId, input.schoolId, input.schoolYear)) {
    throw new AppError('conflict', 'This school already has a support plan for that year.');
  }
  const id = randomUUID();
  await insertPlanRow(db, {
    district_id: actor.districtId,
    id,
    school_id: input.schoolId,
    school_year: input.schoolYear,
    status: 'draft',
    notes: input.notes,
    created_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'support.plan.create',
    subjectType: 'support_plan',
    subjectId: id,
    detail: { schoolId: input.schoolId, schoolYear: input.schoolYear },
  });
  return getPlan(db, actor, id);
}

async function planForChange(db: Db, actor: Actor, id: string) {
  const p = await getPlanRow(db, actor.districtId, id);
  if (!p) throw notFound('The support plan');
  return p;
}

export async function updatePlan(db: Db, actor: Actor, id: string, raw: unknown) {
  const input = PlanUpdateSchema.parse(raw);
  const p = await planForChange(db, actor, id);
  assertCanManageSupport(actor, p.school_id);
  await updatePlanRow(db, actor.districtId, id, input);
  await recordAudit(db, actor, {
    action: 'support.plan.update',
    subjectType: 'support_plan',
    subjectId: id,
    detail: input,
  });
  return getPlan(db, actor, id);
}

export async function addPlanItem(db: Db, actor: Actor, planId: string, raw: unknown) {
  const input = PlanItemInputSchema.parse(raw);
  const p = await planForChange(db, actor, planId);
  assertCanManageSupport(actor, p.school_id);
  const support = await getCatalogueRow(db, actor.districtId, input.catalogueId);
  if (!support || !support.is_active) {
    throw badRequest('That support is not on the district’s menu.', [
      { field: 'catalogueId', message: 'Not on the menu.' },
    ]);
  }
  const id = randomUUID();
  await insertPlanItemRow(db, {
    district_id: actor.districtId,
    plan_id: planId,
    id,
    catalogue_id: input.catalogueId,
    quantity: input.quantity,
    unit_cost: support.unit_cost,
    owner: input.owner,
    start_date: input.startDate,
    due_date: input.dueDate,
    status: input.status,
  });
  await recordAudit(db, actor, {
    action: 'support.plan.item.add',
    subjectType: 'support_plan',
    subjectId: planId,
    detail: { itemId: id, ...input, unitCost: support.unit_cost },
  });
  return getPlan(db, actor, planId);
}

/**
 * A principal updates their own school's items (status, owner, dates) — the quantity, which
 * sets the cost, stays with those who manage the plan.
 */
export async function updatePlanItem(
  db: Db,
  actor: Actor,
  planId: string,
  itemId: string,
  raw: unknown,
) {
  const input = PlanItemUpdateSchema.parse(raw);
  const p = await planForChange(db, actor, planId);
  if (!canActForSchool(actor, p.school_id)) {
    throw forbidden(
      'Only the school’s principal, its supervisor or a district leader may update this plan.',
    );
  }
  if (input.quantity !== undefined) assertCanManageSupport(actor, p.school_id);
  const current = (await listPlanItemRows(db, actor.districtId, [planId])).find(
    (i) => i.id === itemId,
  );
  if (!current) throw notFound('The plan item');
  const start = input.startDate ?? current.start_date;
  const due = input.dueDate ?? current.due_date;
  if (due < start) {
    throw badRequest('The due date cannot be before the start date.', [
      { field: 'dueDate', message: 'Before the start date.' },
    ]);
  }
  await updatePlanItemRow(
    db,
    { districtId: actor.districtId, planId, id: itemId },
    {
      ...(input.status ? { status: input.status } : {}),
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
      start_date: start,
      due_date: due,
    },
  );
  await recordAudit(db, actor, {
    action: 'support.plan.item.update',
    subjectType: 'support_plan',
    subjectId: planId,
    detail: { itemId, ...input },
  });
  return getPlan(db, actor, planId);
}

export async function plansCsv(db: Db, actor: Actor): Promise<string> {
  const plans = await listPlans(db, actor);
  return supportCsv(
    [
      'school_id',
      'school',
      'school_year',
      'plan_status',
      'support',
      'kind',
      'quantity',
      'unit',
      'unit_cost_usd',
      'cost_usd',
      'owner',
      'start_date',
      'due_date',
      'item_status',
      'plan_total_usd',
    ],
    plans.flatMap((p) =>
      p.items.map((i) => [
        p.schoolId,
        p.schoolName,
        p.schoolYear,
        p.status,
        i.supportName,
        i.supportKindLabel,
        i.quantity,
        i.unit,
        i.unitCost,
        i.cost,
        i.owner,
        i.startDate,
        i.dueDate,
        i.status,
        p.totalCost,
      ]),
    ),
  );
}

/** What the support forms choose from: schools, outcome measures, student groups, kinds. */
export async function getSupportReference(db: Db, actor: Actor) {
  assertCanReadSupport(actor);
  const [schools, measures] = await Promise.all([
    listSchools(db, actor.districtId),
    listMeasures(db, actor.districtId),
  ]);
  return {
    schools: schools.map((s) => ({ id: s.id, name: s.name, level: s.level })),
    measures: measures
      .filter((m) => m.category === 'outcome' && m.unit !== 'grade' && m.unit !== 'status')
      .map((m) => ({
        key: m.key,
        label: m.label,
        unit: m.unit,
        higherIsBetter: m.higher_is_better,
      })),
    studentGroups: Object.entries(STUDENT_GROUPS).map(([key, label]) => ({ key, label })),
    supportKinds: SUPPORT_KINDS.map((key) => ({ key, label: SUPPORT_KIND_LABELS[key] })),
    canManage: canManageSupport(actor),
  };
}
