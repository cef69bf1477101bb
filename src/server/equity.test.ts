// The staffing equity API (issue 5) on the factory district of src/services/equity.fixtures.ts:
// the report and retention as JSON with the query's definitions applied, the CSV and XLSX
// downloads, the OpenAPI document, and the 400 / 401 / 403 / 404 answers.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import type { EquityReportView } from '../services/equity.ts';
import { seedEquityDistrict } from '../services/equity.fixtures.ts';
import type { RetentionView } from '../services/equity-retention.ts';
import { createTestApp, signedInClient, TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let analyst: TestClient;
let principal: TestClient;
let teacher: TestClient;

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  const districtId = await seedEquityDistrict(handle.db);
  const user = (username: string, role: 'analyst' | 'principal' | 'teacher', schoolIds: string[]) =>
    signedInClient(app, handle, { districtId, username, displayName: username, role, schoolIds });
  analyst = await user('ana.lyst', 'analyst', []);
  principal = await user('prin.cipal', 'principal', ['S6']);
  teacher = await user('tea.cher', 'teacher', ['S6']);
}, 240_000);
afterAll(() => handle.close());

describe('GET /api/equity', () => {
  it('returns the report with the query’s preset and overrides', async () => {
    const res = await analyst.request(
      'GET',
      '/api/equity?year=2019&preset=nc&inexperiencedYears=1&inexperiencedComparison=at_most&ineffectiveLevels=Needs%20Improvement,%20Effective',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as EquityReportView;
    expect(body.definitions.overridden).toEqual(['inexperienced', 'ineffective']);
    expect(body.definitions.lines).toContain(
      'Ineffective: teachers rated "Needs Improvement" or "Effective".',
    );
    const poverty = body.dimensions.find((d) => d.dimension === 'poverty');
    // High-poverty S6 and S7, 2019: experience ≤ 1 is t < i with t % 3 ≤ 1 → S6 4 of 12, S7 5 of 11.
    expect(
      poverty?.gaps.find((g) => g.measure === 'inexperienced')?.high.teacherWeighted,
    ).toMatchObject({ count: 9, n: 23 });
  });

  it('a principal gets their own school only', async () => {
    const body = (await (await principal.request('GET', '/api/equity')).json()) as EquityReportView;
    expect(body.scope).toBe('school');
    expect(body.schools.map((s) => s.id)).toEqual(['S6']);
    expect(body.dimensions).toEqual([]);
  });

  it('answers 400 for bad input, 401 signed out, 403 for a teacher, 404 for a year with no staff', async () => {
    expect((await analyst.request('GET', '/api/equity?preset=tx')).status).toBe(400);
    expect((await analyst.request('GET', '/api/equity?provisionalStatuses=maybe')).status).toBe(
      400,
    );
    const low = await analyst.request('GET', '/api/equity?minimumN=3');
    expect(low.status).toBe(400);
    expect(low.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await new TestClient(app).request('GET', '/api/equity')).status).toBe(401);
    expect((await teacher.request('GET', '/api/equity')).status).toBe(403);
    expect((await teacher.request('GET', '/api/equity/retention')).status).toBe(403);
    expect((await analyst.request('GET', '/api/equity?year=2005')).status).toBe(404);
  });
});

describe('GET /api/equity/retention', () => {
  it('returns stay / move / leave by rating with the sentence', async () => {
    const res = await analyst.request('GET', '/api/equity/retention?year=2019');
    expect(res.status).toBe(200);
    const body = (await res.json()) as RetentionView;
    expect(body).toMatchObject({ from: 2018, to: 2019, highLevels: ['Highly Effective'] });
    expect(body.sentences[0]?.text).toMatch(
      /^From 2018 to 2019, we kept 100% of our high performers/,
    );
  });
});

describe('downloads', () => {
  it('equity.csv: one row per comparison and measure, suppressed cells marked', async () => {
    const res = await analyst.request('GET', '/api/equity.csv?year=2019');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="equity-gaps-2019.csv"',
    );
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'comparison,measure,high_rate,high_n,low_rate,low_n,gap_points,high_student_rate,low_student_rate,high_school_average,low_school_average,drivers',
    );
    expect(lines).toHaveLength(1 + 2 * 6);
    expect(lines.find((l) => l.includes('inexperienced principals'))).toContain(
      'Suppressed (n<10)',
    );
    expect(lines[1]).toMatch(
      /^Poverty quartiles within the district,inexperienced teachers,56\.5,23,4\.0,25,52\.5,/,
    );
  });

  it('equity.csv?table=schools and retention.csv', async () => {
    const schools = await (await analyst.request('GET', '/api/equity.csv?table=schools')).text();
    expect(schools.split('\n')[0]).toMatch(/^school_id,school,pct_econ_disadv,poverty_quartile/);
    expect(schools).toContain('S3,School 3,40.0,2');
    const retention = await analyst.request('GET', '/api/equity/retention.csv');
    expect(retention.status).toBe(200);
    expect((await retention.text()).split('\n')[0]).toBe(
      'rating,poverty_quartile,n,stayed,moved,left,kept',
    );
  });

  it('equity.xlsx and retention.xlsx are workbooks with the data and an About sheet', async () => {
    for (const path of ['/api/equity.xlsx?year=2019', '/api/equity/retention.xlsx']) {
      const res = await analyst.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Equity', 'About']);
      expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(1);
    }
  });

  it('are listed in the OpenAPI document', async () => {
    const doc = (await (await analyst.request('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/equity',
      '/equity.csv',
      '/equity.xlsx',
      '/equity/retention',
      '/equity/retention.csv',
      '/equity/retention.xlsx',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
  });
});
