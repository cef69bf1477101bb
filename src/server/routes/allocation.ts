// The allocation planner, the weighted-student-funding calculator and the Title I comparability
// test (issue #5). Validate → service → respond.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  allocationTable,
  comparabilityTable,
  comparisonTable,
} from '../../services/allocation-export.ts';
import {
  compareAllocationScenarios,
  createAllocationScenario,
  deleteAllocationScenario,
  listAllocationScenarios,
  runAllocation,
  runAllocationScenario,
  updateAllocationScenario,
  type RunOptions,
} from '../../services/allocation.ts';
import { toCsv } from '../../services/exports/table.ts';
import {
  computeDistrictFunding,
  listSavedFormulas,
  runComparability,
  saveFormula,
} from '../../services/funding.ts';
import type { AppEnv } from '../context.ts';
import {
  AllocationRunSchema,
  ComparabilityQuery,
  ComparabilitySchema,
  CompareQuery,
  ComparisonSchema,
  FormulaListSchema,
  FundingBodySchema,
  FundingRunSchema,
  RunBodySchema,
  RunQuery,
  SaveFormulaSchema,
  ScenarioBodySchema,
  ScenarioIdParam,
  ScenarioListSchema,
  ScenarioSchema,
} from '../allocation-schemas.ts';
import { requireSession } from '../middleware.ts';
import { problemResponses } from '../schemas.ts';
import { csvContent, csvResponse, xlsxContent, xlsxResponse } from '../downloads.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const tags = ['Allocation'];

/** Only the options given: the service's defaults apply to the rest. */
function runOptions(query: { year?: number | undefined; ruleSet?: RunOptions['ruleSet'] }) {
  const options: RunOptions = {};
  if (query.year !== undefined) options.year = query.year;
  if (query.ruleSet !== undefined) options.ruleSet = query.ruleSet;
  return options;
}

export const allocationRoutes = new OpenAPIHono<AppEnv>();

allocationRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/scenarios',
      tags,
      summary: 'Saved allocation scenarios',
      responses: {
        200: { description: 'Scenarios', ...json(ScenarioListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await listAllocationScenarios(c.get('db'), requireSession(c).actor), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/allocation/scenarios',
      tags,
      summary: 'Save a scenario: a pool and its rules (district leaders, HR, finance)',
      request: { body: { required: true, ...json(ScenarioBodySchema) } },
      responses: {
        201: { description: 'The scenario', ...json(ScenarioSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await createAllocationScenario(c.get('db'), requireSession(c).actor, c.req.valid('json')),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/allocation/scenarios/{id}',
      tags,
      summary: 'Change a saved scenario',
      request: { params: ScenarioIdParam, body: { required: true, ...json(ScenarioBodySchema) } },
      responses: {
        200: { description: 'The scenario', ...json(ScenarioSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await updateAllocationScenario(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/allocation/scenarios/{id}',
      tags,
      summary: 'Delete a saved scenario',
      request: { params: ScenarioIdParam },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await deleteAllocationScenario(c.get('db'), requireSession(c).actor, c.req.valid('param').id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/scenarios/{id}/result',
      tags,
      summary: 'Run a saved scenario on the schools’ current need index and tiers',
      request: { params: ScenarioIdParam, query: RunQuery },
      responses: {
        200: { description: 'Allocation', ...json(AllocationRunSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await runAllocationScenario(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          runOptions(c.req.valid('query')),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/scenarios/{id}/result.csv',
      tags,
      summary: 'A saved scenario’s allocation with every school’s reasons, as CSV',
      request: { params: ScenarioIdParam, query: RunQuery },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const table = await allocationTable(
        c.get('db'),
        requireSession(c).actor,
        id,
        runOptions(c.req.valid('query')),
      );
      return csvResponse(c, toCsv(table), `allocation-${id}.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/allocation/run',
      tags,
      summary: 'Run rules that are not saved (the planner’s live preview)',
      request: { body: { required: true, ...json(RunBodySchema) } },
      responses: {
        200: { description: 'Allocation', ...json(AllocationRunSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await runAllocation(c.get('db'), requireSession(c).actor, body.rules, runOptions(body)),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/compare',
      tags,
      summary: 'Two to four saved scenarios side by side',
      request: { query: CompareQuery },
      responses: {
        200: { description: 'Comparison', ...json(ComparisonSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(
        await compareAllocationScenarios(
          c.get('db'),
          requireSession(c).actor,
          query.ids.split(','),
          runOptions(query),
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/compare.csv',
      tags,
      summary: 'Two to four saved scenarios side by side, as CSV',
      request: { query: CompareQuery },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const table = await comparisonTable(
        c.get('db'),
        requireSession(c).actor,
        query.ids.split(','),
        runOptions(query),
      );
      return csvResponse(c, toCsv(table), 'allocation-comparison.csv');
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/funding/formulas',
      tags,
      summary: 'Funding formula presets and the district’s saved formulas',
      responses: {
        200: { description: 'Formulas', ...json(FormulaListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await listSavedFormulas(c.get('db'), requireSession(c).actor), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/funding/formulas',
      tags,
      summary: 'Save a funding formula (district leaders, HR, finance)',
      request: { body: { required: true, ...json(SaveFormulaSchema) } },
      responses: {
        201: { description: 'Saved', ...json(z.object({ id: z.string(), formula: z.unknown() })) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await saveFormula(c.get('db'), requireSession(c).actor, c.req.valid('json').formula),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/funding/compute',
      tags,
      summary: 'Weighted student funding for every school under a formula',
      request: { body: { required: true, ...json(FundingBodySchema) } },
      responses: {
        200: { description: 'Funding', ...json(FundingRunSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { formula, year } = c.req.valid('json');
      return c.json(
        await computeDistrictFunding(
          c.get('db'),
          requireSession(c).actor,
          formula,
          year === undefined ? {} : { year },
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/comparability',
      tags,
      summary: 'The Title I comparability test (ESEA §1118(c), 110%) on the district’s schools',
      request: { query: ComparabilityQuery },
      responses: {
        200: { description: 'Comparability', ...json(ComparabilitySchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await runComparability(c.get('db'), requireSession(c).actor, c.req.valid('query')),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/comparability.csv',
      tags,
      summary: 'The Title I comparability test as CSV',
      request: { query: ComparabilityQuery },
      responses: { 200: { description: 'CSV', ...csvContent }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const table = await comparabilityTable(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('query'),
      );
      return csvResponse(c, toCsv(table), 'comparability.csv');
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/scenarios/{id}/result.xlsx',
      tags,
      summary: 'A saved scenario’s allocation with every school’s reasons, as XLSX',
      request: { params: ScenarioIdParam, query: RunQuery },
      responses: {
        200: { description: 'XLSX', ...xlsxContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const table = await allocationTable(
        c.get('db'),
        requireSession(c).actor,
        id,
        runOptions(c.req.valid('query')),
      );
      return xlsxResponse(c, table, `allocation-${id}.xlsx`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/allocation/compare.xlsx',
      tags,
      summary: 'Two to four saved scenarios side by side, as XLSX',
      request: { query: CompareQuery },
      responses: {
        200: { description: 'XLSX', ...xlsxContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const table = await comparisonTable(
        c.get('db'),
        requireSession(c).actor,
        query.ids.split(','),
        runOptions(query),
      );
      return xlsxResponse(c, table, 'allocation-comparison.xlsx');
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/comparability.xlsx',
      tags,
      summary: 'The Title I comparability test as XLSX',
      request: { query: ComparabilityQuery },
      responses: {
        200: { description: 'XLSX', ...xlsxContent },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const table = await comparabilityTable(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('query'),
      );
      return xlsxResponse(c, table, 'comparability.xlsx');
    },
  );
