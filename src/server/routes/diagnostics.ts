// Needs and results, identification and schools like mine (issue #4).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getDistrictDiagnostics } from '../../services/diagnostics.ts';
import { getSchoolDiagnostics } from '../../services/diagnostics-school.ts';
import {
  diagnosticsTable,
  identificationRunTable,
  toCsv,
} from '../../services/diagnostics-export.ts';
import {
  getIdentificationRun,
  listIdentificationRuns,
  runIdentification,
} from '../../services/identifications.ts';
import {
  createSavedRuleSet,
  deleteSavedRuleSet,
  getSavedRuleSet,
  listSavedRuleSets,
  previewRuleSet,
  updateSavedRuleSet,
} from '../../services/rule-sets.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import { validationError } from '../problem.ts';
import { problemResponses, SchoolIdParam } from '../schemas.ts';
import {
  DiagnosticsQuery,
  DistrictDiagnosticsSchema,
  IdentificationRunListSchema,
  IdentificationRunSchema,
  RecordIdentificationSchema,
  RuleSetDraftBody,
  RuleSetIdParam,
  RuleSetPreviewBody,
  RuleSetPreviewSchema,
  RunIdParam,
  SavedRuleSetListSchema,
  SavedRuleSetSchema,
  SchoolDiagnosticsQuery,
  SchoolDiagnosticsSchema,
} from '../diagnostics-schemas.ts';
import { csvContent, csvResponse } from '../downloads.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

/** Validates without a declared route: used where the path needs a pattern OpenAPI can't say. */
const RunCsvParam = z.object({ file: z.string().regex(/^[0-9a-fA-F-]{36}\.csv$/) });

export const diagnosticsRoutes = new OpenAPIHono<AppEnv>();

// Before /identifications/{runId}: the run's CSV, named like a file.
diagnosticsRoutes.get('/identifications/:file{[0-9a-fA-F-]{36}\\.csv}', async (c) => {
  const parsed = RunCsvParam.safeParse(c.req.param());
  if (!parsed.success) throw validationError(parsed.error, 'path');
  const runId = parsed.data.file.slice(0, -'.csv'.length);
  const table = await identificationRunTable(c.get('db'), requireSession(c).actor, runId);
  return csvResponse(c, toCsv(table), `identification-${runId}.csv`);
});

diagnosticsRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/diagnostics',
      tags: ['Diagnostics'],
      summary:
        'Every school’s need, result against poverty and identification under a rule set, for one school year',
      request: { query: DiagnosticsQuery },
      responses: {
        200: { description: 'Diagnostics', ...json(DistrictDiagnosticsSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await getDistrictDiagnostics(c.get('db'), requireSession(c).actor, c.req.valid('query')),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/diagnostics.csv',
      tags: ['Diagnostics'],
      summary: 'The diagnostics table as CSV (formula-like cells escaped)',
      request: { query: DiagnosticsQuery },
      responses: { 200: { description: 'CSV', ...csvContent }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const table = await diagnosticsTable(c.get('db'), requireSession(c).actor, query);
      return csvResponse(c, toCsv(table), `diagnostics-${query.year ?? 'latest'}.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools/{schoolId}/diagnostics',
      tags: ['Diagnostics'],
      summary:
        'One school’s identification by year, its expectation, its demographic peers and gaps',
      request: { params: SchoolIdParam, query: SchoolDiagnosticsQuery },
      responses: {
        200: { description: 'School diagnostics', ...json(SchoolDiagnosticsSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { schoolId } = c.req.valid('param');
      const result = await getSchoolDiagnostics(
        c.get('db'),
        requireSession(c).actor,
        schoolId,
        c.req.valid('query'),
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/identifications',
      tags: ['Diagnostics'],
      summary: 'Run a rule set on a school year and record the result (district leaders)',
      request: { body: { required: true, ...json(RecordIdentificationSchema) } },
      responses: {
        201: { description: 'The run as recorded', ...json(IdentificationRunSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const run = await runIdentification(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('json'),
      );
      return c.json(run, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/identifications',
      tags: ['Diagnostics'],
      summary: 'Recorded identification runs, newest first',
      responses: {
        200: { description: 'Runs', ...json(IdentificationRunListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) =>
      c.json({ runs: await listIdentificationRuns(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/identifications/{runId}',
      tags: ['Diagnostics'],
      summary:
        'A recorded run exactly as recorded (the rule set, every school’s result and reasons). Append .csv for CSV.',
      request: { params: RunIdParam },
      responses: {
        200: { description: 'The run', ...json(IdentificationRunSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { runId } = c.req.valid('param');
      return c.json(await getIdentificationRun(c.get('db'), requireSession(c).actor, runId), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rule-sets',
      tags: ['Diagnostics'],
      summary: 'The district’s saved identification rule sets, by name',
      responses: {
        200: { description: 'Saved rule sets', ...json(SavedRuleSetListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) =>
      c.json({ ruleSets: await listSavedRuleSets(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rule-sets',
      tags: ['Diagnostics'],
      summary: 'Save a rule set started from a preset (district leaders; audited)',
      request: { body: { required: true, ...json(RuleSetDraftBody) } },
      responses: {
        201: { description: 'The rule set as saved', ...json(SavedRuleSetSchema) },
        ...problemResponses(400, 401, 403, 409),
      },
    }),
    async (c) =>
      c.json(
        await createSavedRuleSet(c.get('db'), requireSession(c).actor, c.req.valid('json')),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rule-sets/preview',
      tags: ['Diagnostics'],
      summary: 'Which schools an unsaved rule set identifies in a school year, and why',
      request: { body: { required: true, ...json(RuleSetPreviewBody) } },
      responses: {
        200: { description: 'The identification, not stored', ...json(RuleSetPreviewSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const preview = await previewRuleSet(c.get('db'), requireSession(c).actor, {
        draft: body.draft,
        ...(body.year === undefined ? {} : { year: body.year }),
      });
      return c.json(preview, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rule-sets/{ruleSetId}',
      tags: ['Diagnostics'],
      summary: 'A saved rule set',
      request: { params: RuleSetIdParam },
      responses: {
        200: { description: 'The rule set', ...json(SavedRuleSetSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await getSavedRuleSet(c.get('db'), requireSession(c).actor, c.req.valid('param').ruleSetId),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/rule-sets/{ruleSetId}',
      tags: ['Diagnostics'],
      summary: 'Change a saved rule set (district leaders; audited)',
      request: { params: RuleSetIdParam, body: { required: true, ...json(RuleSetDraftBody) } },
      responses: {
        200: { description: 'The rule set as saved', ...json(SavedRuleSetSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await updateSavedRuleSet(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').ruleSetId,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/rule-sets/{ruleSetId}',
      tags: ['Diagnostics'],
      summary:
        'Delete a saved rule set (district leaders; audited). Recorded runs keep their own copy.',
      request: { params: RuleSetIdParam },
      responses: {
        204: { description: 'Deleted' },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      await deleteSavedRuleSet(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('param').ruleSetId,
      );
      return c.body(null, 204);
    },
  );
