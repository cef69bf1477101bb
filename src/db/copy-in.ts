// `COPY … FROM` with text the process holds, on either database: PostgreSQL's bulk path, whose
// rows are parsed and written by the server a page at a time rather than planned and executed
// statement by statement (PostgreSQL manual, "Populating a Database", 14.4.2).
//
// PGlite takes the text as a blob (`FROM '/dev/blob'`). A PostgreSQL server takes it over the
// COPY sub-protocol (`FROM STDIN`), which node-postgres leaves to pg-copy-streams (a submittable
// for `client.query`). Kysely's PostgreSQL driver keeps its `pg` client to itself, so the pool
// it is given hands out clients that recognise one parameter: a statement whose only parameter
// is a CopyInput is sent as a COPY with that text. Everything else passes through unchanged.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CompiledQuery,
  type Kysely,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyFromBlob, isSingleConnection } from './pglite-dialect.ts';

/** Text for a `COPY … FROM STDIN`, passed as a statement's only parameter. */
class CopyInput {
  constructor(readonly text: string) {}
}

/**
 * Runs `statement` (`copy table (columns)`, without its source) with `text` in COPY's text format
 * as its input; returns the rows copied. Only inside a transaction of `db`, so that the COPY and
 * what the caller does around it (a savepoint, a check) run on one connection.
 */
export async function copyIn<DB>(db: Kysely<DB>, statement: string, text: string) {
  if (!db.isTransaction) throw new Error('copyIn runs inside a transaction');
  if (isSingleConnection(db)) {
    return copyFromBlob(db, `${statement} from '/dev/blob'`, new Blob([text]));
  }
  const { rows } = await db.executeQuery<{ copied: number }>(
    CompiledQuery.raw(`${statement} from stdin`, [new CopyInput(text)]),
  );
  return rows[0]?.copied ?? 0;
}

/** `pool` for Kysely's PostgresDialect, with clients that can run copyIn. */
export function copyingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, CopyingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      // Kysely keeps one connection object per client it is given: give it the same wrapper.
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = new CopyingClient(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

class CopyingClient implements PostgresPoolClient {
  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    query: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof query !== 'string') return this.client.query(query as never) as PostgresCursor<R>;
    const input = parameters?.length === 1 ? parameters[0] : undefined;
    if (input instanceof CopyInput) return this.copy<R>(query, input.text);
    return this.client.query(query, parameters as unknown[]) as unknown as Promise<
      PostgresQueryResult<R>
    >;
  }

  private async copy<R>(statement: string, text: string): Promise<PostgresQueryResult<R>> {
    const stream = this.client.query(copyFrom(statement));
    // A refused row ends the COPY with the server's error (a unique violation, a bad value),
    // thrown here as a query's would be; the connection stays usable for the rollback.
    await pipeline(Readable.from([text]), stream);
    return {
      // Kysely's result type knows no COPY command; copyIn reads the count from the row.
      command: 'SELECT',
      rowCount: stream.rowCount,
      rows: [{ copied: stream.rowCount } as R],
    };
  }

  release(): void {
    this.client.release();
  }
}
