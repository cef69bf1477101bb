// Forward-only SQL migrations. Each file in migrations/ is applied once, in order, in its own
// transaction; a checksum of every applied file is kept, and the runner refuses to start when
// history and files disagree (an edited or missing migration), as Actual's runner does.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../domain/shared/errors.ts';
import { projectPath } from '../paths.ts';
import type { DbHandle } from './connection.ts';

const MIGRATIONS_DIR = projectPath('src', 'db', 'migrations');

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export async function migrate(handle: DbHandle, files = readMigrationFiles()): Promise<string[]> {
  await handle.execScript(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied = await handle.db
    .selectFrom('schema_migrations')
    .selectAll()
    .orderBy('version')
    .execute();
  for (const row of applied) {
    const file = files.find((f) => f.version === row.version);
    if (!file) {
      throw new AppError(
        'config',
        `The database has migration ${row.name}, which this version of Tandem does not know. Use a newer Tandem.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new AppError(
        'config',
        `Migration ${row.name} was changed after it was applied. Migrations are forward-only: add a new file instead.`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const ran: string[] = [];
  for (const file of files) {
    if (done.has(file.version)) continue;
    // name matched /^\d{3}-[a-z0-9-]+\.sql$/ and checksum is hex, so inlining them is safe; the
    // file and its record must go in one script so that they commit together.
    const record = `insert into schema_migrations (version, name, checksum) values (${file.version}, '${file.name}', '${file.checksum}')`;
    await handle.execScript(`begin;\n${file.sql}\n;${record};\ncommit;`);
    ran.push(file.name);
  }
  return ran;
}
