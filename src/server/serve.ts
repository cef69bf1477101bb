import net from 'node:net';
// Starting the server: open the database, migrate, make sure there is a district and someone to
// sign in as, build the web app if its sources changed, and listen.
import { serve } from '@hono/node-server';
import type { Config } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/connection.ts';
import { AppError } from '../domain/shared/errors.ts';
import { prestartReadWorker, stopReadWorkers } from '../importers/read-in-worker.ts';
import { prepareDatabase, type PrepareProgress } from '../services/setup.ts';
import { createApp } from './app.ts';
import { ensureWebBuild } from './web-build.ts';

export interface StartOptions {
  buildIfNeeded: boolean;
  /** Serve the built web app too (off in dev mode, where Vite serves it). */
  serveWebApp?: boolean;
  onProgress?: (p: PrepareProgress) => void;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  handle: DbHandle;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Fail fast on a busy port, before minutes of first-start work.
  if (config.port !== 0) await assertPortFree(config);
  // Imports (the demo's on first start, then users') find a reading worker started.
  prestartReadWorker({ keepReady: true });
  const handle = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    const prepared = await prepareDatabase(handle, options.onProgress);
    if (prepared.firstLeader) {
      log('');
      log('  A district-leader account was created. Sign in with:');
      log(`    username: ${prepared.firstLeader.username}`);
      log(`    password: ${prepared.firstLeader.password}   (one-time: you will choose your own)`);
      log('');
    }
    const webRoot =
      options.serveWebApp === false
        ? undefined
        : await ensureWebBuild({ build: options.buildIfNeeded, log });
    const app = createApp({ db: handle.db, config, ...(webRoot ? { webRoot } : {}) });
    const server = await listen(app.fetch, config);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    return {
      url,
      handle,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stopReadWorkers();
        await handle.close();
      },
    };
  } catch (error) {
    await stopReadWorkers();
    await handle.close().catch(() => undefined);
    throw error;
  }
}

type NodeServer = ReturnType<typeof serve>;

function assertPortFree(config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config)));
    probe.listen(config.port, config.host, () => probe.close(() => resolve()));
  });
}

function listenError(error: NodeJS.ErrnoException, config: Config): AppError {
  if (error.code === 'EADDRINUSE') {
    return new AppError(
      'config',
      `Port ${config.port} is already in use. Set PORT to a free port, e.g. PORT=3001 npm start.`,
    );
  }
  if (error.code === 'EACCES') {
    return new AppError(
      'config',
      `Not allowed to listen on port ${config.port}. Choose a port above 1023 with PORT.`,
    );
  }
  return new AppError(
    'config',
    `Could not listen on ${config.host}:${config.port}: ${error.message}`,
  );
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config): Promise<NodeServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host });
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config)));
  });
}
