// `tandem users add|list`: accounts for district staff.
import { Option, type Command } from 'commander';
import { ROLE_LABELS, type Role } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { listDistricts } from '../db/queries/schools.ts';
import { listGrants, listUsers } from '../db/queries/users.ts';
import { createUser } from '../services/auth.ts';
import { withDatabase, type LoadConfig } from './shared.ts';
import type { Db } from '../db/connection.ts';

async function resolveDistrict(db: Db, wanted: string | undefined): Promise<string> {
  const districts = await listDistricts(db);
  if (wanted) {
    if (!districts.some((d) => d.id === wanted))
      throw new AppError('bad_request', `--district: no district ${wanted}.`);
    return wanted;
  }
  const [only, ...rest] = districts;
  if (!only)
    throw new AppError('bad_request', 'There is no district yet. Run `tandem serve` once first.');
  if (rest.length > 0)
    throw new AppError(
      'bad_request',
      `Several districts exist; say which with --district (${districts.map((d) => d.id).join(', ')}).`,
    );
  return only.id;
}

export function registerUsers(program: Command, loadConfig: LoadConfig) {
  const users = program.command('users').description('Manage the people who can sign in');

  users
    .command('add')
    .description('Add a user and print a one-time password for them')
    .requiredOption('--username <name>', 'what they type to sign in (e.g. first.last)')
    .addOption(
      new Option('--role <role>', 'their role')
        .choices(Object.keys(ROLE_LABELS))
        .makeOptionMandatory(),
    )
    .option('--name <display name>', 'their name as shown in the app')
    .option('--school <id...>', 'the school(s) a principal, supervisor or teacher works with')
    .option('--district <id>', 'the district (needed only when there are several)')
    .action(
      async (opts: {
        username: string;
        role: Role;
        name?: string;
        school?: string[];
        district?: string;
      }) => {
        await withDatabase(loadConfig(), async ({ db }) => {
          const districtId = await resolveDistrict(db, opts.district);
          const { password } = await createUser(db, {
            districtId,
            username: opts.username,
            displayName: opts.name ?? opts.username,
            role: opts.role,
            schoolIds: opts.school ?? [],
          });
          console.log(
            `Added ${opts.username} as ${ROLE_LABELS[opts.role]}${opts.school ? ` for school ${opts.school.join(', ')}` : ''}.`,
          );
          console.log(`One-time password: ${password}  (they choose their own at first sign-in)`);
        });
      },
    );

  users
    .command('list')
    .description('List users and their roles')
    .option('--district <id>', 'the district (needed only when there are several)')
    .action(async (opts: { district?: string }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const districtId = await resolveDistrict(db, opts.district);
        for (const u of await listUsers(db, districtId)) {
          const grants = await listGrants(db, u.id);
          const roles = grants
            .map((g) => `${ROLE_LABELS[g.role]}${g.school_id ? ` (${g.school_id})` : ''}`)
            .join(', ');
          console.log(
            `${u.username.padEnd(24)} ${u.display_name.padEnd(28)} ${roles}${u.disabled_at ? '  [disabled]' : ''}`,
          );
        }
      });
    });
}
