// Sign-in, sessions and user accounts. Passwords are hashed with scrypt; a session is a random
// token in an HttpOnly cookie, stored only as its SHA-256; every mutation must carry the
// session's CSRF token; repeated failures are rate-limited per address and per username.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor, Grant } from '../domain/access/access.ts';
import { SCHOOL_SCOPED_ROLES } from '../domain/access/access.ts';
import {
  generateOneTimePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../domain/access/passwords.ts';
import { RateLimiter } from '../domain/access/rate-limit.ts';
import { AppError, badRequest } from '../domain/shared/errors.ts';
import type { Db } from '../db/connection.ts';
import {
  countUsers,
  deleteSession,
  deleteUserSessions,
  findSession,
  findUserById,
  findUserByUsername,
  insertSession,
  insertUser,
  listGrants,
  touchSession,
  updatePassword,
} from '../db/queries/users.ts';
import { recordAudit } from './audit.ts';

/** A session lasts 8 hours from its last use, and never more than 7 days. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;

// 5 failed sign-ins per username and 20 per address in 15 minutes (OWASP Authentication Cheat
// Sheet: throttle by account and by source).
const failuresByUser = new RateLimiter({ limit: 5, windowMs: 15 * 60 * 1000 });
const failuresByAddress = new RateLimiter({ limit: 20, windowMs: 15 * 60 * 1000 });

export function resetSignInLimits(): void {
  // Tests only need a clean slate; a new process has one anyway.
  failuresByUser.clear();
  failuresByAddress.clear();
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SignedIn {
  token: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

export async function signIn(
  db: Db,
  input: { username: string; password: string; address: string },
): Promise<SignedIn> {
  const username = input.username.trim().toLowerCase();
  const userKey = `user:${username}`;
  const addressKey = `addr:${input.address}`;
  for (const [limiter, key] of [
    [failuresByUser, userKey],
    [failuresByAddress, addressKey],
  ] as const) {
    const state = limiter.check(key);
    if (state.remaining === 0) {
      throw new AppError(
        'rate_limited',
        'Too many failed sign-ins. Wait a few minutes and try again.',
        {
          retryAfterSeconds: state.retryAfterSeconds,
        },
      );
    }
  }
  const user = await findUserByUsername(db, username);
  // Verify against a dummy hash when the user does not exist, so timing does not reveal it.
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    failuresByUser.hit(userKey);
    failuresByAddress.hit(addressKey);
    if (user) {
      await recordAudit(db, null, {
        districtId: user.district_id,
        action: 'sign_in_failed',
        subjectType: 'user',
        subjectId: user.id,
      });
    }
    // Never say which part was wrong.
    throw new AppError('unauthorized', 'The username or password is incorrect.');
  }
  failuresByUser.reset(userKey);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await insertSession(db, {
    id: hashToken(token),
    userId: user.id,
    districtId: user.district_id,
    csrfToken,
    expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
  });
  const actor = await loadActor(db, user.id);
  await recordAudit(db, actor, { action: 'sign_in', subjectType: 'user', subjectId: user.id });
  return { token, csrfToken, actor, mustChangePassword: user.must_change_password };
}

// A valid scrypt hash of a random password, computed once.
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

export interface SessionState {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
  mustChangePassword: boolean;
}

/** The session for a cookie token, or null when absent, expired or the user is disabled. */
export async function resumeSession(db: Db, token: string): Promise<SessionState | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = hashToken(token);
  const session = await findSession(db, id);
  if (!session) return null;
  const now = Date.now();
  const created = new Date(session.created_at).getTime();
  if (
    new Date(session.expires_at).getTime() <= now ||
    now - created > SESSION_MAX_MS ||
    session.disabled_at
  ) {
    await deleteSession(db, id);
    return null;
  }
  // Slide the idle expiry, at most once a minute to spare writes.
  if (now - new Date(session.last_seen_at).getTime() > 60_000) {
    await touchSessionExpiry(db, id, now);
  }
  const user = await findUserById(db, session.user_id);
  if (!user) return null;
  return {
    actor: await loadActor(db, session.user_id),
    csrfToken: session.csrf_token,
    sessionId: id,
    mustChangePassword: user.must_change_password,
  };
}

async function touchSessionExpiry(db: Db, id: string, now: number) {
  await touchSession(db, id, new Date(now + SESSION_IDLE_MS));
}

export async function signOut(db: Db, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function loadActor(db: Db, userId: string): Promise<Actor> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('unauthorized', 'Sign-in required.');
  const grants = await listGrants(db, userId);
  return {
    userId: user.id,
    districtId: user.district_id,
    username: user.username,
    displayName: user.display_name,
    staffId: user.staff_id,
    grants: grants.map((g) => ({ role: g.role, schoolId: g.school_id })),
  };
}

export async function changePassword(
  db: Db,
  state: SessionState,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findUserById(db, state.actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw badRequest('The current password is incorrect.', [
      { field: 'currentPassword', message: 'The current password is incorrect.' },
    ]);
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw badRequest(problem, [{ field: 'newPassword', message: problem }]);
  await updatePassword(db, user.id, await hashPassword(input.newPassword));
  // Other sessions of this user end: a changed password must lock out whoever had the old one.
  await deleteUserSessions(db, user.id, state.sessionId);
  await recordAudit(db, state.actor, {
    action: 'password_changed',
    subjectType: 'user',
    subjectId: user.id,
  });
}

export const NewUserSchema = z
  .object({
    districtId: z.string().min(1),
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._@-]{3,64}$/, 'Use 3–64 letters, digits, dots, dashes, underscores or @.'),
    displayName: z.string().trim().min(1).max(120),
    role: z.enum([
      'district_leader',
      'analyst',
      'hr',
      'finance',
      'principal_supervisor',
      'principal',
      'teacher',
    ]),
    schoolIds: z.array(z.string().min(1)).default([]),
    staffId: z.string().min(1).nullable().default(null),
  })
  .refine((u) => !SCHOOL_SCOPED_ROLES.includes(u.role) || u.schoolIds.length > 0, {
    message: 'This role sees only its own schools: name at least one school.',
    path: ['schoolIds'],
  });
export type NewUser = z.input<typeof NewUserSchema>;

/** Creates an account with a one-time password that must be changed at first sign-in. */
export async function createUser(
  db: Db,
  input: NewUser,
): Promise<{ userId: string; password: string }> {
  const parsed = NewUserSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: i.path.join('.') || 'user',
      message: i.message,
    }));
    throw badRequest(issues[0]?.message ?? 'Invalid user.', issues);
  }
  const u = parsed.data;
  if (await findUserByUsername(db, u.username)) {
    throw new AppError('conflict', `A user named ${u.username} already exists.`);
  }
  await assertSchoolsExist(db, u.districtId, u.schoolIds);
  const password = generateOneTimePassword();
  const userId = randomUUID();
  const grants: Grant[] = SCHOOL_SCOPED_ROLES.includes(u.role)
    ? u.schoolIds.map((schoolId) => ({ role: u.role, schoolId }))
    : [{ role: u.role, schoolId: null }];
  await insertUser(
    db,
    {
      id: userId,
      districtId: u.districtId,
      username: u.username,
      displayName: u.displayName,
      passwordHash: await hashPassword(password),
      staffId: u.staffId,
      mustChangePassword: true,
    },
    grants,
  );
  return { userId, password };
}

async function assertSchoolsExist(db: Db, districtId: string, schoolIds: string[]) {
  if (schoolIds.length === 0) return;
  const found = await db
    .selectFrom('schools')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', 'in', schoolIds)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = schoolIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw badRequest(`No school with id ${missing.join(', ')} in this district.`, [
      { field: 'schoolIds', message: `Unknown school: ${missing.join(', ')}` },
    ]);
  }
}

/**
 * On the first start there is nobody to sign in as: create one district leader and hand back
 * the one-time password to print. Returns null when the district already has users.
 */
export async function ensureFirstLeader(
  db: Db,
  districtId: string,
): Promise<{ username: string; password: string } | null> {
  if ((await countUsers(db, districtId)) > 0) return null;
  const username = 'leader';
  const { password } = await createUser(db, {
    districtId,
    username,
    displayName: 'District leader',
    role: 'district_leader',
  });
  return { username, password };
}
