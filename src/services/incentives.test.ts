// Incentive programs through the services on a real test database (issue #5): presets and
// validation, permissions, who is eligible and what it costs (hand-worked from the fixture), the
// names only for HR and the district leader with one audit event per person, the gap projection
// with its baseline from the records, awards one by one and by CSV (all or nothing), and the
// awardee retention comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import { projectEquityGap } from '../domain/equity/incentive-effects.ts';
import { AppError } from '../domain/shared/errors.ts';
import { listPresets } from './incentives-design.ts';
import { listProgramAwards, recordAward, uploadAwards } from './incentives-awards.ts';
import { compareIncentiveRetention, projectIncentiveGap } from './incentives-effects.ts';
import {
  createIncentiveProgram,
  evaluateIncentiveProgram,
  listEligibleStaff,
  listIncentivePrograms,
  previewIncentiveDesign,
  updateIncentiveProgram,
} from './incentives.ts';
import { buildIncentiveWorld, schoolId, type IncentiveWorld } from './incentives.fixtures.ts';

let handle: DbHandle;
let world: IncentiveWorld;
let programId: string;

// Highly Effective teachers: $10,000 in the highest-poverty quartile (S09–S11), $2,000 elsewhere.
const DESIGN = {
  name: 'Retention bonus',
  roles: ['teacher' as const],
  categories: [
    { category: 'high', label: 'a highest-poverty school', povertyQuartiles: [4 as const] },
    { category: 'other', label: 'any other school' },
  ],
  awards: [
    { rating: 'Highly Effective', category: 'high', amount: 10_000 },
    { rating: 'Highly Effective', category: 'other', amount: 2_000 },
  ],
};

async function auditCount(action: string) {
  const row = await handle.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', world.districtId)
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function expectError(promise: Promise<unknown>, kind: AppError['kind']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  return error as AppError;
}

beforeAll(async () => {
  handle = await createTestDb();
  world = await buildIncentiveWorld(handle.db);
  programId = (await createIncentiveProgram(handle.db, world.actors.leader, { design: DESIGN })).id;
}, 240_000);
afterAll(() => handle.close());

describe('designing a program', () => {
  it('offers the three presets, each a valid design', () => {
    const presets = listPresets();
    expect(presets.map((p) => p.key)).toEqual([
      'dcps_impact_plus',
      'dallas_high_need',
      'hard_to_staff',
    ]);
    const dcps = presets[0]?.design;
    expect(dcps?.awards.find((a) => a.category === 'target_40')?.amount).toBe(20_000);
  });

  it('creates from a preset, and HR and finance may design but analysts and principals may not', async () => {
    const created = await createIncentiveProgram(handle.db, world.actors.finance, {
      presetKey: 'dallas_high_need',
    });
    expect(created.design.awards).toHaveLength(5);
    expect(created.status).toBe('draft');
    await createIncentiveProgram(handle.db, world.actors.hr, { presetKey: 'hard_to_staff' });
    await expectError(
      createIncentiveProgram(handle.db, world.actors.analyst, { presetKey: 'hard_to_staff' }),
      'forbidden',
    );
    await expectError(listIncentivePrograms(handle.db, world.actors.principal), 'forbidden');
    const list = await listIncentivePrograms(handle.db, world.actors.analyst);
    expect(list.programs.length).toBeGreaterThanOrEqual(3);
    expect(list.canManage).toBe(false);
    expect(list.canSeeNames).toBe(false);
    expect(await auditCount('incentive_program_created')).toBeGreaterThanOrEqual(3);
  });

  it('refuses an award cell for a category that does not exist, naming the field', async () => {
    const error = await expectError(
      createIncentiveProgram(handle.db, world.actors.leader, {
        design: { ...DESIGN, awards: [{ rating: '*', category: 'nowhere', amount: 5 }] },
      }),
      'bad_request',
    );
    expect(error.problems[0]?.field).toBe('design.awards.0.category');
  });

  it('updates the design and the status', async () => {
    const updated = await updateIncentiveProgram(handle.db, world.actors.hr, programId, {
      design: { ...DESIGN, capPerPerson: 10_000 },
      status: 'active',
    });
    expect(updated.status).toBe('active');
    expect(updated.design.capPerPerson).toBe(10_000);
  });
});

describe('who is eligible today, and the cost', () => {
  it('counts 4 Highly Effective teachers in each of the 12 schools and costs them by hand', async () => {
    const result = await evaluateIncentiveProgram(handle.db, world.actors.leader, programId);
    expect(result.staffYear).toBe(2019);
    expect(result.eligibleCount).toBe(48);
    // 3 highest-poverty schools × 4 × $10,000 + 9 others × 4 × $2,000.
    expect(result.cost.firstYear).toBe(120_000 + 72_000);
    const high = result.byCategory.find((c) => c.category === 'high');
    expect(high).toMatchObject({ people: 12, amount: 120_000 });
    const s11 = result.bySchool.find((s) => s.schoolId === schoolId(11));
    expect(s11).toMatchObject({ povertyQuartile: 4, people: 4, amount: 40_000, suppressed: false });
  });

  it('suppresses a school’s count and cost below the minimum n for those who may not see names', async () => {
    const result = await evaluateIncentiveProgram(handle.db, world.actors.analyst, programId);
    expect(result.eligibleCount).toBe(48);
    expect(result.bySchool.every((s) => s.people === null && s.suppressed)).toBe(true);
    expect(result.canSeeNames).toBe(false);
  });

  it('previews an unsaved design with a per-person cap and a prorated budget', async () => {
    const preview = await previewIncentiveDesign(handle.db, world.actors.finance, {
      ...DESIGN,
      budgetCap: 96_000,
      budgetRule: 'prorate',
    });
    expect(preview.program.id).toBeNull();
    expect(preview.cost.budget.prorateFactor).toBeCloseTo(0.5, 10);
    expect(preview.cost.firstYear).toBeCloseTo(96_000, 6);
  });

  it('lists names to HR with one audit event per person, and refuses analysts and finance', async () => {
    const before = await auditCount('rating_read');
    const list = await listEligibleStaff(handle.db, world.actors.hr, programId);
    expect(list.people).toHaveLength(48);
    expect(list.people.every((p) => p.rating === 'Highly Effective')).toBe(true);
    expect(await auditCount('rating_read')).toBe(before + 48);
    await expectError(listEligibleStaff(handle.db, world.actors.analyst, programId), 'forbidden');
    await expectError(listEligibleStaff(handle.db, world.actors.finance, programId), 'forbidden');
  });
});

describe('the gap projection', () => {
  it('takes its baseline from the records and matches the domain arithmetic', async () => {
    const assumptions = { retentionOfEligible: 1, movesIn: 3, years: 2 };
    const result = await projectIncentiveGap(
      handle.db,
      world.actors.analyst,
      programId,
      assumptions,
    );
    // S09–S11 in 2019: 20 + 20 + 17 teachers (S11 loses 3 movers to S10 and gains none);
    // Needs Improvement is j ∈ {1, 3, 9, 13, 17}: 5 a school. S00–S02: 60 teachers, 2 each.
    expect(result.baselineFacts).toMatchObject({
      highTeachers: 57,
      highIneffective: 15,
      lowTeachers: 60,
      lowIneffective: 6,
      eligibleInHigh: 12,
    });
    // 2018 → 2019 in S09–S11: all 12 Highly Effective stayed; of the 48 others, 4 left and 3
    // moved in each school: 27 of 48 stayed.
    expect(result.baselineFacts.retentionWithoutProgram.value).toBe(1);
    expect(result.baselineFacts.retentionOfOthers.value).toBeCloseTo(27 / 48, 12);
    const direct = projectEquityGap(
      { name: 'Retention bonus' },
      {
        measureLabel: 'ineffective teachers',
        high: { teachers: 57, count: 15 },
        low: { teachers: 60, count: 6 },
        eligibleInHigh: 12,
        retentionWithoutProgram: 1,
        retentionOfOthers: 27 / 48,
      },
      assumptions,
    );
    expect(result.withProgram.ratePercent).toBeCloseTo(direct.withProgram.ratePercent, 10);
    expect(result.changePoints).toBeGreaterThan(0);
    expect(result.series).toHaveLength(3);
    expect(result.series[2]?.withProgram).toBeCloseTo(direct.withProgram.ratePercent, 10);
  });

  it('uses stated retention over the records', async () => {
    const result = await projectIncentiveGap(handle.db, world.actors.analyst, programId, {
      retentionOfEligible: 0.95,
      movesIn: 0,
      retentionWithoutProgram: 0.8,
      retentionOfOthers: 0.7,
    });
    expect(result.baselineFacts.retentionWithoutProgram).toEqual({
      value: 0.8,
      source: 'As you stated.',
    });
    expect(result.changePoints).toBeGreaterThan(0);
  });
});

describe('awards paid', () => {
  it('records one award, and refuses an unknown person or a second award that year', async () => {
    await recordAward(handle.db, world.actors.hr, programId, {
      staffId: 'TS11-0',
      schoolYear: 2019,
      amount: 10_000,
      paidOn: '2019-06-30',
    });
    await expectError(
      recordAward(handle.db, world.actors.hr, programId, {
        staffId: 'TS11-0',
        schoolYear: 2019,
        amount: 10_000,
      }),
      'bad_request',
    );
    await expectError(
      recordAward(handle.db, world.actors.hr, programId, {
        staffId: 'nobody',
        schoolYear: 2019,
        amount: 1,
      }),
      'bad_request',
    );
    await expectError(
      recordAward(handle.db, world.actors.analyst, programId, {
        staffId: 'TS11-5',
        schoolYear: 2019,
        amount: 1,
      }),
      'forbidden',
    );
  });

  it('takes a CSV all or nothing: one bad row rejects the file and names the row', async () => {
    const bad =
      'staff_id,school_year,amount\nTS00-5,2018,"$2,000"\nTS02-5,2018,abc\nghost,2018,5\n';
    const error = await expectError(
      uploadAwards(handle.db, world.actors.hr, programId, bad),
      'bad_request',
    );
    expect(error.problems.map((p) => p.field)).toEqual(['row 3, amount', 'row 4, staff_id']);
    expect((await listProgramAwards(handle.db, world.actors.hr, programId)).awards).toHaveLength(1);

    // Highly Effective j ∈ {5, 15} in the even-numbered schools, paid for 2018.
    const rows = [0, 2, 4, 6, 8, 10].flatMap((i) =>
      [5, 15].map((j) => `T${schoolId(i)}-${j},2018,"$2,000.00",2018-06-30`),
    );
    const ok = `staff_id,school_year,amount,paid_on\n${rows.join('\n')}\n`;
    const result = await uploadAwards(handle.db, world.actors.hr, programId, ok);
    expect(result).toMatchObject({ recorded: 12, total: 24_000 });
    expect(await auditCount('incentive_awards_uploaded')).toBe(1);
  });

  it('lists names to HR (audited per person) and only totals to an analyst', async () => {
    const before = await auditCount('incentive_award_read');
    const hr = await listProgramAwards(handle.db, world.actors.hr, programId);
    expect(hr.awards).toHaveLength(13);
    expect(await auditCount('incentive_award_read')).toBe(before + 13);
    const analyst = await listProgramAwards(handle.db, world.actors.analyst, programId);
    expect(analyst.awards).toEqual([]);
    expect(analyst.byYear).toEqual([
      { schoolYear: 2019, people: 1, amount: 10_000 },
      { schoolYear: 2018, people: 12, amount: 24_000 },
    ]);
  });

  it('compares awardees’ retention with similar non-awardees', async () => {
    const result = await compareIncentiveRetention(handle.db, world.actors.analyst, programId);
    expect(result.status).toBe('compared');
    expect(result.years).toEqual([{ from: 2018, to: 2019 }]);
    // Awardees and their matches (the same j in the odd-numbered schools of each quartile) all
    // stayed: 12 awardees, 100% against 100%.
    expect(result.comparison?.awardees).toMatchObject({ n: 12, count: 12, percent: 100 });
    expect(result.comparison?.differencePoints).toBe(0);
  });
});
