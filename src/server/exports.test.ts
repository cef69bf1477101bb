// The export API (issue #4): XLSX of the diagnostics, the schools table and a recorded run, read
// back with exceljs (typed numbers and their formats, suppressed cells, formula-like text kept as
// text, frozen header, autofilter, the About sheet), and the school board report as PDF with the
// 401 / 403 / 404 answers.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import type { IdentificationRunDetail } from '../services/identifications.ts';
import { createTestApp, signedInClient, TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let districtId: string;
let leader: TestClient;
let analyst: TestClient;
let principal: TestClient;

const SCHOOLS = 12;
const YEARS = [2017, 2018, 2019];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const poverty = (i: number) => 10 + 7 * i + 0.25;
const enrollment = (i: number) => 900 + 250 * i;
const score = (i: number, year: number) =>
  90 - 0.5 * poverty(i) + 3 * Math.sin(i * 12.9898 + year) + (i === 11 ? -15 : 0);
const NAMES: Record<number, string> = {
  5: '=HYPERLINK("http://x")',
  3: 'Escuela Peña–Ortiz “Magnet”',
};

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  const db = handle.db;
  districtId = (await makeDistrict(db, { name: 'Test County Schools' })).id;
  for (let i = 0; i < SCHOOLS; i++) {
    await makeSchool(db, districtId, {
      id: `S${i}`,
      name: NAMES[i] ?? `School ${String(i).padStart(2, '0')}`,
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
    ['chronic_absence_rate', 'percent', 'outcome'],
    ['enrollment', 'count', 'profile'],
  ] as const) {
    await makeMeasure(db, districtId, {
      key,
      unit,
      category,
      label: key,
      description: `Definition of ${key}.`,
      source: `Source of ${key}`,
    });
  }
  const batch = await makeBatch(db, districtId);
  const rows = YEARS.flatMap((year) =>
    Array.from({ length: SCHOOLS }, (_, i) => {
      const at = { district_id: districtId, school_id: `S${i}`, school_year: year };
      return [
        { ...at, measure_key: 'spg_score', value: score(i, year), n: 300 },
        { ...at, measure_key: 'pct_econ_disadv', value: poverty(i) },
        { ...at, measure_key: 'pct_el', value: 5 + (i % 4) * 3 },
        { ...at, measure_key: 'pct_swd', value: 10 + (i % 3) * 2 },
        // S2's chronic absence is about 6 students: below the minimum n, so suppressed.
        { ...at, measure_key: 'chronic_absence_rate', value: 12.5, n: i === 2 ? 6 : 400 },
        { ...at, measure_key: 'enrollment', value: enrollment(i) },
        { ...at, measure_key: 'spg_grade', value_text: i === 11 ? 'D' : 'B' },
        { ...at, measure_key: 'growth_status', value_text: 'Met' },
      ];
    }).flat(),
  );
  await makeMeasureValues(db, rows, batch);
  const user = (
    username: string,
    role: 'district_leader' | 'analyst' | 'principal',
    schoolIds: string[] = [],
  ) =>
    signedInClient(app, handle, {
      districtId,
      username,
      displayName: `${username} name`,
      role,
      schoolIds,
    });
  leader = await user('lead.er', 'district_leader');
  analyst = await user('ana.lyst', 'analyst');
  principal = await user('prin.cipal', 'principal', ['S1']);
}, 300_000);
afterAll(() => handle.close());

async function readWorkbook(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook;
}

/** The data sheet as header → column number. */
function headerIndex(sheet: ExcelJS.Worksheet): Map<string, number> {
  const map = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => map.set(String(cell.value), col));
  return map;
}

function rowOf(sheet: ExcelJS.Worksheet, schoolId: string): ExcelJS.Row {
  for (let r = 2; r <= sheet.rowCount; r++) {
    if (sheet.getRow(r).getCell(1).value === schoolId) return sheet.getRow(r);
  }
  throw new Error(`no row for ${schoolId}`);
}

describe('GET /api/diagnostics.xlsx', () => {
  it('is a workbook with typed numbers, text kept as text, a frozen header and an About sheet', async () => {
    const res = await analyst.request('GET', '/api/diagnostics.xlsx?year=2019');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="test-county-schools-diagnostics-2019.xlsx"',
    );
    const workbook = await readWorkbook(res);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Diagnostics', 'About']);
    const sheet = workbook.getWorksheet('Diagnostics');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.rowCount).toBe(1 + SCHOOLS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const cols = headerIndex(sheet);
    const poorest = rowOf(sheet, 'S7');
    // A percent is a number (a fraction, shown with one decimal) and equals the stored figure.
    const pct = poorest.getCell(cols.get('% economically disadvantaged') ?? 0);
    expect(pct.type).toBe(ExcelJS.ValueType.Number);
    expect(pct.value).toBeCloseTo(poverty(7) / 100, 10);
    expect(pct.numFmt).toBe('0.0%');
    const actualHeader = [...cols.keys()].find((h) => h.endsWith('(actual)')) ?? '';
    const actual = poorest.getCell(cols.get(actualHeader) ?? 0);
    expect(actual.type).toBe(ExcelJS.ValueType.Number);
    expect(actual.value).toBeCloseTo(score(7, 2019), 9);
    // The formula-like name is a string cell, not a formula.
    const name = rowOf(sheet, 'S5').getCell(2);
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe('=HYPERLINK("http://x")');
    expect(name.formula).toBeUndefined();
    expect(rowOf(sheet, 'S3').getCell(2).value).toBe('Escuela Peña–Ortiz “Magnet”');

    const about = workbook.getWorksheet('About');
    const text: string[] = [];
    about?.eachRow((row) => text.push(row.values.toString()));
    const all = text.join('\n');
    expect(all).toContain('Test County Schools');
    expect(all).toContain('ana.lyst name (ana.lyst)');
    expect(all).toContain('No rate about fewer than 10 students');
    expect(all).toContain('Need index');
  });

  it('needs a session', async () => {
    expect((await new TestClient(app).request('GET', '/api/diagnostics.xlsx')).status).toBe(401);
  });
});

describe('GET /api/schools.xlsx', () => {
  it('has counts with separators, suppressed figures as the marker, and the filtered schools', async () => {
    const res = await analyst.request('GET', '/api/schools.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(
      'filename="test-county-schools-schools-2019.xlsx"',
    );
    const workbook = await readWorkbook(res);
    const sheet = workbook.getWorksheet('Schools');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.rowCount).toBe(1 + SCHOOLS);
    const cols = headerIndex(sheet);
    const students = rowOf(sheet, 'S4').getCell(cols.get('enrollment, 2019') ?? 0);
    expect(students.value).toBe(enrollment(4));
    expect(students.numFmt).toBe('#,##0');
    const absence = cols.get('chronic_absence_rate (%), 2019') ?? 0;
    expect(rowOf(sheet, 'S2').getCell(absence).value).toBe('Suppressed (n<10)');
    expect(rowOf(sheet, 'S3').getCell(absence).value).toBeCloseTo(0.125, 10);

    const filtered = await analyst.request('GET', '/api/schools.xlsx?schools=S1,S2');
    expect(filtered.headers.get('content-disposition')).toContain('schools-filtered-2019.xlsx');
    const few = (await readWorkbook(filtered)).getWorksheet('Schools');
    expect(few?.rowCount).toBe(3);
    expect((await analyst.request('GET', '/api/schools.xlsx?schools=x;drop')).status).toBe(400);
  });
});

describe('GET /api/identifications/{id}.xlsx', () => {
  it('gives a recorded run as a workbook', async () => {
    const recorded = await leader.request('POST', '/api/identifications', {
      ruleSet: 'north-carolina',
      year: 2019,
    });
    expect(recorded.status).toBe(201);
    const run = (await recorded.json()) as IdentificationRunDetail;
    const res = await analyst.request('GET', `/api/identifications/${run.id}.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="test-county-schools-identification-${run.id.slice(0, 8)}-2019.xlsx"`,
    );
    const sheet = (await readWorkbook(res)).getWorksheet('Identification');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'School ID',
      'School',
      'Identified',
      'Designations',
      'Tier',
      'Reasons',
    ]);
    expect(rowOf(sheet, 'S11').getCell(3).value).toBe('Y');
    expect(rowOf(sheet, 'S0').getCell(3).value).toBe('N');
    const unknown = '0b7e6a3c-1111-4222-8333-444455556666';
    expect((await analyst.request('GET', `/api/identifications/${unknown}.xlsx`)).status).toBe(404);
  });
});

describe('GET /api/openapi.json', () => {
  it('documents the export routes with their content types', async () => {
    const res = await analyst.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    expect(
      Object.keys(doc.paths['/diagnostics.xlsx']?.get?.responses['200']?.content ?? {}),
    ).toEqual([XLSX]);
    expect(Object.keys(doc.paths['/schools.xlsx']?.get?.responses['200']?.content ?? {})).toEqual([
      XLSX,
    ]);
    expect(
      Object.keys(
        doc.paths['/schools/{schoolId}/report.pdf']?.get?.responses['200']?.content ?? {},
      ),
    ).toEqual(['application/pdf']);
  });
});

describe('GET /api/schools/{schoolId}/report.pdf', () => {
  it('gives the board report as a PDF named for the district, school and year', async () => {
    const res = await analyst.request('GET', '/api/schools/S3/report.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="test-county-schools-escuela-pena-ortiz-magnet-2019-board-report.pdf"',
    );
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pdf.length).toBeGreaterThan(5000);
  });

  it('gives a principal their own school and refuses another with 403', async () => {
    expect((await principal.request('GET', '/api/schools/S1/report.pdf')).status).toBe(200);
    const other = await principal.request('GET', '/api/schools/S2/report.pdf');
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers an unknown school with 404 and a bad id with 400', async () => {
    expect((await analyst.request('GET', '/api/schools/NOPE/report.pdf')).status).toBe(404);
    expect((await analyst.request('GET', '/api/schools/a.b/report.pdf')).status).toBe(400);
  });
});

describe('GET /api/schools/{schoolId}/figures.csv', () => {
  it('gives every figure of the school as CSV, named for the school', async () => {
    const res = await principal.request('GET', '/api/schools/S3/figures.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="escuela-pena-ortiz-magnet-figures-with-sources.csv"',
    );
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'measure_key,measure,unit,student_group,school_year,value,n,status,source_marker,source_file,source_row,imported_at,batch_id',
    );
    // Eight measures a year for three years, as the factories wrote them (no source rows).
    expect(lines).toHaveLength(1 + 8 * YEARS.length);
  });

  it('answers an unknown school with 404 and a bad id with 400, and is documented as CSV', async () => {
    expect((await analyst.request('GET', '/api/schools/NOPE/figures.csv')).status).toBe(404);
    expect((await analyst.request('GET', '/api/schools/a.b/figures.csv')).status).toBe(400);
    const doc = (await (await analyst.request('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    expect(
      Object.keys(
        doc.paths['/schools/{schoolId}/figures.csv']?.get?.responses['200']?.content ?? {},
      ),
    ).toEqual(['text/csv']);
  });
});
