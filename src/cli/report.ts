// `tandem report schools|identification|peers`: the diagnostics tables (issue #4) on the command
// line, as CSV or an aligned text table, with the method printed under the table. Reads as the
// system within one district (like `tandem batches list`), or as --as <username>.
import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { listDistricts } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import {
  diagnosticsTable,
  identificationTable,
  peersTable,
  toCsv,
  type ReportTable,
} from '../services/diagnostics-export.ts';
import { RULE_SET_KEYS } from '../services/diagnostics-shared.ts';
import { loadActorByUsername } from '../services/import-batches.ts';
import { withDatabase, type LoadConfig } from './shared.ts';

const ReportOptions = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  ruleSet: z.enum(RULE_SET_KEYS).default('north-carolina'),
  format: z.enum(['csv', 'table']).default('table'),
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
});
type ReportOptions = z.infer<typeof ReportOptions>;

const REPORTS = ['schools', 'identification', 'peers'] as const;

export function registerReport(program: Command, loadConfig: LoadConfig) {
  program
    .command('report')
    .description('Print a diagnostics report: every school, the identified schools, or peers')
    .addArgument(program.createArgument('<report>', 'which report').choices([...REPORTS]))
    .option('--year <year>', 'the school year (spring year, e.g. 2019; default the latest)')
    .addOption(
      new Option('--rule-set <preset>', 'the identification rule set')
        .choices([...RULE_SET_KEYS])
        .default('north-carolina'),
    )
    .addOption(new Option('--format <format>', 'output').choices(['csv', 'table']).default('table'))
    .option('--district <id>', 'the district (needed only when there are several)')
    .option('--as <username>', 'read as this user (default: the system)')
    .action(async (report: (typeof REPORTS)[number], raw: unknown) => {
      const opts = ReportOptions.parse(raw);
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = await readerFor(db, opts);
        const query = {
          ruleSet: opts.ruleSet,
          ...(opts.year === undefined ? {} : { year: opts.year }),
        };
        const table =
          report === 'schools'
            ? await diagnosticsTable(db, actor, query)
            : report === 'identification'
              ? await identificationTable(db, actor, query)
              : await peersTable(db, actor, query);
        process.stdout.write(opts.format === 'csv' ? toCsv(table) : formatTable(table));
      });
    });
}

/** The named user, or a read-only system reader of the one district (or --district). */
async function readerFor(db: Db, opts: ReportOptions): Promise<Actor> {
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

const MAX_CELL = 60;

/** An aligned text table: long cells (reasons) cut to fit; the CSV has them whole. */
export function formatTable(table: ReportTable): string {
  const cut = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);
  const rows = [table.columns, ...table.rows].map((r) => r.map(cut));
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return [
    table.title,
    '',
    line(head ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    '',
    ...table.notes.filter((n) => n !== '').map((n) => `* ${n}`),
    '',
  ].join('\n');
}
