// The district overview and school pages.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { getDistrictOverview, getSchoolDetail } from '../../services/schools.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import {
  DistrictOverviewSchema,
  problemResponses,
  SchoolDetailSchema,
  SchoolIdParam,
} from '../schemas.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

export const schoolRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/district',
      tags: ['Schools'],
      summary: 'Every school in the district with its latest headline figures',
      responses: {
        200: { description: 'Overview', ...json(DistrictOverviewSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await getDistrictOverview(c.get('db'), requireSession(c).actor), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools/{schoolId}',
      tags: ['Schools'],
      summary: 'One school with every figure over the years',
      request: { params: SchoolIdParam },
      responses: {
        200: { description: 'School', ...json(SchoolDetailSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { schoolId } = c.req.valid('param');
      return c.json(await getSchoolDetail(c.get('db'), requireSession(c).actor, schoolId), 200);
    },
  );
