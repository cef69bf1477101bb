// Sign in, see who is signed in, change password, sign out.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getDistrict } from '../../db/queries/schools.ts';
import {
  changePassword,
  SESSION_IDLE_MS,
  signIn,
  signOut,
  type SessionState,
} from '../../services/auth.ts';
import type { Db } from '../../db/connection.ts';
import type { AppEnv } from '../context.ts';
import { clientAddress, requireSession, SESSION_COOKIE } from '../middleware.ts';
import { ChangePasswordSchema, problemResponses, SessionSchema, SignInSchema } from '../schemas.ts';

async function present(
  db: Db,
  state: Pick<SessionState, 'actor' | 'csrfToken' | 'mustChangePassword'>,
) {
  const district = await getDistrict(db, state.actor.districtId);
  return {
    user: {
      id: state.actor.userId,
      username: state.actor.username,
      displayName: state.actor.displayName,
      grants: state.actor.grants,
      mustChangePassword: state.mustChangePassword,
    },
    district: { id: state.actor.districtId, name: district?.name ?? state.actor.districtId },
    csrfToken: state.csrfToken,
  };
}

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

export const sessionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/session',
      tags: ['Session'],
      summary: 'Sign in',
      request: { body: { ...json(SignInSchema), required: true } },
      responses: {
        200: { description: 'Signed in', ...json(SessionSchema) },
        ...problemResponses(400, 401, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = c.get('db');
      const result = await signIn(db, { ...body, address: clientAddress(c) });
      setCookie(c, SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: c.get('config').secureCookies,
        path: '/',
        maxAge: Math.floor(SESSION_IDLE_MS / 1000),
      });
      return c.json(await present(db, result), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/session',
      tags: ['Session'],
      summary: 'The signed-in user',
      responses: {
        200: { description: 'Session', ...json(SessionSchema) },
        ...problemResponses(401),
      },
    }),
    async (c) => c.json(await present(c.get('db'), requireSession(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/session/password',
      tags: ['Session'],
      summary: 'Change your password',
      request: { body: { ...json(ChangePasswordSchema), required: true } },
      responses: { 204: { description: 'Changed' }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      await changePassword(c.get('db'), requireSession(c), c.req.valid('json'));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/session',
      tags: ['Session'],
      summary: 'Sign out',
      responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      const session = requireSession(c);
      await signOut(c.get('db'), session.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
