// A Kysely dialect for PGlite (embedded PostgreSQL compiled to WASM).
// The published `kysely-pglite-dialect` package pins PGlite < 0.5, so we keep this small
// driver ourselves (docs/decisions/002-embedded-postgres.md). PGlite has exactly one
// connection, so the driver hands it out under a mutex: a transaction holds it from BEGIN to
// COMMIT and no other query can interleave.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiled.sql, [...compiled.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && compiled.query.kind !== 'SelectQueryNode'
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  // PGlite returns whole result sets; streaming yields them in one chunk.
  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiled);
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {
    await this.client.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}

/** PostgreSQL's adapter, marked so that queries can tell they run on PGlite's one connection,
 * and holding the client for what Kysely cannot say (COPY from a blob). */
class PGliteAdapter extends PostgresAdapter {
  constructor(readonly client: PGlite) {
    super();
  }
}

/**
 * Whether `db` (or a transaction of it) runs on PGlite, whose one connection a transaction holds
 * from BEGIN to COMMIT (the mutex above): nothing else can read or write in between, so locks
 * taken to fend off other sessions protect against nothing (see import-writes.ts).
 */
export function isSingleConnection<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PGliteAdapter;
}

/**
 * Runs `COPY … FROM '/dev/blob'` with `blob` as its input (PGlite's way to stream data in);
 * returns the rows copied. Only inside a transaction of `db` (db.isTransaction): the transaction
 * holds PGlite's one connection, so the statement cannot interleave with anyone else's.
 */
export async function copyFromBlob<DB>(db: Kysely<DB>, statement: string, blob: Blob) {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof PGliteAdapter) || !db.isTransaction) {
    throw new Error('copyFromBlob runs inside a PGlite transaction');
  }
  const result = await adapter.client.query(statement, [], { blob });
  return result.affectedRows ?? 0;
}

export class PGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PGliteAdapter(this.client);
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
