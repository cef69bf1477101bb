// Opens the database: embedded PGlite under the data directory by default, or a PostgreSQL
// server when DATABASE_URL is set. Both speak the same SQL, so the same migrations and queries
// run on either (docs/decisions/002-embedded-postgres.md).
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/shared/errors.ts';
import { copyingPool } from './copy-in.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script (migrations) on one connection. */
  execScript(script: string): Promise<void>;
  /** PGlite only: a snapshot of the whole database, to start copies from (tests). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export type DbTarget =
  { databaseUrl: string } | { dataDir: string } | { memory: true; loadDataDir?: Blob };

// node-postgres returns int8 and numeric as strings and dates as Date objects; we want the same
// JavaScript values as PGlite gives, so that code never depends on which engine it runs on.
pg.types.setTypeParser(20, (v) => Number(v)); // int8 (count(*))
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

export async function openDatabase(target: DbTarget): Promise<DbHandle> {
  if ('databaseUrl' in target) return openPostgres(target.databaseUrl);
  if ('dataDir' in target) return openPGlite(ensureWritableDir(target.dataDir));
  return openPGlite(undefined, target.loadDataDir);
}

function ensureWritableDir(dataDir: string): string {
  const dir = path.join(dataDir, 'pgdata');
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'not writable';
    throw new AppError(
      'config',
      `TANDEM_DATA_DIR: cannot write to ${dataDir} (${reason}). Choose a folder you can write to.`,
    );
  }
  return dir;
}

// The same JavaScript values as node-postgres gives after the parsers above.
const PGLITE_PARSERS = {
  [types.NUMERIC]: (v: string) => Number(v),
  [types.INT8]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

// PGlite's buffer cache is PostgreSQL's default 128 MB of shared_buffers, and it lives in this
// process: an empty database measured 283 MB RSS once open, 163 MB with 16 MB of buffers, against
// the 300 MB issue #3 sets for a whole import. A miss costs little here: the data files sit in
// the operating system's page cache (or, in memory, in PGlite's own file system), and inserting
// 248,356 values took no more CPU with 16 MB than with 128 MB (docs/decisions/005-imports.md,
// "Writing fast enough"). Temporary tables (the import's key log) get 4 MB before they spill to
// their own files.
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=16MB',
  '-c',
  'temp_buffers=4MB',
];

// PGlite's WebAssembly module (~9 MB) compiles asynchronously by default, and V8 then finishes
// that work after PGlite says it is ready: the first file read after opening waited ~300 ms and
// the process spent ~1.55 s of CPU opening a database against ~1.25 s compiled synchronously
// (measured 24 Nov 2026, same data directory, three runs each). Compiled synchronously, the
// database is ready when it says so, sooner, and the first import or request does not pay for
// the rest. The flag only changes how WebAssembly compiles in this process; PGlite is the only
// WebAssembly here.
let isWasmCompileSync = false;
function compileWasmSynchronously(): void {
  if (isWasmCompileSync) return;
  v8.setFlagsFromString('--no-wasm-async-compilation');
  isWasmCompileSync = true;
}

async function openPGlite(dir: string | undefined, loadDataDir?: Blob): Promise<DbHandle> {
  compileWasmSynchronously();
  let client: PGlite;
  try {
    client = new PGlite({
      ...(dir ? { dataDir: dir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      parsers: PGLITE_PARSERS,
      startParams: PGLITE_START_PARAMS,
    });
    await client.waitReady;
  } catch (error) {
    throw new AppError(
      'config',
      `Could not open the embedded database in ${dir ?? 'memory'}: ${describe(error)}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    // Holding a Kysely connection keeps every other query out while the script runs.
    execScript: (script) =>
      db.connection().execute(async () => {
        try {
          await client.exec(script);
        } catch (error) {
          // A failed script leaves its transaction open and aborted; close it.
          await client.exec('rollback').catch(() => undefined);
          throw error;
        }
      }),
    dumpDataDir: () =>
      db.connection().execute(async () => {
        const dump = await client.dumpDataDir('none');
        return dump;
      }),
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client's network error must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError(
      'config',
      `DATABASE_URL: could not connect to ${redactUrl(url)}: ${describe(error)}`,
    );
  }
  // copyingPool: the same pool, whose clients can also run COPY FROM STDIN (copy-in.ts).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyingPool(pool) }) });
  return {
    db,
    kind: 'postgres',
    execScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given URL (it could not be parsed)';
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
