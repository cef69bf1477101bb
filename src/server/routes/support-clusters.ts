// Clusters, shared staff, and cross-school visit days against the yearly allowance
// (issue #6 part B).
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  addMember,
  addSharedStaff,
  AllowanceInputSchema,
  ClusterInputSchema,
  ClusterUpdateSchema,
  createCluster,
  getClusters,
  logVisit,
  MemberInputSchema,
  removeMember,
  setVisitAllowance,
  SharedStaffInputSchema,
  updateCluster,
  VisitInputSchema,
} from '../../services/clusters.ts';
import type { AppEnv } from '../context.ts';
import {
  ClustersSchema,
  CreatedSchema,
  OkSchema,
  VisitLoggedSchema,
} from '../support-responses.ts';
import { defineRoute, IdParam, MemberParam, YearQuery } from '../support-schemas.ts';

export const clusterRoutes = new OpenAPIHono<AppEnv>();

defineRoute(
  clusterRoutes,
  {
    method: 'get',
    path: '/support/clusters',
    summary: 'Clusters with members, shared staff, and visit days used against the allowance',
    response: ClustersSchema,
    query: YearQuery,
  },
  ({ db, actor, query }) => getClusters(db, actor, query as { year?: number }),
);
defineRoute(
  clusterRoutes,
  {
    method: 'post',
    path: '/support/clusters',
    summary: 'Create a cluster of schools with a joint plan and pooled funding',
    response: CreatedSchema,
    body: ClusterInputSchema,
    status: 201,
  },
  async ({ db, actor, body }) => ({ id: await createCluster(db, actor, body) }),
);
defineRoute(
  clusterRoutes,
  {
    method: 'patch',
    path: '/support/clusters/{id}',
    summary: 'Change a cluster’s name, joint plan or pooled funding',
    response: OkSchema,
    params: IdParam,
    body: ClusterUpdateSchema,
  },
  async ({ db, actor, params, body }) => {
    await updateCluster(db, actor, params.id ?? '', body);
    return { ok: true };
  },
);
defineRoute(
  clusterRoutes,
  {
    method: 'post',
    path: '/support/clusters/{id}/members',
    summary: 'Add a school to a cluster',
    response: OkSchema,
    params: IdParam,
    body: MemberInputSchema,
    status: 201,
  },
  async ({ db, actor, params, body }) => {
    await addMember(db, actor, params.id ?? '', body);
    return { ok: true };
  },
);
defineRoute(
  clusterRoutes,
  {
    method: 'delete',
    path: '/support/clusters/{id}/members/{schoolId}',
    summary: 'Remove a school from a cluster',
    response: OkSchema,
    params: MemberParam,
  },
  async ({ db, actor, params }) => {
    await removeMember(db, actor, params.id ?? '', params.schoolId ?? '');
    return { ok: true };
  },
);
defineRoute(
  clusterRoutes,
  {
    method: 'post',
    path: '/support/clusters/{id}/shared-staff',
    summary: 'Add a member of staff the cluster shares',
    response: OkSchema,
    params: IdParam,
    body: SharedStaffInputSchema,
    status: 201,
  },
  async ({ db, actor, params, body }) => {
    await addSharedStaff(db, actor, params.id ?? '', body);
    return { ok: true };
  },
);
defineRoute(
  clusterRoutes,
  {
    method: 'put',
    path: '/support/visit-allowance',
    summary:
      'Set the visit days each teacher may spend at other schools per school year (default 3)',
    response: OkSchema,
    body: AllowanceInputSchema,
  },
  async ({ db, actor, body }) => {
    await setVisitAllowance(db, actor, body);
    return { ok: true };
  },
);
defineRoute(
  clusterRoutes,
  {
    method: 'post',
    path: '/support/visits',
    summary:
      'Log a teacher’s visit to another school; refused (409) beyond the allowance unless a district leader gives a reason',
    response: VisitLoggedSchema,
    body: VisitInputSchema,
    status: 201,
  },
  ({ db, actor, body }) => logVisit(db, actor, body),
);
