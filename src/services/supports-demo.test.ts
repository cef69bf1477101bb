// School support on the demo district (Wake County, NC DPI files): the overview lists the
// schools North Carolina's rule identifies; a practice recorded from a real pocket of success
// keeps that pocket's figures; a contract target on the performance score is judged on the
// school's published 2019 figure, exactly as read from the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import { figureOf, reportedValue } from '../domain/diagnostics/types.ts';
import { createContract } from './contracts.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import { createPractice, listPockets } from './practices.ts';
import { getSupportOverview } from './supports-overview.ts';
import { actorFor } from './supports-testing.ts';

let handle: DbHandle;
const leader = actorFor(DEMO_DISTRICT.id, 'district_leader');

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
}, 180_000);
afterAll(() => handle.close());

describe('school support on the demo district', () => {
  it('lists the identified schools and judges a contract target on the published figure', async () => {
    const overview = await getSupportOverview(handle.db, leader);
    expect(overview.identification.source).toBe('live');
    expect(overview.totals.identified).toBeGreaterThan(0);
    const supported = overview.schools.find((s) => s.identified);
    expect(supported?.reasons.length).toBeGreaterThan(0);

    const data = await loadDiagnosticData(handle.db, DEMO_DISTRICT.id);
    const row = (year: number) =>
      data.rows.find((r) => r.schoolId === supported?.schoolId && r.year === year);
    const baseline = reportedValue(figureOf(row(2018)!, 'spg_score'));
    const actual2019 = reportedValue(figureOf(row(2019)!, 'spg_score'));
    expect(baseline).not.toBeNull();
    expect(actual2019).not.toBeNull();
    const partner = overview.schools.find((s) => !s.identified)?.schoolId ?? data.rows[0]?.schoolId;
    const partnerId = [...data.schools.keys()].find(
      (id) => id !== supported?.schoolId && id !== undefined,
    );
    const c = await createContract(handle.db, leader, {
      supportedSchoolId: supported?.schoolId,
      partnerSchoolId: partner && partner !== supported?.schoolId ? partner : partnerId,
      areasOfNeed: ['teaching quality'],
      termStart: '2018-08-01',
      targets: [
        {
          measureKey: 'spg_score',
          baselineValue: baseline!,
          baselineYear: 2018,
          targetValue: baseline! + 2,
          targetYear: 2019,
        },
      ],
      paymentTerms: [{ kind: 'per_target_met', label: 'Per target met', amount: 10000 }],
    });
    const target = c.targets[0];
    expect(target?.checked.value).toBe(actual2019);
    expect(target?.checked.year).toBe(2019);
    expect(target?.status).toBe(actual2019! >= baseline! + 2 ? 'met' : 'not_met');
    expect(c.owed).toBe(target?.status === 'met' ? 10000 : 0);
    console.log(
      `demo: ${overview.totals.identified} identified schools; ${supported?.schoolName} spg_score ${baseline} (2018) → ${actual2019} (2019): target ${target?.status}`,
    );
  });

  it('records a practice from a real pocket of success with the pocket’s figures', async () => {
    const { pockets, year, outcome } = await listPockets(handle.db, leader, {});
    expect(pockets.length).toBeGreaterThan(0);
    const pocket = pockets[0]!;
    const practice = await createPractice(handle.db, leader, {
      title: 'What works here',
      description: 'Recorded from the diagnostics.',
      schoolId: pocket.schoolId,
      pocket: {
        year: year!,
        outcome: outcome.key,
        measure: pocket.measure,
        group: pocket.group,
        kind: pocket.kind,
      },
    });
    expect(practice.evidence).toMatchObject({
      kind: pocket.kind,
      score: pocket.score,
      reason: pocket.reason,
    });
    expect(practice.evidenceYear).toBe(year);
    await expect(
      createPractice(handle.db, leader, {
        title: 'Not a pocket',
        description: 'x',
        schoolId: pocket.schoolId,
        pocket: {
          year: year!,
          outcome: outcome.key,
          measure: pocket.measure,
          group: 'not_a_group',
          kind: pocket.kind,
        },
      }),
    ).rejects.toThrow(/no such pocket/);
  });
});
