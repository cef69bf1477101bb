// `tandem match partners` and `tandem match principals` (issue #6): the optimal partner-school
// matching and principal placement on the command line, as an aligned table (method under it)
// or CSV; `--record` records the run (needs --as <username>, the person who ran it). Without
// --as the command runs as the system operator of the one district, who holds the database
// anyway; principals' ratings read for a placement are audited either way.
import type { Command } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { listDistricts } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { toCsv } from '../services/exports/table.ts';
import { loadActorByUsername } from '../services/import-batches.ts';
import { partnerMatchTable, recordPartnerMatch, runPartnerMatch } from '../services/matching.ts';
import { placementTable, recordPlacement, runPlacement } from '../services/principal-placement.ts';
import { formatTable } from './report.ts';
import { withDatabase, type LoadConfig } from './shared.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const PairArg = z
  .string()
  .regex(/^[^:]+:[^:]+$/, 'Write a pair as A:B (school needing support : partner).')
  .transform((s) => {
    const [from = '', to = ''] = s.split(':');
    return { from, to };
  });

const Common = z.object({
  format: z.enum(['table', 'csv']).default('table'),
  pin: z.array(PairArg).default([]),
  forbid: z.array(PairArg).default([]),
  record: z.boolean().default(false),
  district: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
});
const PartnerOptions = Common.extend({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  capacity: z.coerce.number().int().min(0).max(20).default(1),
  travelKm: z.coerce.number().positive().max(500).optional(),
  sameTown: z.boolean().default(false),
});
const PrincipalOptions = Common.extend({
  maxMoves: z.coerce.number().int().min(0).max(1000).default(10),
  mustStay: z.array(z.string().min(1)).default([]),
  mustMove: z.array(z.string().min(1)).default([]),
});

export function registerMatch(program: Command, loadConfig: LoadConfig) {
  const match = program
    .command('match')
    .description('Optimal partner-school matching and principal placement');
  const common = (cmd: Command) =>
    cmd
      .option('--pin <A:B>', 'fix this pair before solving (repeatable)', collect)
      .option('--forbid <A:B>', 'never propose this pair (repeatable)', collect)
      .option('--format <format>', 'table or csv', 'table')
      .option('--record', 'record the run (needs --as)')
      .option('--district <id>', 'the district (needed only when there are several)')
      .option('--as <username>', 'run as this user (default: the system operator)');

  common(
    match
      .command('partners')
      .description('Propose a partner among the strong schools for every school needing support')
      .option('--year <year>', 'the school year (spring year; default the latest)')
      .option('--capacity <n>', 'partners a strong school takes when it has stated none', '1')
      .option('--travel-km <km>', 'travel limit in km (straight line)')
      .option('--same-town', 'travel limit: the same town'),
  ).action(async (raw: unknown) => {
    const o = PartnerOptions.parse(raw);
    await withDatabase(loadConfig(), async ({ db }) => {
      const actor = await actorFor(db, o);
      const input = {
        ...(o.year === undefined ? {} : { year: o.year }),
        defaultCapacity: o.capacity,
        pins: o.pin,
        forbids: o.forbid,
        ...(o.travelKm !== undefined
          ? { travelLimit: { kind: 'km' as const, km: o.travelKm } }
          : o.sameTown
            ? { travelLimit: { kind: 'same_city' as const } }
            : {}),
      };
      const result = o.record
        ? (await recordPartnerMatch(db, actor, input)).match
        : await runPartnerMatch(db, actor, input);
      const table = partnerMatchTable(result);
      table.notes.push(
        result.travelNote,
        `School year ${result.year}; ${result.needingCount} schools needing support, ${result.strongCount} strong schools.`,
      );
      process.stdout.write(o.format === 'csv' ? toCsv(table) : formatTable(table));
    });
  });

  common(
    match
      .command('principals')
      .description('Recommend principals for the open and planned posts')
      .option('--max-moves <n>', 'most sitting principals moved this year', '10')
      .option('--must-stay <staffId>', 'this principal stays (repeatable)', collect)
      .option('--must-move <staffId>', 'this principal moves (repeatable)', collect),
  ).action(async (raw: unknown) => {
    const o = PrincipalOptions.parse(raw);
    await withDatabase(loadConfig(), async ({ db }) => {
      const actor = await actorFor(db, o);
      const input = {
        maxMoves: o.maxMoves,
        mustStay: o.mustStay,
        mustMove: o.mustMove,
        pins: o.pin,
        forbids: o.forbid,
      };
      const result = o.record
        ? await recordPlacement(db, actor, input)
        : await runPlacement(db, actor, input);
      const table = placementTable(result);
      if (result.vacated.length > 0) {
        table.notes.push(
          `Posts left open by moves (open them and run again): ${result.vacated.map((v) => v.schoolName).join(', ')}.`,
        );
      }
      process.stdout.write(o.format === 'csv' ? toCsv(table) : formatTable(table));
    });
  });
}

async function actorFor(
  db: Db,
  o: { as?: string | undefined; district?: string | undefined; record: boolean },
): Promise<Actor> {
  if (o.as !== undefined) return loadActorByUsername(db, o.as);
  if (o.record) throw new AppError('bad_request', 'Say who records the run: --as <username>.');
  const districts = await listDistricts(db);
  const districtId = o.district ?? (districts.length === 1 ? districts[0]?.id : undefined);
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
    grants: [{ role: 'district_leader', schoolId: null }],
  };
}
