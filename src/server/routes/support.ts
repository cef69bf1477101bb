// School support (issue #6 part B): the overview, partnership contracts and their ledger. The
// menu and plans, the practice exchange and clusters are in support-*.ts beside this file and
// mounted here, so that app.ts registers one router.
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  addExchange,
  addPaymentTerm,
  addReview,
  addTarget,
  ContractInputSchema,
  ContractUpdateSchema,
  createContract,
  ExchangeInputSchema,
  ExchangeUpdateSchema,
  getContract,
  ledgerCsv,
  listContracts,
  PaymentInputSchema,
  PaymentTermInputSchema,
  recordPayment,
  ReviewInputSchema,
  TargetInputSchema,
  updateContract,
  updateExchange,
} from '../../services/contracts.ts';
import { getSupportOverview } from '../../services/supports-overview.ts';
import { getSupportReference } from '../../services/supports.ts';
import type { AppEnv } from '../context.ts';
import {
  ContractDetailSchema,
  ContractListSchema,
  SupportOverviewSchema,
  SupportReferenceSchema,
} from '../support-responses.ts';
import { defineCsvDownload, defineRoute, ExchangeParam, IdParam } from '../support-schemas.ts';
import { clusterRoutes } from './support-clusters.ts';
import { menuRoutes } from './support-menu.ts';
import { practiceRoutes } from './support-practices.ts';

export const supportRoutes = new OpenAPIHono<AppEnv>();

defineCsvDownload(
  supportRoutes,
  {
    path: '/support/ledger.csv',
    summary: 'Every payment-ledger entry of the partnership contracts, as CSV',
    fileName: 'contract-ledger.csv',
  },
  ({ db, actor }) => ledgerCsv(db, actor),
);

defineRoute(
  supportRoutes,
  {
    method: 'get',
    path: '/support/overview',
    summary: 'Schools identified for support with their plan, contract and cost totals',
    response: SupportOverviewSchema,
  },
  ({ db, actor }) => getSupportOverview(db, actor),
);
defineRoute(
  supportRoutes,
  {
    method: 'get',
    path: '/support/reference',
    summary: 'Schools, outcome measures, student groups and support kinds the forms choose from',
    response: SupportReferenceSchema,
  },
  ({ db, actor }) => getSupportReference(db, actor),
);
defineRoute(
  supportRoutes,
  {
    method: 'get',
    path: '/support/contracts',
    summary:
      'Partnership contracts with target counts and what is owed (targets re-checked first when results changed)',
    response: ContractListSchema,
  },
  async ({ db, actor }) => ({ contracts: await listContracts(db, actor) }),
);
defineRoute(
  supportRoutes,
  {
    method: 'post',
    path: '/support/contracts',
    summary:
      'Create a partnership contract (term two years by default) with targets and payment terms',
    response: ContractDetailSchema,
    body: ContractInputSchema,
    status: 201,
  },
  ({ db, actor, body }) => createContract(db, actor, body),
);
defineRoute(
  supportRoutes,
  {
    method: 'get',
    path: '/support/contracts/{id}',
    summary: 'A contract: targets with status, exchanges, reviews, payment terms and the ledger',
    response: ContractDetailSchema,
    params: IdParam,
  },
  ({ db, actor, params }) => getContract(db, actor, params.id ?? ''),
);
defineRoute(
  supportRoutes,
  {
    method: 'patch',
    path: '/support/contracts/{id}',
    summary: 'Change a contract’s status, notes, end date or areas of need',
    response: ContractDetailSchema,
    params: IdParam,
    body: ContractUpdateSchema,
  },
  ({ db, actor, params, body }) => updateContract(db, actor, params.id ?? '', body),
);
for (const [path, schema, run, summary] of [
  ['targets', TargetInputSchema, addTarget, 'Add a measurable target'],
  ['exchanges', ExchangeInputSchema, addExchange, 'Plan or record a staff exchange'],
  ['reviews', ReviewInputSchema, addReview, 'Record a district review'],
  ['payment-terms', PaymentTermInputSchema, addPaymentTerm, 'Add a payment term'],
  ['payments', PaymentInputSchema, recordPayment, 'Record a payment (never more than is owed)'],
] as const) {
  defineRoute(
    supportRoutes,
    {
      method: 'post',
      path: `/support/contracts/{id}/${path}`,
      summary,
      response: ContractDetailSchema,
      params: IdParam,
      body: schema,
      status: 201,
    },
    ({ db, actor, params, body }) => run(db, actor, params.id ?? '', body),
  );
}
defineRoute(
  supportRoutes,
  {
    method: 'patch',
    path: '/support/contracts/{id}/exchanges/{exchangeId}',
    summary: 'Mark a planned staff exchange done (or planned again)',
    response: ContractDetailSchema,
    params: ExchangeParam,
    body: ExchangeUpdateSchema,
  },
  ({ db, actor, params, body }) =>
    updateExchange(db, actor, params.id ?? '', params.exchangeId ?? '', body),
);

supportRoutes.route('/', menuRoutes);
supportRoutes.route('/', practiceRoutes);
supportRoutes.route('/', clusterRoutes);
