// The diagnostics API (issue #4) on a district built with the factories: the regression
// against the closed form, identification with reasons, the school page's peers, recording and
// reading back runs, CSV exports, and the 400 / 403 / 404 answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import type { DistrictDiagnostics } from '../services/diagnostics.ts';
import type { SchoolDiagnostics } from '../services/diagnostics-school.ts';
import type { IdentificationRunDetail } from '../services/identifications.ts';
import { createTestApp, signedInClient, type TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let districtId: string;
let leader: TestClient;
let analyst: TestClient;

const SCHOOLS = 12;
const YEARS = [2017, 2018, 2019];
const poverty = (i: number) => 10 + 7 * i;
// A deterministic wobble, plus one school far above and one far below its expectation.
const score = (i: number, year: number) =>
  90 - 0.5 * poverty(i) + 3 * Math.sin(i * 12.9898 + year) + (i === 0 ? 15 : i === 11 ? -15 : 0);

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  const db = handle.db;
  districtId = (await makeDistrict(db, { name: 'Test County' })).id;
  for (let i = 0; i < SCHOOLS; i++) {
    await makeSchool(db, districtId, {
      id: `S${i}`,
      // A name a spreadsheet would run as a formula, to test the CSV escaping.
      name: i === 5 ? '=HYPERLINK("http://x")' : `School ${String(i).padStart(2, '0')}`,
      is_title_i: i % 2 === 1,
    });
  }
  for (const [key, unit, category] of [
    ['spg_score', 'score', 'outcome'],
    ['spg_grade', 'grade', 'outcome'],
    ['growth_status', 'status', 'outcome'],
    ['pct_econ_disadv', 'percent', 'profile'],
    ['pct_el', 'percent', 'profile'],
    ['pct_swd', 'percent', 'profile'],
    ['enrollment', 'count', 'profile'],
  ] as const) {
    await makeMeasure(db, districtId, { key, unit, category });
  }
  const batch = await makeBatch(db, districtId);
  const rows = YEARS.flatMap((year) =>
    Array.from({ length: SCHOOLS }, (_, i) => {
      const at = { district_id: districtId, school_id: `S${i}`, school_year: year };
      // S11: grade D, growth Met → low-performing; S10: grade D but growth Exceeded → not.
      const grade = i === 11 || i === 10 ? 'D' : 'B';
      const growth = i === 10 ? 'Exceeded' : 'Met';
      return [
        { ...at, measure_key: 'spg_score', value: score(i, year), n: 300 },
        { ...at, measure_key: 'pct_econ_disadv', value: poverty(i) },
        { ...at, measure_key: 'pct_el', value: 5 + (i % 4) * 3 },
        { ...at, measure_key: 'pct_swd', value: 10 + (i % 3) * 2 },
        { ...at, measure_key: 'enrollment', value: 400 + 25 * i },
        { ...at, measure_key: 'spg_grade', value_text: grade },
        { ...at, measure_key: 'growth_status', value_text: growth },
      ];
    }).flat(),
  );
  await makeMeasureValues(db, rows, batch);
  const user = (username: string, role: 'district_leader' | 'analyst') =>
    signedInClient(app, handle, {
      districtId,
      username,
      displayName: username,
      role,
      schoolIds: [],
    });
  leader = await user('lead.er', 'district_leader');
  analyst = await user('ana.lyst', 'analyst');
});
afterAll(() => handle.close());

describe('GET /api/diagnostics', () => {
  it('fits the regression the closed form gives and classifies the outliers', async () => {
    const res = await analyst.request('GET', '/api/diagnostics?year=2019&outcome=spg_score');
    expect(res.status).toBe(200);
    const d = (await res.json()) as DistrictDiagnostics;
    const xs = Array.from({ length: SCHOOLS }, (_, i) => poverty(i));
    const ys = xs.map((_, i) => score(i, 2019));
    const mx = xs.reduce((s, x) => s + x, 0) / SCHOOLS;
    const my = ys.reduce((s, y) => s + y, 0) / SCHOOLS;
    const slope =
      xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? 0) - my), 0) /
      xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(d.fit?.n).toBe(SCHOOLS);
    expect(d.fit?.slope).toBeCloseTo(slope, 9);
    expect(d.fit?.intercept).toBeCloseTo(my - slope * mx, 9);
    expect(d.fit?.band.length).toBeGreaterThan(10);
    const byId = new Map(d.schools.map((s) => [s.id, s]));
    expect(byId.get('S0')?.classification).toBe('beating_the_odds');
    expect(byId.get('S11')?.classification).toBe('below_expectation');
    expect(byId.get('S0')?.yearsUsed).toEqual(YEARS);
    expect(d.methods.regression).toContain('n = 12 schools');
    expect(d.methods.regression).toContain('CRPE');
    expect(d.canRecordIdentification).toBe(false);
  });

  it('identifies under the NC rule with the reason, either way', async () => {
    const d = (await (
      await analyst.request('GET', '/api/diagnostics')
    ).json()) as DistrictDiagnostics;
    expect(d.year).toBe(2019);
    const byId = new Map(d.schools.map((s) => [s.id, s]));
    expect(byId.get('S11')?.identification).toMatchObject({
      identified: true,
      designations: [{ designation: 'low_performing' }],
    });
    expect(byId.get('S11')?.identification.reasons[0]).toContain('Grade D and growth Met');
    expect(byId.get('S10')?.identification.identified).toBe(false);
    expect(byId.get('S10')?.identification.reasons[0]).toContain('growth Exceeded');
    expect(d.counts.identified).toBe(1);
  });

  it('runs the federal frame with tiers', async () => {
    const res = await analyst.request('GET', '/api/diagnostics?ruleSet=federal-essa');
    const d = (await res.json()) as DistrictDiagnostics;
    expect(d.ruleSet.id).toBe('federal-essa');
    expect(d.schools.every((s) => s.identification.tier !== null)).toBe(true);
    expect(d.methods.identification).toContain('among this district’s schools');
  });

  it('tells a leader they may record', async () => {
    const d = (await (
      await leader.request('GET', '/api/diagnostics')
    ).json()) as DistrictDiagnostics;
    expect(d.canRecordIdentification).toBe(true);
  });

  it('answers a bad query with 400 naming the field, and no session with 401', async () => {
    const bad = await analyst.request('GET', '/api/diagnostics?outcome=height');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { problems: Array<{ field: string }> };
    expect(body.problems[0]?.field).toBe('outcome');
    expect((await analyst.request('GET', '/api/diagnostics?year=2001')).status).toBe(400);
    expect((await analyst.request('GET', '/api/diagnostics?ruleSet=texas')).status).toBe(400);
    expect((await app.request('/api/diagnostics')).status).toBe(401);
  });

  it('exports CSV with formula-like cells escaped', async () => {
    const res = await analyst.request('GET', '/api/diagnostics.csv?year=2019');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    expect(text.split('\n')[0]).toContain('school_id,school,level');
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });
});

describe('GET /api/schools/{schoolId}/diagnostics', () => {
  it('gives the identification by year, the expectation and the peers', async () => {
    const res = await analyst.request('GET', '/api/schools/S11/diagnostics');
    expect(res.status).toBe(200);
    const s = (await res.json()) as SchoolDiagnostics;
    expect(s.identification.map((i) => i.year)).toEqual([2019, 2018, 2017]);
    expect(s.identification.every((i) => i.identified)).toBe(true);
    expect(s.expectation?.classification).toBe('below_expectation');
    expect(s.peers.schools).toHaveLength(10);
    expect(s.peers.schools.map((p) => p.id)).not.toContain('S11');
    expect(s.peers.standing?.of).toBe(11);
    expect(s.needIndex?.index).not.toBeNull();
  });

  it('answers an unknown school with 404 and a malformed id with 400', async () => {
    expect((await analyst.request('GET', '/api/schools/NOPE/diagnostics')).status).toBe(404);
    expect((await analyst.request('GET', '/api/schools/a%20b/diagnostics')).status).toBe(400);
  });
});

describe('identification runs', () => {
  it('refuses a non-leader with 403 and records nothing', async () => {
    const res = await analyst.request('POST', '/api/identifications', {
      ruleSet: 'north-carolina',
      year: 2019,
    });
    expect(res.status).toBe(403);
    const runs = await handle.db.selectFrom('identification_runs').select('id').execute();
    expect(runs).toEqual([]);
  });

  it('records a leader’s run and gives it back exactly as recorded', async () => {
    const res = await leader.request('POST', '/api/identifications', {
      ruleSet: 'north-carolina',
      year: 2019,
    });
    expect(res.status).toBe(201);
    const run = (await res.json()) as IdentificationRunDetail;
    expect(run).toMatchObject({ year: 2019, ruleSetId: 'nc-low-performing', schools: 12 });
    expect(run.identified).toBe(1);
    expect(run.runBy?.name).toBe('lead.er');
    expect(run.ruleSet).toMatchObject({ rules: [{ kind: 'nc_low_performing' }] });

    const again = (await (
      await analyst.request('GET', `/api/identifications/${run.id}`)
    ).json()) as IdentificationRunDetail;
    expect(again).toEqual(run);

    const list = (await (await analyst.request('GET', '/api/identifications')).json()) as {
      runs: Array<{ id: string; identified: number; schools: number }>;
    };
    expect(list.runs).toEqual([
      expect.objectContaining({ id: run.id, identified: 1, schools: 12 }),
    ]);

    const csv = await analyst.request('GET', `/api/identifications/${run.id}.csv`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('school_id,school,identified,designations,tier,reasons');
    expect(text).toContain('S11,School 11,Y,low_performing');
  });

  it('answers a bad body with 400 and an unknown run with 404', async () => {
    const bad = await leader.request('POST', '/api/identifications', { ruleSet: 'x', year: 2019 });
    expect(bad.status).toBe(400);
    const noYear = await leader.request('POST', '/api/identifications', {
      ruleSet: 'federal-essa',
      year: 2005,
    });
    expect(noYear.status).toBe(400);
    const unknown = '0b7e6a3c-1111-4222-8333-444455556666';
    expect((await analyst.request('GET', `/api/identifications/${unknown}`)).status).toBe(404);
    expect((await analyst.request('GET', `/api/identifications/${unknown}.csv`)).status).toBe(404);
    expect((await analyst.request('GET', '/api/identifications/not-a-uuid')).status).toBe(400);
  });
});

describe('/api/rule-sets', () => {
  const draft = {
    name: 'API rule set',
    basedOn: 'north-carolina',
    minimumN: 10,
    rules: [{ kind: 'nc_low_performing' }],
  };

  it('lets a leader save, use, change and delete a rule set; others only read', async () => {
    expect((await analyst.request('POST', '/api/rule-sets', draft)).status).toBe(403);
    const created = await leader.request('POST', '/api/rule-sets', draft);
    expect(created.status).toBe(201);
    const saved = (await created.json()) as { id: string; name: string };
    expect(saved.name).toBe('API rule set');

    const list = (await (await analyst.request('GET', '/api/rule-sets')).json()) as {
      ruleSets: Array<{ id: string }>;
    };
    expect(list.ruleSets.map((r) => r.id)).toContain(saved.id);
    const d = (await (
      await analyst.request('GET', `/api/diagnostics?year=2019&ruleSet=${saved.id}`)
    ).json()) as DistrictDiagnostics;
    expect(d.ruleSet).toMatchObject({ key: saved.id, name: 'API rule set' });
    // Same rule as the NC preset: S11 (grade D, growth Met) identified, S10 (Exceeded) not.
    expect(d.schools.find((s) => s.id === 'S11')?.identification.identified).toBe(true);
    expect(d.schools.find((s) => s.id === 'S10')?.identification.identified).toBe(false);

    const preview = await analyst.request('POST', '/api/rule-sets/preview', {
      draft: { ...draft, name: undefined },
      year: 2019,
    });
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { identified: number }).identified).toBe(d.counts.identified);

    const bad = await leader.request('PUT', `/api/rule-sets/${saved.id}`, {
      ...draft,
      minimumN: 2,
    });
    expect(bad.status).toBe(400);
    expect((await leader.request('DELETE', `/api/rule-sets/${saved.id}`)).status).toBe(204);
    expect((await analyst.request('GET', `/api/rule-sets/${saved.id}`)).status).toBe(404);
  });
});
