// `tandem import FILE…` and `tandem batches list|rollback|rejected`: thin wrappers over the
// import services. Changes are made as a named user (--as), whose role is checked and who is
// recorded on the batch: the command line has no session, so this is attribution, not
// authentication — whoever can run it can already open the database (docs/decisions/005).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { listDistricts } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { plural } from '../domain/diagnostics/format.ts';
import { AppError, isAppError, type FieldProblem } from '../domain/shared/errors.ts';
import { parseMapping, type Mapping, type MappingInput } from '../importers/mapping.ts';
import { listMappingChoices } from '../services/saved-mappings.ts';
import { prestartReadWorker } from '../importers/read-in-worker.ts';
import {
  listBatches,
  loadActorByUsername,
  rollbackBatch,
  streamRejectedRowsCsv,
} from '../services/import-batches.ts';
import {
  importFile,
  ImportRefusedError,
  listMappings,
  type ImportSummary,
} from '../services/imports.ts';
import { importStatewide } from './import-statewide.ts';
import { progressPrinter, withDatabase, type LoadConfig } from './shared.ts';

const SHOWN_PROBLEMS = 50;

const ImportOptions = z.object({
  mapping: z.string().min(1).optional(),
  sheet: z.string().trim().min(1).max(31).optional(),
  dryRun: z.boolean().optional(),
  skipInvalidRows: z.boolean().optional(),
  skipUnknownSchools: z.boolean().optional(),
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
  listMappings: z.boolean().optional(),
  statewide: z.boolean().optional(),
});
const BatchOptions = z.object({
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
});

export function registerImport(program: Command, loadConfig: LoadConfig) {
  program
    .command('import')
    .description(
      'Import CSV or Excel files (.csv, .csv.gz, .xlsx) through a mapping, each file as one batch',
    )
    .argument('[files...]', 'the files to import, in order')
    .option(
      '--mapping <name|file.json>',
      'a built-in or saved mapping’s name, or a mapping file, written as docs/mappings.md shows (default: chosen from each file’s header)',
    )
    .option(
      '--sheet <name>',
      'for an .xlsx, the worksheet to read (default: the mapping’s, else the first)',
    )
    .option('--dry-run', 'read and check everything, count what would change, write nothing')
    .option(
      '--skip-invalid-rows',
      'load the valid rows and reject the others (see `tandem batches rejected`)',
    )
    .option(
      '--skip-unknown-schools',
      'skip (and count) rows for schools not in the district, as in a statewide file',
    )
    .option(
      '--as <username>',
      'the district leader or analyst the import is recorded as (required)',
    )
    .option('--district <id>', 'the district (default: the user’s)')
    .option(
      '--list-mappings',
      'list the built-in mappings (with --as, the district’s saved ones first) and stop',
    )
    .option(
      '--statewide',
      'load the state’s whole files (NC DPI) as reference data for statewide quartiles, all files as one batch',
    )
    .action(async (files: string[], raw: unknown) => {
      const opts = ImportOptions.parse(raw);
      if (opts.listMappings) {
        if (opts.as === undefined) return printMappings(listMappings());
        const as = opts.as;
        return withDatabase(loadConfig(), async ({ db }) => {
          const actor = await loadActorByUsername(db, as);
          printMappings(await listMappingChoices(db, actor));
        });
      }
      if (files.length === 0)
        throw new AppError('bad_request', 'Name at least one file to import.');
      const username = requireAs(opts.as);
      // Ready by the time the database is open (read-in-worker.ts); another after each file.
      prestartReadWorker({ keepReady: opts.statewide === true || files.length > 1 });
      if (opts.statewide) {
        return withDatabase(loadConfig(), async ({ db }) => {
          const actor = await loadActorByUsername(db, username);
          const isDone = await importStatewide(db, actor, files, {
            districtId: opts.district ?? actor.districtId,
            dryRun: opts.dryRun ?? false,
          });
          if (!isDone) process.exitCode = 1;
        });
      }
      const mapping =
        opts.mapping === undefined ? undefined : await readMappingOption(opts.mapping);
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = await loadActorByUsername(db, username);
        const districtId = opts.district ?? actor.districtId;
        let refused = 0;
        for (const file of files) {
          const isDone = await importOne(db, actor, file, {
            districtId,
            mapping,
            sheet: opts.sheet,
            dryRun: opts.dryRun ?? false,
            skipRows: opts.skipInvalidRows ?? false,
            skipUnknownSchools: opts.skipUnknownSchools ?? false,
          });
          if (!isDone) refused++;
        }
        if (refused > 0) {
          console.error(
            `${refused} of ${files.length} file${files.length === 1 ? '' : 's'} refused.`,
          );
          process.exitCode = 1;
        }
      });
    });

  const batches = program.command('batches').description('List import batches, roll one back');
  batches
    .command('list')
    .description('The district’s import batches, newest first')
    .option('--district <id>', 'the district (needed only when there are several)')
    .option('--as <username>', 'list as this user (default: the system)')
    .action(async (raw: unknown) => {
      const opts = BatchOptions.parse(raw);
      await withDatabase(loadConfig(), async ({ db }) => {
        const { actor, districtId } = await resolveScope(db, opts);
        for (const b of await listBatches(db, actor, districtId)) {
          const who = b.createdBy ? (b.createdBy.username ?? b.createdBy.userId) : 'system';
          const counts = `${b.rowsRead} read, ${b.rowsWritten} written, ${b.rowsSkipped} skipped, ${b.rowsRejected} rejected`;
          console.log(
            `${b.createdAt.toISOString().slice(0, 19).replace('T', ' ')}  ${b.status.padEnd(11)}  ${b.id}  ${b.fileName}\n` +
              `    ${counts}; by ${who}; mapping ${b.mappingName ?? '-'}; sha256 ${b.fileSha256}`,
          );
        }
      });
    });
  batches
    .command('rollback')
    .description('Undo a batch: restore what it replaced, remove what it added')
    .argument('<batch-id>')
    .option('--as <username>', 'the district leader or analyst rolling back (required)')
    .option('--district <id>', 'the district (default: the user’s)')
    .action(async (batchId: string, raw: unknown) => {
      const opts = BatchOptions.parse(raw);
      const username = requireAs(opts.as);
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = await loadActorByUsername(db, username);
        const done = await rollbackBatch(db, actor, opts.district ?? actor.districtId, batchId);
        console.log(
          `Rolled back ${done.batchId} (${done.fileName}): ${done.restored} rows restored, ${done.deleted} removed.`,
        );
      });
    });
  batches
    .command('rejected')
    .description('Print the rows a batch rejected, as CSV with a reason column')
    .argument('<batch-id>')
    .option('--district <id>', 'the district (needed only when there are several)')
    .option('--as <username>', 'read as this user (default: the system)')
    .action(async (batchId: string, raw: unknown) => {
      const opts = BatchOptions.parse(raw);
      await withDatabase(loadConfig(), async ({ db }) => {
        const { actor, districtId } = await resolveScope(db, opts);
        for await (const chunk of streamRejectedRowsCsv(db, actor, districtId, batchId)) {
          if (!process.stdout.write(chunk)) {
            await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
        }
      });
    });
}

/** Imports one file; false when it was refused (its problems are printed). */
async function importOne(
  db: Db,
  actor: Actor,
  file: string,
  o: {
    districtId: string;
    mapping: string | MappingInput | undefined;
    sheet: string | undefined;
    dryRun: boolean;
    skipRows: boolean;
    skipUnknownSchools: boolean;
  },
): Promise<boolean> {
  const started = Date.now();
  const bar = progressPrinter();
  const step = `Importing ${path.basename(file)}`;
  let total = 1;
  const finishBar = () => bar({ step, done: total, total });
  try {
    const summary = await importFile(db, actor, {
      districtId: o.districtId,
      path: file,
      ...(o.mapping === undefined ? {} : { mapping: o.mapping }),
      sheet: o.sheet,
      dryRun: o.dryRun,
      onProblems: o.skipRows ? 'skip-rows' : 'abort',
      unknownSchools: o.skipUnknownSchools ? 'skip' : 'error',
      notes: `Imported with \`tandem import\` on the command line as ${actor.username}.`,
      onProgress: (p) => {
        total = Math.max(1, p.totalBytes);
        bar({ step, done: p.bytesRead, total });
      },
    });
    finishBar();
    printSummary(summary, Date.now() - started);
    return true;
  } catch (error) {
    if (!isAppError(error)) throw error;
    finishBar();
    console.error(`Refused: ${error.message}`);
    const count = error instanceof ImportRefusedError ? error.problemCount : error.problems.length;
    printProblems(error.problems, count);
    return false;
  }
}

function printSummary(s: ImportSummary, ms: number) {
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(
    `${s.fileName}: ${plural(s.rowsRead, 'row')} read, ${n(s.rowsWritten)} written, ${n(s.rowsSkipped)} skipped, ${n(s.rowsRejected)} rejected` +
      ` (mapping ${s.mappingName}; ${(ms / 1000).toFixed(1)} s)`,
  );
  console.log(s.dryRun ? '  Dry run: nothing was written.' : `  Batch ${s.batchId}`);
  if (s.problemCount > 0) {
    printProblems(
      s.problems.map((p) => ({
        field: `${p.file}:${p.row}:${p.column ?? ''}`,
        message: p.value ? `"${p.value}" ${p.reason}` : p.reason,
      })),
      s.problemCount,
    );
  }
  if (s.rowsRejected > 0 && !s.dryRun) {
    console.log(
      `  Rejected rows with reasons: tandem batches rejected ${s.batchId} > rejected.csv`,
    );
  }
}

function printProblems(problems: readonly FieldProblem[], count: number) {
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) {
    console.error(`  ${p.field.replace(/:$/, '')}: ${p.message}`);
  }
  const more = count - Math.min(SHOWN_PROBLEMS, problems.length);
  if (more > 0) console.error(`  and ${more.toLocaleString('en-US')} more`);
}

function printMappings(
  mappings: ReadonlyArray<Pick<Mapping, 'name' | 'kind' | 'title'> & { source?: string }>,
) {
  for (const m of mappings) {
    const saved = m.source === 'saved' ? ' (saved by the district)' : '';
    console.log(`${m.name.padEnd(30)} ${m.kind.padEnd(8)} ${m.title}${saved}`);
  }
}

function requireAs(username: string | undefined): string {
  if (username !== undefined) return username;
  throw new AppError(
    'bad_request',
    '--as USERNAME is required: the district leader or analyst the change is recorded as.',
  );
}

/** A built-in or saved mapping's name, or a mapping file (anything ending .json or naming a path). */
async function readMappingOption(option: string): Promise<string | MappingInput> {
  if (!option.endsWith('.json') && !option.includes(path.sep) && !option.includes('/')) {
    return option;
  }
  const text = await fs.readFile(option, 'utf8').catch((error: unknown) => {
    throw new AppError('bad_request', `--mapping: cannot read ${option}.`, { cause: error });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('bad_request', `--mapping: ${option} is not valid JSON (${reason}).`);
  }
  return parseMapping(json);
}

/** Who reads and which district: --as's user, else the system, in --district or the only one. */
async function resolveScope(
  db: Db,
  opts: z.infer<typeof BatchOptions>,
): Promise<{ actor: Actor | null; districtId: string }> {
  if (opts.as !== undefined) {
    const actor = await loadActorByUsername(db, opts.as);
    return { actor, districtId: opts.district ?? actor.districtId };
  }
  if (opts.district !== undefined) return { actor: null, districtId: opts.district };
  const districts = await listDistricts(db);
  const [only, ...rest] = districts;
  if (only && rest.length === 0) return { actor: null, districtId: only.id };
  throw new AppError(
    'bad_request',
    only
      ? `Several districts exist; say which with --district (${districts.map((d) => d.id).join(', ')}).`
      : 'There is no district yet. Run `tandem serve` once first.',
  );
}
