// `tandem report schools|identification|peers`: the diagnostics tables (issue #4) on the command
// line, as an aligned text table (the method printed under it), CSV or XLSX; and
// `tandem report school ID --out FILE`: one school's board report as PDF. Reads as the system
// within one district (like `tandem batches list`), or as --as <username>.
import fs from 'node:fs';
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
import { cellText } from '../services/exports/table.ts';
import { toXlsx } from '../services/exports/xlsx.ts';
import { buildSchoolReport } from '../services/school-report.ts';
import { RULE_SET_KEYS } from '../services/diagnostics-shared.ts';
import { loadActorByUsername } from '../services/import-batches.ts';
import { withDatabase, type LoadConfig } from './shared.ts';

const FORMATS = ['table', 'csv', 'xlsx', 'pdf'] as const;

const ReportOptions = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  ruleSet: z.enum(RULE_SET_KEYS).default('north-carolina'),
  format: z.enum(FORMATS).optional(),
  out: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
});
type ReportOptions = z.infer<typeof ReportOptions>;

const REPORTS = ['schools', 'identification', 'peers', 'school'] as const;
type Report = (typeof REPORTS)[number];

export function registerReport(program: Command, loadConfig: LoadConfig) {
  program
    .command('report')
    .description(
      'A diagnostics report: every school, the identified schools or peers (table, CSV or XLSX), or one school’s board report (PDF)',
    )
    .addArgument(program.createArgument('<report>', 'which report').choices([...REPORTS]))
    .argument('[schoolId]', 'the school, for `report school`')
    .option('--year <year>', 'the school year (spring year, e.g. 2019; default the latest)')
    .addOption(
      new Option('--rule-set <preset>', 'the identification rule set')
        .choices([...RULE_SET_KEYS])
        .default('north-carolina'),
    )
    .addOption(
      new Option('--format <format>', 'output (default: table; pdf for `report school`)').choices([
        ...FORMATS,
      ]),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--district <id>', 'the district (needed only when there are several)')
    .option('--as <username>', 'read as this user (default: the system)')
    .action(async (report: Report, schoolId: string | undefined, raw: unknown) => {
      const opts = ReportOptions.parse(raw);
      const format = opts.format ?? (report === 'school' ? 'pdf' : 'table');
      checkReportOptions(report, schoolId, format, opts.out);
      await withDatabase(loadConfig(), async ({ db }) => {
        const actor = await readerFor(db, opts);
        const query = {
          ruleSet: opts.ruleSet,
          ...(opts.year === undefined ? {} : { year: opts.year }),
        };
        if (report === 'school') {
          const file = await buildSchoolReport(db, actor, schoolId ?? '', query);
          writeOutput(file.buffer, opts.out);
          if (opts.out)
            process.stderr.write(`Wrote ${opts.out} (${formatBytes(file.buffer.length)}).\n`);
          return;
        }
        const table =
          report === 'schools'
            ? await diagnosticsTable(db, actor, query)
            : report === 'identification'
              ? await identificationTable(db, actor, query)
              : await peersTable(db, actor, query);
        const body =
          format === 'xlsx'
            ? await toXlsx(
                table,
                report === 'schools'
                  ? 'Diagnostics'
                  : report === 'identification'
                    ? 'Identification'
                    : 'Peers',
              )
            : format === 'csv'
              ? toCsv(table)
              : formatTable(table);
        writeOutput(body, opts.out);
        if (opts.out) process.stderr.write(`Wrote ${opts.out}.\n`);
      });
    });
}

/** Refuses combinations that cannot work before opening the database. */
function checkReportOptions(
  report: Report,
  schoolId: string | undefined,
  format: (typeof FORMATS)[number],
  out: string | undefined,
) {
  if (report === 'school') {
    if (schoolId === undefined) {
      throw new AppError(
        'bad_request',
        'Say which school: tandem report school <schoolId> --out report.pdf',
      );
    }
    if (format !== 'pdf')
      throw new AppError('bad_request', 'The school report is a PDF: use --format pdf.');
  } else {
    if (schoolId !== undefined) {
      throw new AppError('bad_request', `The ${report} report takes no school id.`);
    }
    if (format === 'pdf') {
      throw new AppError(
        'bad_request',
        `The ${report} report is a table: use --format table, csv or xlsx.`,
      );
    }
  }
  // A binary file on a terminal would scramble it.
  if ((format === 'pdf' || format === 'xlsx') && out === undefined && process.stdout.isTTY) {
    throw new AppError('bad_request', `Give a file for the ${format.toUpperCase()}: --out FILE.`);
  }
}

function writeOutput(body: string | Buffer, out: string | undefined) {
  if (out === undefined) process.stdout.write(body);
  else fs.writeFileSync(out, body);
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.round(bytes / 1024)} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
  const text = table.rows.map((row) =>
    table.columns.map((column, i) => cellText(row[i] ?? null, column)),
  );
  const rows = [table.columns.map((c) => c.key), ...text].map((r) => r.map(cut));
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
