// The Hono application: the JSON API under /api and the built web app for everything else.
// Routes are thin: validate, call one service, present (ENGINEERING.md "Thin edges").
import fs from 'node:fs';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../domain/shared/errors.ts';
import type { AppEnv } from './context.ts';
import { apiRateLimit, csrf, loadSession, requestLog } from './middleware.ts';
import { problemResponse, toAppError, validationError } from './problem.ts';
import { allocationRoutes } from './routes/allocation.ts';
import { diagnosticsRoutes } from './routes/diagnostics.ts';
import { equityRoutes } from './routes/equity.ts';
import { exportRoutes } from './routes/exports.ts';
import { importRoutes } from './routes/imports.ts';
import { incentiveRoutes } from './routes/incentives.ts';
import { matchingRoutes } from './routes/matching.ts';
import { schoolRoutes } from './routes/schools.ts';
import { sessionRoutes } from './routes/session.ts';
import { supportRoutes } from './routes/support.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  /** Folder of the built web app (index.html and assets); omitted in API-only tests. */
  webRoot?: string;
}

export function createApp(deps: AppDeps) {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(c, validationError(result.error, 'request'));
      }
      return undefined;
    },
  });
  api.use('*', apiRateLimit());
  api.use('*', loadSession());
  api.use('*', csrf());
  api.route('/', sessionRoutes);
  // Before the school and diagnostics routes: /identifications/<uuid>.xlsx is not a run id.
  api.route('/', exportRoutes);
  api.route('/', schoolRoutes);
  api.route('/', diagnosticsRoutes);
  api.route('/', incentiveRoutes);
  api.route('/', allocationRoutes);
  api.route('/', equityRoutes);
  api.route('/', importRoutes);
  api.route('/', supportRoutes);
  api.route('/', matchingRoutes);
  api.get('/health', (c) => c.json({ ok: true }));
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tandem API',
      version: '0.1.0',
      description:
        'The API behind the Tandem web app. Sign in with POST /api/session; send the returned csrfToken as X-CSRF-Token on every mutation.',
    },
  });

  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestLog(deps.config.logRequests));
  app.use('*', async (c, next) => {
    c.set('db', deps.db);
    c.set('config', deps.config);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError.kind === 'internal') {
      // Logged with the request id only; the user gets a plain message, never a stack trace.
      console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}:`, error);
    }
    return problemResponse(c, appError);
  });
  app.route('/api', api);
  app.all('/api/*', () => {
    throw new AppError('not_found', 'There is no such API endpoint.');
  });

  if (deps.webRoot) mountWebApp(app, deps.webRoot);
  return app;
}

/** Serves the built single-page app; unknown non-API paths get index.html (client routing). */
function mountWebApp(app: OpenAPIHono<AppEnv>, webRoot: string) {
  const indexHtml = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const root = path.relative(process.cwd(), webRoot) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use('*', serveStatic({ root }));
  app.get('*', (c) => {
    c.header('cache-control', 'no-cache');
    return c.html(indexHtml);
  });
}
