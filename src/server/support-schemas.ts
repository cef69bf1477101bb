// Request schemas of the school-support API (issue #6 part B), for validation and the OpenAPI
// document. Bodies are the services' own schemas (each service validates again, so the CLI and
// tests get the same rules); this file adds path and query parameters and the route helper.
// Response schemas are in support-responses.ts.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { OUTCOME_KEYS } from '../services/diagnostics-shared.ts';
import type { AppEnv } from './context.ts';
import { requireSession } from './middleware.ts';
import { csvContent, csvResponse } from './downloads.ts';
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

export interface RouteInput {
  db: Db;
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RouteSpec<Response extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** What the route sends (support-responses.ts); run must return exactly this shape. */
  response: Response;
  status?: 200 | 201;
  middleware?: MiddlewareHandler<AppEnv>[];
}

/**
 * The fields of Result, at every depth, that Documented lacks. With Result assignable to
 * Documented (a field missing or of another type fails) this makes the two the same shape.
 */
type Undocumented<Documented, Result> = Result extends readonly (infer Item)[]
  ? NonNullable<Documented> extends readonly (infer DocumentedItem)[]
    ? Undocumented<DocumentedItem, Item>
    : never
  : Result extends object
    ? | Exclude<keyof Result, keyof NonNullable<Documented>>
      | {
          [K in keyof Result & keyof NonNullable<Documented>]-?: Undocumented<
            NonNullable<Documented>[K],
            Result[K]
          >;
        }[keyof Result & keyof NonNullable<Documented>]
    : never;

type DocumentsAll<Documented, Result> = [Undocumented<Documented, Result>] extends [never]
  ? unknown
  : { response: `Undocumented field: ${Extract<Undocumented<Documented, Result>, string>}` };

/**
 * One JSON route: validate (path, query, body) → the signed-in actor → one service call →
 * respond with what it returns, documented by spec.response. Keeps each of the thirty-odd
 * support routes to a few lines.
 */
export function defineRoute<
  Response extends z.ZodType,
  Run extends (input: RouteInput) => Promise<z.input<Response>>,
>(
  router: OpenAPIHono<AppEnv>,
  spec: RouteSpec<Response> & DocumentsAll<z.input<Response>, Awaited<ReturnType<Run>>>,
  run: Run,
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
      [status]: {
        description: status === 201 ? 'Created' : 'OK',
        content: { 'application/json': { schema: spec.response } },
      },
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
    // Hono types a handler's response by a literal status and its schema; here both come from
    // spec at run time, so it cannot. The body was checked against spec.response by run's type.
    return c.json(result, status) as never;
  });
}

/**
 * A CSV download of the support pages (the ledger, plans, adoptions), documented as text/csv:
 * `run` gives the CSV text, sent as an attachment named `fileName` (downloads.ts).
 */
export function defineCsvDownload(
  router: OpenAPIHono<AppEnv>,
  spec: { path: string; summary: string; fileName: string },
  run: (input: { db: Db; actor: Actor }) => Promise<string>,
) {
  const route = createRoute({
    method: 'get',
    path: spec.path,
    tags: ['School support'],
    summary: spec.summary,
    responses: {
      200: { description: 'CSV', ...csvContent },
      ...problemResponses(401, 403),
    },
  });
  router.openapi(route, async (c) =>
    csvResponse(c, await run({ db: c.get('db'), actor: requireSession(c).actor }), spec.fileName),
  );
}
