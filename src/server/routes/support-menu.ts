// The menu of supports, the statements by tier, and support plans (issue #6 part B).
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  addPlanItem,
  CatalogueInputSchema,
  CatalogueUpdateSchema,
  createCatalogueEntry,
  createPlan,
  createTierPolicy,
  deleteTierPolicy,
  getPlan,
  listCatalogue,
  listPlans,
  listTierPolicies,
  PlanInputSchema,
  PlanItemInputSchema,
  PlanItemUpdateSchema,
  PlanUpdateSchema,
  plansCsv,
  TierPolicyInputSchema,
  updateCatalogueEntry,
  updatePlan,
  updatePlanItem,
} from '../../services/supports.ts';
import type { AppEnv } from '../context.ts';
import {
  CreatedSchema,
  OkSchema,
  SupportMenuSchema,
  SupportPlanListSchema,
  SupportPlanSchema,
} from '../support-responses.ts';
import { defineCsvDownload, defineRoute, IdParam, ItemParam } from '../support-schemas.ts';

export const menuRoutes = new OpenAPIHono<AppEnv>();

defineCsvDownload(
  menuRoutes,
  {
    path: '/support/plans.csv',
    summary: 'Every school support plan item with its cost, as CSV',
    fileName: 'support-plans.csv',
  },
  ({ db, actor }) => plansCsv(db, actor),
);

defineRoute(
  menuRoutes,
  {
    method: 'get',
    path: '/support/menu',
    summary:
      'The menu of supports with unit costs, and the non-negotiables and flexibilities by tier',
    response: SupportMenuSchema,
  },
  async ({ db, actor }) => ({
    catalogue: await listCatalogue(db, actor),
    policies: await listTierPolicies(db, actor),
  }),
);
defineRoute(
  menuRoutes,
  {
    method: 'post',
    path: '/support/catalogue',
    summary: 'Add a support to the menu',
    response: CreatedSchema,
    body: CatalogueInputSchema,
    status: 201,
  },
  async ({ db, actor, body }) => ({ id: await createCatalogueEntry(db, actor, body) }),
);
defineRoute(
  menuRoutes,
  {
    method: 'patch',
    path: '/support/catalogue/{id}',
    summary: 'Change a support’s unit cost, description, or take it off the menu',
    response: OkSchema,
    params: IdParam,
    body: CatalogueUpdateSchema,
  },
  async ({ db, actor, params, body }) => {
    await updateCatalogueEntry(db, actor, params.id ?? '', body);
    return { ok: true };
  },
);
defineRoute(
  menuRoutes,
  {
    method: 'post',
    path: '/support/tier-policies',
    summary: 'Add a non-negotiable (tier “all”) or a flexibility for a tier',
    response: CreatedSchema,
    body: TierPolicyInputSchema,
    status: 201,
  },
  async ({ db, actor, body }) => ({ id: await createTierPolicy(db, actor, body) }),
);
defineRoute(
  menuRoutes,
  {
    method: 'delete',
    path: '/support/tier-policies/{id}',
    summary: 'Remove a statement',
    response: OkSchema,
    params: IdParam,
  },
  async ({ db, actor, params }) => {
    await deleteTierPolicy(db, actor, params.id ?? '');
    return { ok: true };
  },
);
defineRoute(
  menuRoutes,
  {
    method: 'get',
    path: '/support/plans',
    summary: 'Every support plan with its items and total cost',
    response: SupportPlanListSchema,
  },
  async ({ db, actor }) => ({ plans: await listPlans(db, actor) }),
);
defineRoute(
  menuRoutes,
  {
    method: 'post',
    path: '/support/plans',
    summary: 'Start a school’s support plan for a school year',
    response: SupportPlanSchema,
    body: PlanInputSchema,
    status: 201,
  },
  ({ db, actor, body }) => createPlan(db, actor, body),
);
defineRoute(
  menuRoutes,
  {
    method: 'get',
    path: '/support/plans/{id}',
    summary: 'A support plan',
    response: SupportPlanSchema,
    params: IdParam,
  },
  ({ db, actor, params }) => getPlan(db, actor, params.id ?? ''),
);
defineRoute(
  menuRoutes,
  {
    method: 'patch',
    path: '/support/plans/{id}',
    summary: 'Change a plan’s status or notes',
    response: SupportPlanSchema,
    params: IdParam,
    body: PlanUpdateSchema,
  },
  ({ db, actor, params, body }) => updatePlan(db, actor, params.id ?? '', body),
);
defineRoute(
  menuRoutes,
  {
    method: 'post',
    path: '/support/plans/{id}/items',
    summary: 'Add a support from the menu to a plan (at its current unit cost)',
    response: SupportPlanSchema,
    params: IdParam,
    body: PlanItemInputSchema,
    status: 201,
  },
  ({ db, actor, params, body }) => addPlanItem(db, actor, params.id ?? '', body),
);
defineRoute(
  menuRoutes,
  {
    method: 'patch',
    path: '/support/plans/{id}/items/{itemId}',
    summary: 'Update a plan item (the school’s principal: status, owner and dates)',
    response: SupportPlanSchema,
    params: ItemParam,
    body: PlanItemUpdateSchema,
  },
  ({ db, actor, params, body }) =>
    updatePlanItem(db, actor, params.id ?? '', params.itemId ?? '', body),
);
