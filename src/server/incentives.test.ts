// The incentives and allocation API (issue #5) on the fixture district: create from a preset,
// evaluate, names only for HR with audit events, the CSV exports, awards by CSV with problems by
// row, the projection, scenarios compared side by side, funding and comparability; and the 400,
// 403 and CSRF answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { buildIncentiveWorld } from '../services/incentives.fixtures.ts';
import { createTestApp, signedInClient, type TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let districtId: string;
let hr: TestClient;
let analyst: TestClient;
let finance: TestClient;
let programId: string;

async function auditCount(action: string) {
  const row = await handle.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  districtId = (await buildIncentiveWorld(handle.db)).districtId;
  const user = (username: string, role: 'hr' | 'analyst' | 'finance') =>
    signedInClient(app, handle, {
      districtId,
      username,
      displayName: username,
      role,
      schoolIds: [],
    });
  hr = await user('hr-api', 'hr');
  analyst = await user('analyst-api', 'analyst');
  finance = await user('finance-api', 'finance');
}, 240_000);
afterAll(() => handle.close());

describe('incentive programs over HTTP', () => {
  it('creates from a preset (201), refuses an analyst (403) and a request without CSRF', async () => {
    const res = await finance.request('POST', '/api/incentives', {
      presetKey: 'hard_to_staff',
    });
    expect(res.status).toBe(201);
    const program = (await res.json()) as { id: string; design: { awards: unknown[] } };
    programId = program.id;
    expect(program.design.awards).toHaveLength(1);

    const denied = await analyst.request('POST', '/api/incentives', { presetKey: 'hard_to_staff' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');

    const noCsrf = await finance.request(
      'POST',
      '/api/incentives',
      { presetKey: 'hard_to_staff' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(noCsrf.status).toBe(403);
  });

  it('answers 400 with the field for an invalid design', async () => {
    const res = await finance.request('PUT', `/api/incentives/${programId}`, {
      design: { name: 'Bad', roles: ['teacher'], categories: [], awards: [] },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { problems: { field: string }[] };
    expect(problem.problems.map((p) => p.field)).toContain('design.categories');
  });

  it('evaluates for an analyst in counts; names and their CSV only for HR, audited per person', async () => {
    const evaluation = await analyst.request('GET', `/api/incentives/${programId}/evaluation`);
    expect(evaluation.status).toBe(200);
    const body = (await evaluation.json()) as {
      eligibleCount: number;
      cost: { firstYear: number };
    };
    // Every teacher in the highest-poverty quartile (S09–S11): 20 + 20 + 17 in 2019, $3,000 each.
    expect(body.eligibleCount).toBe(57);
    expect(body.cost.firstYear).toBe(57 * 3_000);

    expect((await analyst.request('GET', `/api/incentives/${programId}/eligible`)).status).toBe(
      403,
    );
    expect((await finance.request('GET', `/api/incentives/${programId}/eligible.csv`)).status).toBe(
      403,
    );
    const before = await auditCount('rating_read');
    const names = await hr.request('GET', `/api/incentives/${programId}/eligible.csv`);
    expect(names.status).toBe(200);
    const lines = (await names.text()).trim().split('\n');
    expect(lines[0]).toBe('staff_id,name,school_name,role,rating,amount_dollars,reasons');
    expect(lines).toHaveLength(58);
    expect(await auditCount('rating_read')).toBe(before + 57);

    const schools = await analyst.request('GET', `/api/incentives/${programId}/schools.csv`);
    expect(schools.headers.get('content-type')).toContain('text/csv');
    expect(await schools.text()).toContain('S11,School 11,4,');
  });

  it('takes awards by CSV all or nothing, with problems by row', async () => {
    const bad = await hr.request('POST', `/api/incentives/${programId}/awards/upload`, {
      csv: 'staff_id,school_year,amount\nTS09-0,2018,3000\nTS09-1,18,3000\n',
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { detail: string; problems: { field: string }[] };
    expect(problem.detail).toContain('nothing was recorded');
    expect(problem.problems[0]?.field).toBe('row 3, school_year');

    const ok = await hr.request('POST', `/api/incentives/${programId}/awards/upload`, {
      csv: 'staff_id,school_year,amount\nTS09-0,2018,3000\nTS09-1,2018,3000\n',
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ recorded: 2, total: 6000 });
    const list = (await (
      await analyst.request('GET', `/api/incentives/${programId}/awards`)
    ).json()) as {
      awards: unknown[];
      byYear: unknown[];
    };
    expect(list.awards).toEqual([]);
    expect(list.byYear).toEqual([{ schoolYear: 2018, people: 2, amount: 6000 }]);
    expect(await auditCount('incentive_awards_uploaded')).toBe(1);
  });

  it('projects the gap from the query’s assumptions, and refuses an impossible retention', async () => {
    const res = await analyst.request(
      'GET',
      `/api/incentives/${programId}/projection?retentionOfEligible=0.9&movesIn=2&years=2`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { series: unknown[]; explanation: string[] };
    expect(body.series).toHaveLength(3);
    expect(body.explanation.at(-1)).toContain('not a prediction');
    const bad = await analyst.request(
      'GET',
      `/api/incentives/${programId}/projection?retentionOfEligible=1.5&movesIn=2`,
    );
    expect(bad.status).toBe(400);
  });
});

describe('allocation, funding and comparability over HTTP', () => {
  it('saves scenarios, compares three, exports the comparison, and refuses an analyst', async () => {
    const ids: string[] = [];
    for (const exponent of [0, 1, 2]) {
      const res = await finance.request('POST', '/api/allocation/scenarios', {
        name: `Need^${exponent}`,
        unit: 'fte',
        pool: 12,
        needExponent: exponent,
        cap: 3,
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect(
      (
        await analyst.request('POST', '/api/allocation/scenarios', {
          name: 'x',
          unit: 'fte',
          pool: 1,
        })
      ).status,
    ).toBe(403);
    const compared = await analyst.request('GET', `/api/allocation/compare?ids=${ids.join(',')}`);
    expect(compared.status).toBe(200);
    const body = (await compared.json()) as { rows: { amounts: number[] }[] };
    expect(body.rows).toHaveLength(12);
    for (const i of [0, 1, 2]) {
      expect(body.rows.reduce((sum, r) => sum + (r.amounts[i] ?? 0), 0)).toBeLessThanOrEqual(12);
    }
    const csv = await analyst.request('GET', `/api/allocation/compare.csv?ids=${ids.join(',')}`);
    expect((await csv.text()).split('\n')[0]).toBe(
      'school_id,school_name,need_index,tier,scenario_1,scenario_2,scenario_3,spread,explanation',
    );
    const xlsx = await analyst.request('GET', `/api/allocation/compare.xlsx?ids=${ids.join(',')}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    // An XLSX file is a zip: it starts with "PK".
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([80, 75]));
    const one = await analyst.request('GET', `/api/allocation/compare?ids=${ids[0]}`);
    expect(one.status).toBe(400);
    const deleted = await analyst.request('DELETE', `/api/allocation/scenarios/${ids[0]}`);
    expect(deleted.status).toBe(403);
    expect((await finance.request('DELETE', `/api/allocation/scenarios/${ids[0]}`)).status).toBe(
      204,
    );
  });

  it('previews unsaved rules and names the bad field', async () => {
    const res = await analyst.request('POST', '/api/allocation/run', {
      rules: { name: 'Dollars', unit: 'dollars', pool: 50_000, perStudent: true },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { allocated: number } };
    expect(body.result.allocated).toBe(50_000);
    const bad = await analyst.request('POST', '/api/allocation/run', {
      rules: { name: 'Bad', unit: 'fte', pool: -1 },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: { field: string }[] }).problems[0]?.field).toBe(
      'rules.pool',
    );
  });

  it('computes weighted funding and the comparability test', async () => {
    const presets = (await (await analyst.request('GET', '/api/funding/formulas')).json()) as {
      presets: unknown[];
    };
    const funding = await analyst.request('POST', '/api/funding/compute', {
      formula: presets.presets[0],
    });
    expect(funding.status).toBe(200);
    expect(((await funding.json()) as { schools: unknown[] }).schools).toHaveLength(12);
    const test = await analyst.request('GET', '/api/comparability?threshold=1.1');
    expect(
      ((await test.json()) as { counts: { notComparable: number } }).counts.notComparable,
    ).toBe(6);
    const csv = await analyst.request('GET', '/api/comparability.csv');
    expect(await csv.text()).toContain('not_comparable');
  });
});
