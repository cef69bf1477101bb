// Correctness on real data (issue #4): on the demo district (Wake County, NC DPI files), the
// North Carolina preset run through the service reproduces DPI's published low-performing
// designation (rcd_acc_lowperf.lp_school, imported as the low_performing measure) for every
// school that has both, and the diagnostics cover every school.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { figureOf, reportedText } from '../domain/diagnostics/types.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import { getSchoolDiagnostics } from './diagnostics-school.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';

let handle: DbHandle;
const actor: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  districtId: DEMO_DISTRICT.id,
  username: 'analyst',
  displayName: 'Analyst',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
};

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
}, 120_000);
afterAll(() => handle.close());

describe('diagnostics on the demo district (Wake County, NC DPI files)', () => {
  it.each([2019, 2018])(
    '%i: the NC preset agrees with the published low-performing designation for every school',
    async (year) => {
      const d = await getDistrictDiagnostics(handle.db, actor, { year, ruleSet: 'north-carolina' });
      const data = await loadDiagnosticData(handle.db, actor.districtId);
      const published = new Map<string, boolean>();
      for (const row of data.rows.filter((r) => r.year === year)) {
        const text = reportedText(figureOf(row, 'low_performing'));
        if (text === 'Y' || text === 'N') published.set(row.schoolId, text === 'Y');
      }
      const compared = d.schools.filter((s) => published.has(s.id));
      const disagreements = compared.filter(
        (s) => s.identification.identified !== published.get(s.id),
      );
      const identified = compared.filter((s) => s.identification.identified).length;
      console.log(
        `${year}: ${compared.length - disagreements.length} of ${compared.length} Wake schools agree with rcd_acc_lowperf (${identified} low-performing)`,
      );
      expect(compared.length).toBeGreaterThan(150);
      expect(disagreements.map((s) => [s.id, s.name, s.identification.reasons])).toEqual([]);
      expect(identified).toBeGreaterThan(0);
    },
  );

  it('fits the regression on the district and classifies every school', async () => {
    const d = await getDistrictDiagnostics(handle.db, actor, {});
    expect(d.year).toBe(2019);
    expect(d.fit?.n).toBeGreaterThan(150);
    // Performance falls with poverty (DOMAIN.md §4).
    expect(d.fit?.slope).toBeLessThan(0);
    expect(d.fit?.rSquared).toBeGreaterThan(0.5);
    expect(d.counts.schools).toBe(d.schools.length);
    expect(d.counts.beatingTheOdds + d.counts.belowExpectation).toBeGreaterThan(0);
    expect(d.methods.regression).toContain(`n = ${d.fit?.n} schools`);
  });

  it('gives a school its peers, standing and identification history', async () => {
    const d = await getDistrictDiagnostics(handle.db, actor, { year: 2019 });
    const lp = d.schools.find((s) => s.identification.identified);
    if (!lp) throw new Error('no low-performing school in 2019');
    const s = await getSchoolDiagnostics(handle.db, actor, lp.id, {});
    expect(s.peers.schools).toHaveLength(10);
    expect(s.peers.standing?.of).toBeGreaterThan(1);
    // The school's own row beside its peers', and what was missing named for people.
    expect(s.peers.self.enrollment).toBeGreaterThan(0);
    expect(s.peers.self.econDisadv).toBeGreaterThan(0);
    expect(s.peers.imputed.length).toBeGreaterThan(0); // NC publishes no % EL or % SWD
    for (const label of s.peers.imputed) expect(label).not.toMatch(/^pct_|_/);
    expect(s.identification[0]).toMatchObject({ year: 2019, identified: true });
    expect(s.identification.length).toBeGreaterThan(1);
  });

  it('gives a high school its access to advanced courses by group (rcd_courses2 + ec_pupils)', async () => {
    const s = await getSchoolDiagnostics(handle.db, actor, '920348', {});
    const access = s.courseAccess;
    expect(access?.year).toBe(2019);
    expect(access?.kinds.map((k) => k.key)).toEqual(['ap', 'ib', 'ccp']);
    const group = (g: string) => access?.groups.find((x) => x.group === g);
    const course = (g: string, kind: string) => group(g)?.courses.find((c) => c.kind === kind);
    // ec_pupils 2019, 920348: Black 260 + 249 = 509 of "2,040".
    expect(group('black')).toMatchObject({ headcount: 509 });
    expect(group('black')?.shareOfSchool).toBeCloseTo((509 / 2040) * 100, 9);
    // rcd_courses2 2019, "920348,627.0,BL7,6.86,169.0,31.95,198.0,5.56": 6.86% of 627 AP
    // students = 43.01 → 43; 5.56% of 198 IB = 11.01 → 11; 31.95% of 169 CCP = 53.99 → 54
    // (rcd_course2, not in the extract, gives 11 and 54 as counts).
    expect(course('black', 'ap')?.students).toBe(43);
    expect(course('black', 'ib')?.students).toBe(11);
    expect(course('black', 'ccp')?.students).toBe(54);
    expect(course('black', 'ap')?.rate).toMatchObject({ status: 'shown', n: 509 });
    expect(course('black', 'ap')?.rate.value).toBeCloseTo((43 / 509) * 100, 9);
    expect(course('black', 'ap')?.ratio.value).toBeCloseTo(6.86 / ((509 / 2040) * 100), 9);
    // AS7's AP share is "5.0" (<5%): suppressed, so its rate and ratio too.
    expect(course('asian', 'ap')?.share.status).toBe('suppressed');
    expect(course('asian', 'ap')?.rate.status).toBe('suppressed');
    // Pacific Islander: 1 + 0 students, under n = 10.
    expect(course('pacific_islander', 'ap')?.rate).toMatchObject({ status: 'suppressed', n: 1 });
    expect(s.methods.courseAccess).toContain('Office for Civil Rights');
    // An elementary school has no course figures.
    const elementary = await getSchoolDiagnostics(handle.db, actor, '920302', {});
    expect(elementary.courseAccess).toBeNull();
  });
});
