// Tests need users with a known password; production users only ever get a one-time one.
import type { Db } from '../db/connection.ts';
import { updatePassword } from '../db/queries/users.ts';
import { hashPassword } from '../domain/access/passwords.ts';

export async function changePasswordForTest(db: Db, userId: string, password: string) {
  await updatePassword(db, userId, await hashPassword(password));
}
