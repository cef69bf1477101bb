// The menu of supports and support plans on a real test database: plan totals from the
// catalogue's unit cost at the time an item is added, who may change what, the tiers'
// statements, the CSV export and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { listAuditEvents } from '../db/queries/audit.ts';
import { createTestDb } from '../db/testing.ts';
import {
  addPlanItem,
  createCatalogueEntry,
  createPlan,
  createTierPolicy,
  listTierPolicies,
  plansCsv,
  updateCatalogueEntry,
  updatePlanItem,
} from './supports.ts';
import { getSupportOverview } from './supports-overview.ts';
import { createContract } from './contracts.ts';
import { actorFor, makeSupportDistrict, type SupportFixture } from './supports-testing.ts';

let handle: DbHandle;
let f: SupportFixture;

beforeAll(async () => {
  handle = await createTestDb();
  f = await makeSupportDistrict(handle.db);
}, 60_000);
afterAll(() => handle.close());

const leader = () => actorFor(f.districtId, 'district_leader');
const item = (catalogueId: string, quantity: number) => ({
  catalogueId,
  quantity,
  owner: 'Area superintendent',
  startDate: '2025-08-15',
  dueDate: '2026-06-10',
});

describe('support plans', () => {
  it('totals a plan at the unit costs when items were added, leaving dropped items out', async () => {
    const coach = await createCatalogueEntry(handle.db, leader(), {
      kind: 'coach',
      name: 'Instructional coach',
      unit: 'FTE-year',
      unitCost: 85000,
    });
    const visits = await createCatalogueEntry(handle.db, leader(), {
      kind: 'visit_days',
      name: 'Substitute cover for visits',
      unit: 'day',
      unitCost: 160,
    });
    const plan = await createPlan(handle.db, leader(), {
      schoolId: f.schools[0],
      schoolYear: 2026,
    });
    await addPlanItem(handle.db, leader(), plan.id, item(coach, 0.5));
    // A price change after the item was added does not change the plan.
    await updateCatalogueEntry(handle.db, leader(), coach, { unitCost: 90000 });
    const withVisits = await addPlanItem(handle.db, leader(), plan.id, item(visits, 12));
    expect(withVisits.totalCost).toBe(0.5 * 85000 + 12 * 160);

    // The school's principal updates the item's status; dropping it takes it out of the total.
    const principal = actorFor(f.districtId, 'principal', f.schools[0] ?? null);
    const visitItem = withVisits.items.find((i) => i.catalogueId === visits);
    const dropped = await updatePlanItem(handle.db, principal, plan.id, visitItem?.id ?? '', {
      status: 'dropped',
    });
    expect(dropped.totalCost).toBe(42500);
    // …but not the quantity (the cost), nor another school's plan.
    await expect(
      updatePlanItem(handle.db, principal, plan.id, visitItem?.id ?? '', { quantity: 2 }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const other = actorFor(f.districtId, 'principal', f.schools[1] ?? null);
    await expect(
      updatePlanItem(handle.db, other, plan.id, visitItem?.id ?? '', { status: 'done' }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(
      createPlan(handle.db, leader(), { schoolId: f.schools[0], schoolYear: 2026 }),
    ).rejects.toMatchObject({ kind: 'conflict' });

    const csv = await plansCsv(handle.db, actorFor(f.districtId, 'finance'));
    expect(csv.split('\n')[0]).toBe(
      'school_id,school,school_year,plan_status,support,kind,quantity,unit,unit_cost_usd,cost_usd,owner,start_date,due_date,item_status,plan_total_usd',
    );
    expect(csv).toContain('Instructional coach,Coach,0.5,FTE-year,85000,42500');
    const events = await listAuditEvents(handle.db, f.districtId, { subjectId: plan.id });
    expect(events.map((e) => e.action).sort()).toEqual([
      'support.plan.create',
      'support.plan.item.add',
      'support.plan.item.add',
      'support.plan.item.update',
    ]);
  });

  it('keeps non-negotiables for every school and flexibilities by tier', async () => {
    await createTierPolicy(handle.db, leader(), {
      tier: 'all',
      kind: 'non_negotiable',
      statement: 'Daily 90-minute literacy block.',
    });
    await createTierPolicy(handle.db, leader(), {
      tier: 'targeted',
      kind: 'flexibility',
      statement: 'May choose its own interim assessments.',
    });
    await expect(
      createTierPolicy(handle.db, leader(), {
        tier: 'targeted',
        kind: 'non_negotiable',
        statement: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(
      createTierPolicy(handle.db, actorFor(f.districtId, 'principal', f.schools[0] ?? null), {
        tier: 'all',
        kind: 'non_negotiable',
        statement: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const policies = await listTierPolicies(
      handle.db,
      actorFor(f.districtId, 'teacher', f.schools[0] ?? null),
    );
    expect(policies.map((p) => [p.kind, p.tier])).toEqual([
      ['non_negotiable', 'all'],
      ['flexibility', 'targeted'],
    ]);
  });

  it('lists schools with a plan or a contract in the overview, with cost totals', async () => {
    await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[2],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['teaching quality'],
      termStart: '2025-08-01',
      paymentTerms: [{ kind: 'on_start', label: 'Start-up', amount: 1200 }],
    });
    const overview = await getSupportOverview(handle.db, actorFor(f.districtId, 'analyst'));
    expect(overview.identification.source).toBe('live');
    const ids = overview.schools.map((s) => s.schoolId);
    expect(ids).toContain(f.schools[0]);
    expect(ids).toContain(f.schools[2]);
    expect(overview.totals.planCost).toBe(42500);
    expect(overview.totals.owedUnderContracts).toBe(1200);
    expect(overview.canManage).toBe(false);
  });
});
