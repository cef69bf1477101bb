// `tandem report equity`: the staffing equity report (issue 5) on the command line — the gaps by
// poverty and minority quartile (default), the school figures, or retention by effectiveness —
// as an aligned text table with the definitions under it, CSV or XLSX. Reads as the system (an
// analyst of the one district) or as --as <username>, through the same services as the API.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { listDistricts } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { EQUITY_PRESET_KEYS } from '../services/equity-data.ts';
import { equityTable, retentionTable } from '../services/equity-export.ts';
import { toCsv } from '../services/exports/table.ts';
import { toXlsx } from '../services/exports/xlsx.ts';
import { loadActorByUsername } from '../services/import-batches.ts';
import { formatTable } from './report.ts';
import { withDatabase, type LoadConfig } from './shared.ts';

const TABLES = ['gaps', 'schools', 'retention'] as const;
const FORMATS = ['table', 'csv', 'xlsx'] as const;

const Options = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  preset: z.enum(EQUITY_PRESET_KEYS).optional(),
  source: z.enum(['staff', 'published']).optional(),
  table: z.enum(TABLES).default('gaps'),
  format: z.enum(FORMATS).default('table'),
  out: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
});
type Options = z.infer<typeof Options>;

/** Adds `equity` under the existing `report` command. */
export function registerReportEquity(program: Command, loadConfig: LoadConfig) {
  const report = program.commands.find((c) => c.name() === 'report');
  if (!report) throw new Error('register the report command first');
  report
    .command('equity')
    .description(
      'Staffing equity: inexperienced, ineffective, out-of-field and provisional teachers, turnover and inexperienced principals in the highest- against the lowest-poverty and -minority schools; or retention by effectiveness',
    )
    .option('--year <year>', 'the school year (spring year, e.g. 2019; default the latest)')
    .addOption(
      new Option(
        '--preset <preset>',
        'definitions: North Carolina, Massachusetts or California',
      ).choices([...EQUITY_PRESET_KEYS]),
    )
    .addOption(
      new Option(
        '--source <source>',
        'person-level staff records or the published school figures',
      ).choices(['staff', 'published']),
    )
    .addOption(
      new Option('--table <table>', 'gaps by quartile, school figures, or retention').choices([
        ...TABLES,
      ]),
    )
    .addOption(new Option('--format <format>', 'output (default: table)').choices([...FORMATS]))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--district <id>', 'the district (needed only when there are several)')
    .option('--as <username>', 'read as this user (default: the system, as an analyst)')
    .action(async (_raw: unknown, command: Command) => {
      // `report` itself declares --year, --format, --out, --district and --as, and Commander
      // gives an option to whichever command declares it: read this command's and report's.
      const opts = Options.parse(command.optsWithGlobals());
      if (opts.format === 'xlsx' && opts.out === undefined && process.stdout.isTTY) {
        throw new AppError('bad_request', 'Give a file for the XLSX: --out FILE.');
      }
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = await readerFor(db, opts);
        const common = {
          ...(opts.year === undefined ? {} : { year: opts.year }),
          ...(opts.preset === undefined ? {} : { preset: opts.preset }),
        };
        const table =
          opts.table === 'retention'
            ? await retentionTable(db, actor, common)
            : await equityTable(
                db,
                actor,
                { ...common, ...(opts.source ? { source: opts.source } : {}) },
                opts.table,
              );
        const body =
          opts.format === 'xlsx'
            ? await toXlsx(table, 'Equity')
            : opts.format === 'csv'
              ? toCsv(table)
              : formatTable(table);
        if (opts.out === undefined) process.stdout.write(body);
        else {
          fs.writeFileSync(opts.out, body);
          process.stderr.write(`Wrote ${opts.out}.\n`);
        }
      });
    });
}

/** The named user, or a read-only system reader (analyst) of the one district (or --district). */
async function readerFor(db: Db, opts: Options): Promise<Actor> {
  if (opts.as !== undefined) return loadActorByUsername(db, opts.as);
  const districts = await listDistricts(db);
  const districtId = opts.district ?? (districts.length === 1 ? districts[0]?.id : undefined);
  if (districtId === undefined || !districts.some((d) => d.id === districtId)) {
    throw new AppError(
      'bad_request',
      districts.length === 0
        ? 'There is no district yet. Run `tandem serve` once first.'
        : `Say which district with --district (${districts.map((d) => d.id).join(', ')}).`,
    );
  }
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    districtId,
    username: 'system',
    displayName: 'System (command line)',
    staffId: null,
    grants: [{ role: 'analyst', schoolId: null }],
  };
}
