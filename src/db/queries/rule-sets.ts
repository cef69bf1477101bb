// A district's saved identification rule sets (migration 005). Saving or deleting one moves the
// district's data version through the table's trigger, so cached diagnostics are recomputed.
import type { Db } from '../connection.ts';
import type { RuleSetsTable } from '../schema.ts';

const COLUMNS = [
  'rule_sets.id',
  'rule_sets.name',
  'rule_sets.based_on',
  'rule_sets.settings',
  'rule_sets.created_by',
  'rule_sets.created_at',
  'rule_sets.updated_by',
  'rule_sets.updated_at',
  'creator.display_name as created_by_name',
  'updater.display_name as updated_by_name',
] as const;

function selectRuleSets(db: Db, districtId: string) {
  return db
    .selectFrom('rule_sets')
    .leftJoin('users as creator', 'creator.id', 'rule_sets.created_by')
    .leftJoin('users as updater', 'updater.id', 'rule_sets.updated_by')
    .select(COLUMNS)
    .where('rule_sets.district_id', '=', districtId);
}

export async function listRuleSets(db: Db, districtId: string) {
  return selectRuleSets(db, districtId).orderBy('rule_sets.name').execute();
}

export async function findRuleSet(db: Db, districtId: string, id: string) {
  return selectRuleSets(db, districtId).where('rule_sets.id', '=', id).executeTakeFirst();
}

export async function findRuleSetByName(db: Db, districtId: string, name: string) {
  return db
    .selectFrom('rule_sets')
    .select(['id'])
    .where('district_id', '=', districtId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertRuleSet(
  db: Db,
  row: Pick<RuleSetsTable, 'district_id' | 'id' | 'name' | 'based_on' | 'created_by'> & {
    settings: unknown;
  },
): Promise<void> {
  await db
    .insertInto('rule_sets')
    .values({
      district_id: row.district_id,
      id: row.id,
      name: row.name,
      based_on: row.based_on,
      settings: JSON.stringify(row.settings),
      created_by: row.created_by,
      updated_by: row.created_by,
    })
    .execute();
}

/** Returns whether a row was updated. */
export async function updateRuleSet(
  db: Db,
  districtId: string,
  id: string,
  change: Pick<RuleSetsTable, 'name' | 'based_on' | 'updated_by'> & { settings: unknown },
): Promise<boolean> {
  const result = await db
    .updateTable('rule_sets')
    .set((eb) => ({
      name: change.name,
      based_on: change.based_on,
      settings: JSON.stringify(change.settings),
      updated_by: change.updated_by,
      updated_at: eb.fn('clock_timestamp', []),
    }))
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Returns whether a row was deleted. */
export async function deleteRuleSet(db: Db, districtId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('rule_sets')
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
