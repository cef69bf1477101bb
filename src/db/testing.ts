// Test databases: a real embedded PostgreSQL per test, never a mock (ENGINEERING.md).
// Creating and migrating a PGlite takes seconds, so the first call in a process builds a
// migrated template and every later database starts from a copy of it (about 1 s). With
// TANDEM_TEST_DATABASE_URL set (the PostgreSQL suite in CI), each database is instead a fresh
// schema on that server, migrated from scratch.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from './connection.ts';
import { migrate } from './migrate.ts';

let template: Promise<Blob> | undefined;

export async function createTestDb(): Promise<DbHandle> {
  const url = process.env.TANDEM_TEST_DATABASE_URL;
  if (url) return createPostgresTestDb(url);
  template ??= buildPGliteTemplate();
  return openDatabase({ memory: true, loadDataDir: await template });
}

async function buildPGliteTemplate(): Promise<Blob> {
  const handle = await openDatabase({ memory: true });
  try {
    await migrate(handle);
    if (!handle.dumpDataDir) throw new Error('PGlite handle without dumpDataDir');
    return await handle.dumpDataDir();
  } finally {
    await handle.close();
  }
}

async function createPostgresTestDb(url: string): Promise<DbHandle> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: url });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const handle = await openDatabase({ databaseUrl: u.toString() });
  await migrate(handle);
  return handle;
}
