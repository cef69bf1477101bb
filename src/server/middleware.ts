// Cross-cutting request handling: request ids and logs, security headers, sessions, CSRF, and a
// per-address rate limit on the API.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import { RateLimiter } from '../domain/access/rate-limit.ts';
import { AppError } from '../domain/shared/errors.ts';
import { resumeSession } from '../services/auth.ts';
import type { AppEnv } from './context.ts';

export const SESSION_COOKIE = 'tandem_session';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function clientAddress(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/** Logs method, path, status and time — never bodies, cookies or query values (privacy). */
export function requestLog(enabled: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('requestId', randomUUID());
    await next();
    c.header('x-request-id', c.get('requestId'));
    if (enabled && c.req.path.startsWith('/api/')) {
      const ms = (performance.now() - started).toFixed(1);
      console.log(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`);
    }
  };
}

export function apiRateLimit(limit = 600, windowMs = 60_000): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiter({ limit, windowMs });
  return async (c, next) => {
    const result = limiter.hit(clientAddress(c));
    if (!result.allowed) {
      throw new AppError('rate_limited', 'Too many requests. Slow down and try again shortly.', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
    await next();
  };
}

export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('session', token ? await resumeSession(c.get('db'), token) : null);
    await next();
  };
}

/**
 * CSRF defence for every mutation: the body must be JSON (a cross-site HTML form cannot send
 * that without a CORS preflight, which we never grant), and a signed-in request must echo the
 * session's CSRF token in X-CSRF-Token (OWASP CSRF Prevention Cheat Sheet: synchronizer token).
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (MUTATING.has(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      const hasBody = c.req.method !== 'DELETE' || (c.req.header('content-length') ?? '0') !== '0';
      if (
        hasBody &&
        !type.startsWith('application/json') &&
        !type.startsWith('multipart/form-data')
      ) {
        throw new AppError('bad_request', 'Send the request body as application/json.');
      }
      const session = c.get('session');
      if (session && c.req.header('x-csrf-token') !== session.csrfToken) {
        throw new AppError(
          'forbidden',
          'The CSRF token is missing or wrong. Reload the page and try again.',
        );
      }
    }
    await next();
  };
}

export function requireSession(c: { get(key: 'session'): AppEnv['Variables']['session'] }) {
  const session = c.get('session');
  if (!session) throw new AppError('unauthorized', 'Sign in to continue.');
  return session;
}
