// The district overview and school pages.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { getDistrictOverview, getSchoolDetail } from '../../services/schools.ts';
import { getSchoolStaff } from '../../services/staff.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import {
  SchoolStaffSchema,
  StaffQuery,
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
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools/{schoolId}/staff',
      tags: ['Staff'],
      summary: 'A school’s staff in one year (personnel data; ratings only on request, audited)',
      request: { params: SchoolIdParam, query: StaffQuery },
      responses: {
        200: { description: 'Staff', ...json(SchoolStaffSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { schoolId } = c.req.valid('param');
      const { year, ratings } = c.req.valid('query');
      const list = await getSchoolStaff(c.get('db'), requireSession(c).actor, schoolId, {
        ...(year === undefined ? {} : { year }),
        includeRatings: ratings === 'true',
      });
      return c.json(list, 200);
    },
  );
