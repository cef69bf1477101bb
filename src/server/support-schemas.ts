// Request schemas of the school-support API (issue #6 part B), for validation and the OpenAPI
// document. Bodies are the services' own schemas (each service validates again, so the CLI and
// tests get the same rules); this file adds path and query parameters and the route helper.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { OUTCOME_KEYS } from '../services/diagnostics-shared.ts';
import type { AppEnv } from './context.ts';
import { requireSession } from './middleware.ts';
import { problemResponses } from './schemas.ts';

const uuid = (name: string) =>
  z.uuid(`The ${name} is a UUID.`).openapi({ param: { name, in: 'path' } });

export const IdParam = z.object({ id: uuid('id') });
export const ExchangeParam = z.object({ id: uuid('id'), exchangeId: uuid('exchangeId') });
export const ItemParam = z.object({ id: uuid('id'), itemId: uuid('itemId') });
export const ArtifactParam = z.object({ id: uuid('id'), artifactId: uuid('artifactId') });
export const MemberParam = z.object({
  id: uuid('id'),
  schoolId: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'schoolId', in: 'path' } }),
});

export const YearQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional().openapi({
    description: 'School year as its spring year (2026 = 2025–26).',
  }),
});

export const PocketsQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  outcome: z.enum(OUTCOME_KEYS).optional(),
});

/** Responses are documented by their summaries; their shapes are the services' return types. */
const Result = z.unknown().openapi({ description: 'See the service type of the same name.' });

export interface RouteInput {
  db: Db;
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status?: 200 | 201;
  middleware?: MiddlewareHandler<AppEnv>[];
}

/**
 * One JSON route: validate (path, query, body) → the signed-in actor → one service call →
 * respond. Keeps each of the thirty-odd support routes to a few lines.
 */
export function defineRoute(
  router: OpenAPIHono<AppEnv>,
  spec: RouteSpec,
  run: (input: RouteInput) => Promise<unknown>,
) {
  const status = spec.status ?? 200;
  const route = createRoute({
    method: spec.method,
    path: spec.path,
    tags: ['School support'],
    summary: spec.summary,
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
        : {}),
    },
    responses: {
      [status]: { description: 'OK', content: { 'application/json': { schema: Result } } },
      ...problemResponses(400, 401, 403, 404, 409),
    },
    ...(spec.middleware ? { middleware: spec.middleware } : {}),
  });
  router.openapi(route, async (c) => {
    const valid = c.req.valid.bind(c.req) as unknown as (target: string) => unknown;
    const result = await run({
      db: c.get('db'),
      actor: requireSession(c).actor,
      params: (spec.params ? valid('param') : {}) as Record<string, string>,
      query: (spec.query ? valid('query') : {}) as Record<string, unknown>,
      body: spec.body ? valid('json') : undefined,
    });
    // The response schema is unknown (Result), and Hono cannot type the union of statuses.
    return c.json(result ?? { ok: true }, status) as never;
  });
}
