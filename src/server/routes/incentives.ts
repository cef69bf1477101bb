// Incentive programs (issue #5): design, who is eligible and the cost, the gap projection, awards
// paid and the retention comparison. Validate → service → respond.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { toCsv } from '../../services/exports/table.ts';
import { listProgramAwards, recordAward, uploadAwards } from '../../services/incentives-awards.ts';
import {
  compareIncentiveRetention,
  projectIncentiveGap,
} from '../../services/incentives-effects.ts';
import { eligiblePeopleTable, programSchoolsTable } from '../../services/incentives-export.ts';
import {
  createIncentiveProgram,
  evaluateIncentiveProgram,
  getIncentiveProgram,
  listEligibleStaff,
  listIncentivePrograms,
  previewIncentiveDesign,
  updateIncentiveProgram,
} from '../../services/incentives.ts';
import type { AppEnv } from '../context.ts';
import {
  AwardBodySchema,
  AwardListSchema,
  CreateProgramSchema,
  EligibleListSchema,
  EvaluationQuery,
  EvaluationSchema,
  PreviewSchema,
  ProgramIdParam,
  ProgramListSchema,
  ProgramSchema,
  ProjectionQuery,
  ProjectionSchema,
  RetentionComparisonSchema,
  UpdateProgramSchema,
  UploadAwardsSchema,
  UploadResultSchema,
} from '../incentives-schemas.ts';
import { requireSession } from '../middleware.ts';
import { problemResponses } from '../schemas.ts';
import { csvContent, csvResponse } from '../downloads.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const tags = ['Incentives'];

export const incentiveRoutes = new OpenAPIHono<AppEnv>();

incentiveRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives',
      tags,
      summary: 'The district’s incentive programs and the presets to start from',
      responses: {
        200: { description: 'Programs', ...json(ProgramListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await listIncentivePrograms(c.get('db'), requireSession(c).actor), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/incentives',
      tags,
      summary: 'Create a program from a preset or a design (district leaders, HR, finance)',
      request: { body: { required: true, ...json(CreateProgramSchema) } },
      responses: {
        201: { description: 'The program', ...json(ProgramSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await createIncentiveProgram(c.get('db'), requireSession(c).actor, c.req.valid('json')),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/incentives/preview',
      tags,
      summary: 'Who an unsaved design makes eligible, and its cost (counts only)',
      request: { body: { required: true, ...json(PreviewSchema) } },
      responses: {
        200: { description: 'Eligibility and cost', ...json(EvaluationSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { design, year } = c.req.valid('json');
      const options = year === undefined ? {} : { year };
      return c.json(
        await previewIncentiveDesign(c.get('db'), requireSession(c).actor, design, options),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}',
      tags,
      summary: 'One program',
      request: { params: ProgramIdParam },
      responses: {
        200: { description: 'The program', ...json(ProgramSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await getIncentiveProgram(c.get('db'), requireSession(c).actor, c.req.valid('param').id),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/incentives/{id}',
      tags,
      summary: 'Change a program’s design or status (district leaders, HR, finance)',
      request: { params: ProgramIdParam, body: { required: true, ...json(UpdateProgramSchema) } },
      responses: {
        200: { description: 'The program', ...json(ProgramSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await updateIncentiveProgram(
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
      method: 'get',
      path: '/incentives/{id}/evaluation',
      tags,
      summary: 'Who is eligible today, in counts, and the annual cost in all and by school',
      request: { params: ProgramIdParam, query: EvaluationQuery },
      responses: {
        200: { description: 'Eligibility and cost', ...json(EvaluationSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await evaluateIncentiveProgram(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          c.req.valid('query'),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/schools.csv',
      tags,
      summary: 'Eligible people and cost by school as CSV (suppressed as on the page)',
      request: { params: ProgramIdParam, query: EvaluationQuery },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { year } = c.req.valid('query');
      const table = await programSchoolsTable(
        c.get('db'),
        requireSession(c).actor,
        id,
        year === undefined ? {} : { year },
      );
      return csvResponse(c, toCsv(table), `incentive-${id}-schools.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/eligible',
      tags,
      summary: 'Who is eligible by name (HR and district leaders; every person listed is audited)',
      request: { params: ProgramIdParam, query: EvaluationQuery },
      responses: {
        200: { description: 'Eligible people', ...json(EligibleListSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('query');
      return c.json(
        await listEligibleStaff(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          year === undefined ? {} : { year },
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/eligible.csv',
      tags,
      summary: 'Who is eligible by name as CSV (HR and district leaders; audited per person)',
      request: { params: ProgramIdParam, query: EvaluationQuery },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { year } = c.req.valid('query');
      const table = await eligiblePeopleTable(
        c.get('db'),
        requireSession(c).actor,
        id,
        year === undefined ? {} : { year },
      );
      return csvResponse(c, toCsv(table), `incentive-${id}-eligible.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/projection',
      tags,
      summary: 'The equity gap projected under the assumptions you state',
      request: { params: ProgramIdParam, query: ProjectionQuery },
      responses: {
        200: { description: 'Projection', ...json(ProjectionSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await projectIncentiveGap(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          c.req.valid('query'),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/awards',
      tags,
      summary: 'Awards paid: totals by year, and by name for HR and district leaders (audited)',
      request: { params: ProgramIdParam },
      responses: {
        200: { description: 'Awards', ...json(AwardListSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await listProgramAwards(c.get('db'), requireSession(c).actor, c.req.valid('param').id),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/incentives/{id}/awards',
      tags,
      summary: 'Record one award paid',
      request: { params: ProgramIdParam, body: { required: true, ...json(AwardBodySchema) } },
      responses: {
        201: { description: 'Recorded', ...json(z.object({ recorded: z.number().int() })) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await recordAward(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/incentives/{id}/awards/upload',
      tags,
      summary:
        'Record awards from CSV text (staff_id, school_year, amount[, paid_on]): all or none',
      request: { params: ProgramIdParam, body: { required: true, ...json(UploadAwardsSchema) } },
      responses: {
        201: { description: 'Recorded', ...json(UploadResultSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await uploadAwards(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
          c.req.valid('json').csv,
        ),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/incentives/{id}/retention',
      tags,
      summary: 'Awardees’ retention against similar non-awardees',
      request: { params: ProgramIdParam },
      responses: {
        200: { description: 'Comparison', ...json(RetentionComparisonSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await compareIncentiveRetention(
          c.get('db'),
          requireSession(c).actor,
          c.req.valid('param').id,
        ),
        200,
      ),
  );
