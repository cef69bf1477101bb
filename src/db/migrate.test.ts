import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';
import { migrate, readMigrationFiles } from './migrate.ts';
import { createTestDb } from './testing.ts';

describe('migrations', () => {
  it('applies every file once and records its checksum', async () => {
    const handle = await createTestDb();
    const rows = await handle.db.selectFrom('schema_migrations').selectAll().execute();
    expect(rows.map((r) => r.name)).toEqual(readMigrationFiles().map((f) => f.name));
    expect(await migrate(handle)).toEqual([]);
    await handle.close();
  });

  it('refuses a database whose applied migration was edited afterwards', async () => {
    const handle = await createTestDb();
    const files = readMigrationFiles().map((f, i) => (i === 0 ? { ...f, checksum: 'x' } : f));
    await expect(migrate(handle, files)).rejects.toThrow(/was changed after it was applied/);
    await handle.close();
  });

  it('rolls back a failing migration entirely', async () => {
    const handle = await createTestDb();
    const files = [
      ...readMigrationFiles(),
      {
        version: 999,
        name: '999-bad.sql',
        sql: 'create table t_ok (a int); select 1/0;',
        checksum: 'c',
      },
    ];
    await expect(migrate(handle, files)).rejects.toThrow();
    const tables = await handle.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('t_ok');
    await handle.close();
  });

  it('says clearly when the data directory cannot be written', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-')), 'a-file');
    fs.writeFileSync(file, '');
    await expect(openDatabase({ dataDir: file })).rejects.toThrow(/TANDEM_DATA_DIR: cannot write/);
  });

  it('says clearly when DATABASE_URL cannot be reached, without the password', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://u:secret@127.0.0.1:1/db' }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/DATABASE_URL: could not connect/);
    expect(String(error)).not.toContain('secret');
  });
});
