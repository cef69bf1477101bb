// Partner matching, principal placement and residencies (issue #6): validate → service → respond.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { toCsv } from '../../services/exports/table.ts';
import {
  getPartnerRun,
  listPartnerRuns,
  partnerMatchTable,
  recordPartnerMatch,
  runPartnerMatch,
  setPartnerCapacity,
} from '../../services/matching.ts';
import {
  createPost,
  getPlacementRun,
  listPlacementRuns,
  listPosts,
  placementTable,
  recordPlacement,
  runPlacement,
  setPostStatus,
} from '../../services/principal-placement.ts';
import {
  createResidency,
  editResidency,
  listResidencies,
  removeResidency,
} from '../../services/residencies.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import { problemResponses } from '../schemas.ts';
import {
  CapacityBody,
  CapacitySchoolParam,
  CreatedSchema,
  ItemIdParam,
  MatchRunIdParam,
  MatchRunListSchema,
  PartnerMatchSchema,
  PartnerRunBody,
  PartnerRunSchema,
  PlacementBody,
  PlacementSchema,
  PostBody,
  PostListSchema,
  PostStatusBody,
  ResidencyBody,
  ResidencyListSchema,
} from '../matching-schemas.ts';
import { csvContent, csvResponse } from '../downloads.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T>(schema: T) => ({ body: { required: true, ...json(schema) } });
const noContent = { 204: { description: 'Done' } };

export const matchingRoutes = new OpenAPIHono<AppEnv>();
const tags = ['Partner matching'];
const placementTags = ['Principal placement'];

matchingRoutes
  .openapi(
    createRoute({
      method: 'post',
      path: '/matching/partners/solve',
      tags,
      summary: 'Solve partner matching for the settings (not recorded)',
      request: body(PartnerRunBody),
      responses: {
        200: { description: 'The matching', ...json(PartnerMatchSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(await runPartnerMatch(c.get('db'), requireSession(c).actor, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matching/partners/runs',
      tags,
      summary: 'Solve and record a partner matching (district leaders, principal supervisors)',
      request: body(PartnerRunBody),
      responses: {
        201: { description: 'The run as recorded', ...json(PartnerRunSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await recordPartnerMatch(c.get('db'), requireSession(c).actor, c.req.valid('json')),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/partners/runs',
      tags,
      summary: 'Recorded partner matchings, newest first',
      responses: {
        200: { description: 'Runs', ...json(MatchRunListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ runs: await listPartnerRuns(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/partners/runs/{runId}',
      tags,
      summary: 'A recorded partner matching (a principal sees only their school’s pair)',
      request: { params: MatchRunIdParam },
      responses: {
        200: { description: 'The run', ...json(PartnerRunSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await getPartnerRun(c.get('db'), requireSession(c).actor, c.req.valid('param').runId),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/partners/runs/{runId}/csv',
      tags,
      summary: 'A recorded partner matching as CSV',
      request: { params: MatchRunIdParam },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { runId } = c.req.valid('param');
      const run = await getPartnerRun(c.get('db'), requireSession(c).actor, runId);
      return csvResponse(c, toCsv(partnerMatchTable(run.match)), `partner-match-${runId}.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/matching/partners/capacities/{schoolId}',
      tags,
      summary: 'Set a strong school’s stated partner capacity',
      request: { params: CapacitySchoolParam, ...body(CapacityBody) },
      responses: { ...noContent, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await setPartnerCapacity(c.get('db'), requireSession(c).actor, {
        schoolId: c.req.valid('param').schoolId,
        ...c.req.valid('json'),
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matching/principals/solve',
      tags: placementTags,
      summary: 'Recommend principals for the open posts (not recorded; reads ratings, audited)',
      request: body(PlacementBody),
      responses: {
        200: { description: 'The placement', ...json(PlacementSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(await runPlacement(c.get('db'), requireSession(c).actor, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matching/principals/runs',
      tags: placementTags,
      summary: 'Solve and record a principal placement',
      request: body(PlacementBody),
      responses: {
        201: { description: 'The run as recorded', ...json(PlacementSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(await recordPlacement(c.get('db'), requireSession(c).actor, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/principals/runs',
      tags: placementTags,
      summary: 'Recorded principal placements, newest first',
      responses: {
        200: { description: 'Runs', ...json(MatchRunListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) =>
      c.json({ runs: await listPlacementRuns(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/principals/runs/{runId}',
      tags: placementTags,
      summary: 'A recorded principal placement (reads ratings, audited)',
      request: { params: MatchRunIdParam },
      responses: {
        200: { description: 'The run', ...json(PlacementSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await getPlacementRun(c.get('db'), requireSession(c).actor, c.req.valid('param').runId),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/principals/runs/{runId}/csv',
      tags: placementTags,
      summary: 'A recorded principal placement as CSV',
      request: { params: MatchRunIdParam },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { runId } = c.req.valid('param');
      const run = await getPlacementRun(c.get('db'), requireSession(c).actor, runId);
      return csvResponse(c, toCsv(placementTable(run)), `principal-placement-${runId}.csv`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matching/principals/posts',
      tags: placementTags,
      summary: 'Open and planned principal posts',
      responses: {
        200: { description: 'Posts', ...json(PostListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ posts: await listPosts(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matching/principals/posts',
      tags: placementTags,
      summary: 'Open or plan a principal post',
      request: body(PostBody),
      responses: {
        201: { description: 'Created', ...json(CreatedSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        { id: await createPost(c.get('db'), requireSession(c).actor, c.req.valid('json')) },
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/matching/principals/posts/{id}',
      tags: placementTags,
      summary: 'Mark a post filled or withdrawn (or open again)',
      request: { params: ItemIdParam, ...body(PostStatusBody) },
      responses: { ...noContent, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await setPostStatus(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('param').id,
        c.req.valid('json').status,
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/residencies',
      tags: placementTags,
      summary: 'Residencies of aspiring principals',
      responses: {
        200: { description: 'Residencies', ...json(ResidencyListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) =>
      c.json({ residencies: await listResidencies(c.get('db'), requireSession(c).actor) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/residencies',
      tags: placementTags,
      summary: 'Record a residency at two host schools',
      request: body(ResidencyBody),
      responses: {
        201: { description: 'Created', ...json(CreatedSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        { id: await createResidency(c.get('db'), requireSession(c).actor, c.req.valid('json')) },
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/residencies/{id}',
      tags: placementTags,
      summary: 'Change a residency',
      request: { params: ItemIdParam, ...body(ResidencyBody) },
      responses: { ...noContent, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await editResidency(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/residencies/{id}',
      tags: placementTags,
      summary: 'Delete a residency',
      request: { params: ItemIdParam },
      responses: { ...noContent, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await removeResidency(c.get('db'), requireSession(c).actor, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
