// One step of bench/import.ts, run as a child process so that its memory is its own:
//   node --import tsx bench/lib/import-child.ts '<task as JSON>'
// (bench/import.ts runs it bundled, as `tandem` runs; see there)
// prints `RESULT {…}` as its last line. The parse-only steps load nothing but csv-parse — as
// shipped, with the reader's options, or as the reader sets it up (csvParser) — so that their
// memory is the parser's; the others load the app.
import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { parse } from 'csv-parse';
import { CSV_PARSE_OPTIONS, csvParser } from '../../src/importers/csv.ts';

export const DISTRICT = 'bench';

const Target = z.union([z.object({ dataDir: z.string() }), z.object({ databaseUrl: z.string() })]);
export const TaskSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('prepare'),
    target: Target,
    directory: z.string(),
    mapping: z.string(),
  }),
  z.object({
    kind: z.literal('parse'),
    file: z.string(),
    /** csv-parse as shipped, given the reader's options; or as the reader sets it up. */
    parser: z.enum(['csv-parse', 'tandem']),
  }),
  z.object({
    kind: z.literal('import'),
    target: Target,
    file: z.string(),
    mapping: z.string(),
    onProblems: z.enum(['abort', 'skip-rows']),
  }),
]);
export type Task = z.infer<typeof TaskSchema>;

export const TaskResultSchema = z.object({
  ms: z.number(),
  /** CPU time of the process (user + system) meanwhile: on a shared machine, less noisy than ms. */
  cpuMs: z.number(),
  rows: z.number(),
  rowsWritten: z.number(),
  rowsRejected: z.number(),
  /** RSS once the database is open, before the import starts (MB). */
  rssBeforeMb: z.number(),
  maxRssMb: z.number(),
});
export type TaskResult = z.infer<typeof TaskResultSchema>;

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function parseOnly(file: string, parser: 'csv-parse' | 'tandem'): Promise<TaskResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const raw = fs.createReadStream(file);
  const source = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let rows = -1; // the header is not a row
  const parsing = parser === 'tandem' ? csvParser() : parse({ ...CSV_PARSE_OPTIONS });
  for await (const _record of source.pipe(parsing)) rows++;
  const ms = performance.now() - started;
  return {
    ms,
    cpuMs: cpuMs(cpu),
    rows,
    rowsWritten: 0,
    rowsRejected: 0,
    rssBeforeMb: 0,
    maxRssMb: maxRssMb(),
  };
}

async function withApp(task: Exclude<Task, { kind: 'parse' }>): Promise<TaskResult> {
  const { openDatabase } = await import('../../src/db/connection.ts');
  const { migrate } = await import('../../src/db/migrate.ts');
  const { insertDistrict } = await import('../../src/db/queries/imports.ts');
  const { importFile } = await import('../../src/services/imports.ts');
  const { prestartReadWorker } = await import('../../src/importers/read-in-worker.ts');
  // As `tandem import` does: the reading worker starts while the database opens.
  if (task.kind === 'import') prestartReadWorker();
  const handle = await openDatabase(task.target);
  try {
    if (task.kind === 'prepare') {
      await migrate(handle);
      await insertDistrict(handle.db, { id: DISTRICT, name: 'Bench', state: 'NC' });
      const dir = await importFile(handle.db, null, {
        districtId: DISTRICT,
        path: task.directory,
        mapping: task.mapping,
      });
      return {
        ms: 0,
        cpuMs: 0,
        rows: dir.rowsRead,
        rowsWritten: dir.rowsWritten,
        rowsRejected: dir.rowsRejected,
        rssBeforeMb: 0,
        maxRssMb: 0,
      };
    }
    const rssBeforeMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await importFile(handle.db, null, {
      districtId: DISTRICT,
      path: task.file,
      mapping: task.mapping,
      onProblems: task.onProblems,
      // The shared file covers years and schools the directory (one year's) does not.
      unknownSchools: 'skip',
    });
    const ms = performance.now() - started;
    const { rowsRead, rowsWritten, rowsRejected } = summary;
    return {
      ms,
      cpuMs: cpuMs(cpu),
      rows: rowsRead,
      rowsWritten,
      rowsRejected,
      rssBeforeMb,
      maxRssMb: maxRssMb(),
    };
  } finally {
    await handle.close();
  }
}

if (process.argv[1] === import.meta.filename) {
  const task = TaskSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const result =
    task.kind === 'parse' ? await parseOnly(task.file, task.parser) : await withApp(task);
  console.log(`RESULT ${JSON.stringify(result)}`);
}
