// Partnership contracts on a real test database: targets judged on the latest loaded figure
// (with n and suppression), the payment ledger, the automatic re-check when an import arrives
// or is rolled back, permissions and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeBatch, makeMeasureValues } from '../db/factories.ts';
import { listAuditEvents } from '../db/queries/audit.ts';
import { createTestDb } from '../db/testing.ts';
import { rollbackBatch } from './import-batches.ts';
import { recheckContractTargets } from './contracts-check.ts';
import {
  addReview,
  createContract,
  getContract,
  ledgerCsv,
  listContracts,
  recordPayment,
  updateContract,
} from './contracts.ts';
import { actorFor, makeSupportDistrict, type SupportFixture } from './supports-testing.ts';

let handle: DbHandle;
let f: SupportFixture;

beforeAll(async () => {
  handle = await createTestDb();
  f = await makeSupportDistrict(handle.db);
}, 60_000);
afterAll(() => handle.close());

const leader = () => actorFor(f.districtId, 'district_leader');

describe('partnership contracts', () => {
  it('judges targets on the latest figure and writes what is owed and why', async () => {
    const c = await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[0],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['teaching quality'],
      termStart: '2018-08-01',
      targets: [
        // 2019: 52 reaches 50 → met.
        {
          measureKey: 'math_proficiency',
          baselineValue: 40,
          baselineYear: 2018,
          targetValue: 50,
          targetYear: 2020,
        },
        // Lower is better; 18 in 2019 is short of 15 but 2020 is still to come → pending.
        {
          measureKey: 'chronic_absence_rate',
          baselineValue: 22,
          baselineYear: 2018,
          targetValue: 15,
          targetYear: 2020,
        },
      ],
      paymentTerms: [
        { kind: 'per_target_met', label: 'Per target met', amount: 5000 },
        { kind: 'on_start', label: 'Start-up', amount: 1000 },
        { kind: 'all_targets_met', label: 'Completion', amount: 2500 },
      ],
    });
    expect(c.termEnd).toBe('2020-07-31'); // two years by default
    const math = c.targets.find((t) => t.measureKey === 'math_proficiency');
    const absence = c.targets.find((t) => t.measureKey === 'chronic_absence_rate');
    expect(math?.status).toBe('met');
    expect(math?.reason).toBe('Met: 52.0% in 2019, n = 310 reaches the target of 50.0% by 2020.');
    expect(math?.checked).toMatchObject({ value: 52, year: 2019, n: 310, batchId: f.batchId });
    expect(absence?.status).toBe('pending');
    expect(absence?.reason).toMatch(/^Not yet: 18.0% in 2019/);
    // Owed: 5,000 for the met target and 1,000 on start; not the completion part.
    expect(c.ledger.map((e) => [e.kind, e.amount]).sort()).toEqual([
      ['owed', 1000],
      ['owed', 5000],
    ]);
    expect(c.ledger.find((e) => e.amount === 5000)?.reason).toContain('target met');
    expect(c.balance).toBe(6000);

    // Re-checking again changes nothing: the ledger is idempotent.
    const again = await recheckContractTargets(handle.db, f.districtId);
    expect(again.ledgerEntries).toBe(0);

    const paid = await recordPayment(handle.db, leader(), c.id, {
      amount: 5000,
      reason: 'Invoice 17',
    });
    expect(paid.balance).toBe(1000);
    await expect(
      recordPayment(handle.db, leader(), c.id, { amount: 1500, reason: 'Too much' }),
    ).rejects.toMatchObject({ kind: 'conflict' });

    const csv = await ledgerCsv(handle.db, leader());
    expect(csv.split('\n')[0]).toContain('balance_owed_after_usd');
    expect(csv).toContain('Invoice 17');
  });

  it('keeps a target pending on a suppressed or small-n figure, and says why', async () => {
    const suppressed = await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[1],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['management'],
      termStart: '2018-08-01',
      targets: [
        {
          measureKey: 'math_proficiency',
          baselineValue: 35,
          baselineYear: 2018,
          targetValue: 45,
          targetYear: 2019,
        },
      ],
      paymentTerms: [{ kind: 'per_target_met', label: 'Per target', amount: 100 }],
    });
    expect(suppressed.targets[0]).toMatchObject({
      status: 'pending',
      reason:
        'The 2019 figure is suppressed by its publisher, n = 8; the target cannot be judged on it.',
    });
    const small = await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[2],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['management'],
      termStart: '2018-08-01',
      targets: [
        {
          measureKey: 'math_proficiency',
          baselineValue: 30,
          baselineYear: 2018,
          targetValue: 40,
          targetYear: 2019,
        },
      ],
      paymentTerms: [{ kind: 'per_target_met', label: 'Per target', amount: 100 }],
    });
    // 70% about 6 students would reach the target, but it is below the minimum n.
    expect(small.targets[0]?.status).toBe('pending');
    expect(small.targets[0]?.checked.figureStatus).toBe('small_n');
    expect(small.ledger).toEqual([]);
  });

  it('re-checks on the next read after an import, and reverses what a rollback takes away', async () => {
    const c = await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[4],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['parent engagement'],
      termStart: '2019-08-01',
      targets: [
        {
          measureKey: 'math_proficiency',
          baselineValue: 30,
          baselineYear: 2019,
          targetValue: 36,
          targetYear: 2021,
        },
      ],
      paymentTerms: [{ kind: 'per_target_met', label: 'Per target met', amount: 4000 }],
    });
    expect(c.targets[0]?.status).toBe('pending');

    // A new import with 2020 results for the school: nothing else is called.
    const batch = await makeBatch(handle.db, f.districtId);
    await makeMeasureValues(
      handle.db,
      [
        {
          district_id: f.districtId,
          school_id: f.schools[4] ?? '',
          school_year: 2020,
          measure_key: 'math_proficiency',
          value: 37.5,
          n: 120,
        },
      ],
      batch,
    );
    const list = await listContracts(handle.db, leader());
    expect(list.find((x) => x.id === c.id)?.targets.met).toBe(1);
    const after = await getContract(handle.db, leader(), c.id);
    expect(after.targets[0]?.checked.batchId).toBe(batch);
    expect(after.lastCheck?.batchId).toBe(batch);
    expect(after.ledger).toHaveLength(1);
    expect(after.ledger[0]).toMatchObject({ kind: 'owed', amount: 4000, batchId: batch });

    await rollbackBatch(handle.db, leader(), f.districtId, batch);
    const rolled = await getContract(handle.db, leader(), c.id);
    expect(rolled.targets[0]?.status).toBe('pending');
    expect(rolled.ledger.map((e) => [e.kind, e.amount])).toEqual([
      ['owed', 4000],
      ['reversal', -4000],
    ]);
    expect(rolled.ledger[1]?.reason).toContain('no longer owed');
    expect(rolled.balance).toBe(0);
  });

  it('owes nothing on a draft, and judges a target not met once the target year is loaded', async () => {
    const c = await createContract(handle.db, leader(), {
      supportedSchoolId: f.schools[0],
      partnerSchoolId: f.schools[5],
      areasOfNeed: ['teaching quality'],
      termStart: '2018-08-01',
      termEnd: '2019-07-31',
      status: 'draft',
      targets: [
        {
          measureKey: 'math_proficiency',
          baselineValue: 40,
          baselineYear: 2018,
          targetValue: 60,
          targetYear: 2019,
        },
      ],
      paymentTerms: [{ kind: 'on_start', label: 'Start-up', amount: 700 }],
    });
    expect(c.ledger).toEqual([]);
    expect(c.targets[0]?.reason).toBe('Not checked yet.');
    const active = await updateContract(handle.db, leader(), c.id, { status: 'active' });
    expect(active.targets[0]?.status).toBe('not_met');
    expect(active.ledger.map((e) => e.amount)).toEqual([700]);
    const reviewed = await addReview(handle.db, leader(), c.id, {
      reviewDate: '2019-06-01',
      reviewer: 'Area superintendent',
      evidence: 'Walkthroughs in 12 classrooms.',
      judgement: 'some_progress',
    });
    expect(reviewed.reviews).toHaveLength(1);
  });

  it('lets only district leaders and the school’s supervisor manage, and audits changes', async () => {
    const input = {
      supportedSchoolId: f.schools[1],
      partnerSchoolId: f.schools[2],
      areasOfNeed: ['management'],
      termStart: '2019-08-01',
    };
    for (const actor of [
      actorFor(f.districtId, 'principal', f.schools[1] ?? null),
      actorFor(f.districtId, 'analyst'),
      actorFor(f.districtId, 'principal_supervisor', f.schools[5] ?? null),
    ]) {
      await expect(createContract(handle.db, actor, input)).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    const supervisor = actorFor(f.districtId, 'principal_supervisor', f.schools[1] ?? null);
    const c = await createContract(handle.db, supervisor, input);
    const events = await listAuditEvents(handle.db, f.districtId, { subjectId: c.id });
    expect(events.map((e) => e.action)).toContain('contract.create');
    // Everyone signed in reads.
    const teacher = actorFor(f.districtId, 'teacher', f.schools[0] ?? null);
    expect((await listContracts(handle.db, teacher)).length).toBeGreaterThan(0);
    await expect(
      createContract(handle.db, leader(), { ...input, partnerSchoolId: input.supportedSchoolId }),
    ).rejects.toThrow(/own partner/);
  });
});
