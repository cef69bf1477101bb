// Users, role grants and sessions.
import type { Db } from '../connection.ts';
import type { GrantRole } from '../schema.ts';

export async function findUserByUsername(db: Db, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listGrants(db: Db, userId: string) {
  return db
    .selectFrom('role_grants')
    .select(['role', 'school_id'])
    .where('user_id', '=', userId)
    .orderBy('role')
    .orderBy('school_id')
    .execute();
}

export async function countUsers(db: Db, districtId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Db,
  user: {
    id: string;
    districtId: string;
    username: string;
    displayName: string;
    passwordHash: string;
    staffId: string | null;
    mustChangePassword: boolean;
  },
  grants: Array<{ role: GrantRole; schoolId: string | null }>,
) {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('users')
      .values({
        id: user.id,
        district_id: user.districtId,
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        staff_id: user.staffId,
        must_change_password: user.mustChangePassword,
        disabled_at: null,
      })
      .execute();
    if (grants.length > 0) {
      await tx
        .insertInto('role_grants')
        .values(
          grants.map((g) => ({
            district_id: user.districtId,
            user_id: user.id,
            role: g.role,
            school_id: g.schoolId,
          })),
        )
        .execute();
    }
  });
}

export async function updatePassword(db: Db, userId: string, passwordHash: string) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false })
    .where('id', '=', userId)
    .execute();
}

export async function listUsers(db: Db, districtId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'created_at', 'disabled_at', 'must_change_password'])
    .where('district_id', '=', districtId)
    .orderBy('username')
    .execute();
}

export async function insertSession(
  db: Db,
  s: { id: string; userId: string; districtId: string; csrfToken: string; expiresAt: Date },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      district_id: s.districtId,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findSession(db: Db, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.district_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.created_at',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, expiresAt: Date) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: string, exceptId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}
