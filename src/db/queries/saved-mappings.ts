// A district's saved mappings (migration 011).
import type { Db } from '../connection.ts';

export interface SavedMappingRow {
  name: string;
  title: string;
  document: unknown;
  created_at: Date;
  created_by_name: string | null;
}

export async function listSavedMappings(db: Db, districtId: string): Promise<SavedMappingRow[]> {
  return db
    .selectFrom('saved_mappings')
    .leftJoin('users', 'users.id', 'saved_mappings.created_by')
    .select([
      'saved_mappings.name',
      'saved_mappings.title',
      'saved_mappings.document',
      'saved_mappings.created_at',
      'users.display_name as created_by_name',
    ])
    .where('saved_mappings.district_id', '=', districtId)
    .orderBy('saved_mappings.title')
    .execute();
}

/** The saved mapping called `name` or `title`, if any (a new one may take neither). */
export async function findSavedMappingClash(
  db: Db,
  districtId: string,
  name: string,
  title: string,
): Promise<{ name: string; title: string } | undefined> {
  return db
    .selectFrom('saved_mappings')
    .select(['name', 'title'])
    .where('district_id', '=', districtId)
    .where((eb) =>
      eb.or([eb('name', '=', name), eb(eb.fn('lower', ['title']), '=', title.toLowerCase())]),
    )
    .executeTakeFirst();
}

/** Inserts a saved mapping; returns when it was saved. */
export async function insertSavedMapping(
  db: Db,
  row: {
    district_id: string;
    name: string;
    title: string;
    document: unknown;
    created_by: string | null;
  },
): Promise<Date> {
  const { created_at } = await db
    .insertInto('saved_mappings')
    .values({ ...row, document: JSON.stringify(row.document) })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return created_at;
}

/** Deletes a saved mapping; returns its title, or undefined when there was none. */
export async function deleteSavedMapping(
  db: Db,
  districtId: string,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .deleteFrom('saved_mappings')
    .where('district_id', '=', districtId)
    .where('name', '=', name)
    .returning('title')
    .executeTakeFirst();
  return row?.title;
}
