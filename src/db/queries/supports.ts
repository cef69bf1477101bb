// The menu of supports, support plans and their items, and the statements by tier
// (migration 007; docs/decisions/011-support.md).
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  SupportCatalogueTable,
  SupportPlanItemsTable,
  SupportPlansTable,
  SupportTierPoliciesTable,
} from '../schema.ts';

export async function listCatalogueRows(db: Db, districtId: string) {
  return db
    .selectFrom('support_catalogue')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

export async function getCatalogueRow(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('support_catalogue')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertCatalogueRow(db: Db, row: Insertable<SupportCatalogueTable>) {
  await db.insertInto('support_catalogue').values(row).execute();
}

export async function updateCatalogueRow(
  db: Db,
  districtId: string,
  id: string,
  changes: Updateable<SupportCatalogueTable>,
) {
  const r = await db
    .updateTable('support_catalogue')
    .set(changes)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listPlanRows(db: Db, districtId: string) {
  return db
    .selectFrom('support_plans as p')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'),
    )
    .selectAll('p')
    .select('s.name as school_name')
    .where('p.district_id', '=', districtId)
    .orderBy('p.school_year', 'desc')
    .orderBy('s.name')
    .execute();
}

export async function getPlanRow(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('support_plans as p')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.district_id', '=', 'p.district_id').onRef('s.id', '=', 'p.school_id'),
    )
    .selectAll('p')
    .select('s.name as school_name')
    .where('p.district_id', '=', districtId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function findPlanRow(db: Db, districtId: string, schoolId: string, year: number) {
  return db
    .selectFrom('support_plans')
    .select('id')
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year)
    .executeTakeFirst();
}

export async function insertPlanRow(db: Db, row: Insertable<SupportPlansTable>) {
  await db.insertInto('support_plans').values(row).execute();
}

export async function updatePlanRow(
  db: Db,
  districtId: string,
  id: string,
  changes: Updateable<SupportPlansTable>,
) {
  await db
    .updateTable('support_plans')
    .set(changes)
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

/** Items with their catalogue entry; all the district's plans, or the ones named. */
export async function listPlanItemRows(db: Db, districtId: string, planIds?: readonly string[]) {
  let q = db
    .selectFrom('support_plan_items as i')
    .innerJoin('support_catalogue as c', (j) =>
      j.onRef('c.district_id', '=', 'i.district_id').onRef('c.id', '=', 'i.catalogue_id'),
    )
    .selectAll('i')
    .select(['c.name as support_name', 'c.kind as support_kind', 'c.unit as support_unit'])
    .where('i.district_id', '=', districtId);
  if (planIds) {
    if (planIds.length === 0) return [];
    q = q.where('i.plan_id', 'in', [...planIds]);
  }
  return q.orderBy('i.start_date').orderBy('c.name').orderBy('i.id').execute();
}

export async function insertPlanItemRow(db: Db, row: Insertable<SupportPlanItemsTable>) {
  await db.insertInto('support_plan_items').values(row).execute();
}

export async function updatePlanItemRow(
  db: Db,
  key: { districtId: string; planId: string; id: string },
  changes: Updateable<SupportPlanItemsTable>,
) {
  const r = await db
    .updateTable('support_plan_items')
    .set(changes)
    .where('district_id', '=', key.districtId)
    .where('plan_id', '=', key.planId)
    .where('id', '=', key.id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listTierPolicyRows(db: Db, districtId: string) {
  return db
    .selectFrom('support_tier_policies')
    .selectAll()
    .where('district_id', '=', districtId)
    .orderBy('kind', 'desc')
    .orderBy('tier')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertTierPolicyRow(db: Db, row: Insertable<SupportTierPoliciesTable>) {
  await db.insertInto('support_tier_policies').values(row).execute();
}

export async function deleteTierPolicyRow(db: Db, districtId: string, id: string) {
  const r = await db
    .deleteFrom('support_tier_policies')
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
