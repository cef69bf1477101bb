// The board report on the demo district (Wake County, NC DPI files): a valid PDF whose text holds
// the school's name and figures read straight from the database, with the permissions of the
// school page's scoped parts, no staff data, and the standard fonts drawing the district's text.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from './demo.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import { PdfDocument, niceTicks, toPdfText } from './exports/pdf.ts';
import { countPdfPages, extractPdfText } from './exports/pdf-testing.ts';
import { buildSchoolReport } from './school-report.ts';

let handle: DbHandle;
const analyst: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  districtId: DEMO_DISTRICT.id,
  username: 'analyst',
  displayName: 'Ana Lyst',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
};
const principalOf = (schoolId: string): Actor => ({
  ...analyst,
  username: 'principal',
  displayName: 'Pat Principal',
  grants: [{ role: 'principal', schoolId }],
});

beforeAll(async () => {
  handle = await createTestDb();
  await loadDemoDistrict(handle.db);
}, 300_000);
afterAll(() => handle.close());

/** The school's all-students figure, read with its own query rather than through the services. */
async function storedFigure(schoolId: string, measure: string, year: number) {
  const row = await handle.db
    .selectFrom('measure_values')
    .select(['value', 'n', 'status'])
    .where('district_id', '=', DEMO_DISTRICT.id)
    .where('school_id', '=', schoolId)
    .where('measure_key', '=', measure)
    .where('student_group', '=', 'all')
    .where('school_year', '=', year)
    .executeTakeFirst();
  return row;
}

describe('the school board report (PDF)', () => {
  it('shows access to advanced courses by group for a high school', async () => {
    const file = await buildSchoolReport(handle.db, analyst, '920348', { compress: false });
    const text = extractPdfText(file.buffer);
    expect(text).toContain(toPdfText('Access to advanced courses, 2018–19'));
    // 920348, 2019 (rcd_courses2 + ec_pupils, worked in diagnostics-demo.test.ts): Black
    // students' AP rate 43 / 509 = 8.4%, ratio 6.86 ÷ 24.95 = 0.27; all students 627 / 2,040.
    expect(text).toContain('8.4%');
    expect(text).toContain('0.27');
    expect(text).toContain('30.7%');
    expect(text).toContain('Office for Civil Rights');
  });

  it('is a valid PDF with the school, its figures, trends, identification and page numbers', async () => {
    const d = await getDistrictDiagnostics(handle.db, analyst, { year: 2019 });
    const lp = d.schools.find((s) => s.identification.identified);
    if (!lp) throw new Error('no identified school in 2019');
    const started = performance.now();
    const file = await buildSchoolReport(handle.db, analyst, lp.id, { compress: false });
    const ms = performance.now() - started;
    const pdf = file.buffer;
    fs.writeFileSync('/tmp/tandem-school-report.pdf', pdf);
    const pages = countPdfPages(pdf);
    console.log(
      `board report for ${lp.name}: ${pdf.length} bytes, ${pages} pages, ${ms.toFixed(0)} ms`,
    );

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(file.fileName).toMatch(/^wake-county-schools-.+-2019-board-report\.pdf$/);

    const text = extractPdfText(pdf);
    expect(text).toContain(toPdfText(lp.name));
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Identified under');

    // Enrollment, as the report prints it (thousands separator), from the database directly.
    const enrollment = await storedFigure(lp.id, 'enrollment', 2019);
    expect(enrollment?.value).toBeGreaterThan(0);
    const printed = Math.round(enrollment?.value ?? 0).toLocaleString('en-US');
    expect(text).toContain(printed);
    // The performance score's trend caption lists every year's value to one decimal.
    const spg2018 = await storedFigure(lp.id, 'spg_score', 2018);
    if (spg2018?.status === 'reported' && spg2018.value !== null) {
      expect(text).toContain(`2017–18 ${spg2018.value.toFixed(1)}`);
    }
    // Vector charts: axis titles are drawn, and there is no image in the file.
    expect(text).toContain('School year');
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
    // No staff data: no staff section and no staff names.
    const staff = await handle.db
      .selectFrom('staff')
      .select(['first_name', 'last_name'])
      .where('district_id', '=', DEMO_DISTRICT.id)
      .limit(50)
      .execute();
    for (const s of staff) expect(text).not.toContain(`${s.first_name} ${s.last_name}`);
    // Reading it was recorded.
    const audit = await handle.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('action', '=', 'school_report.generated')
      .execute();
    expect(audit).toContainEqual({ action: 'school_report.generated', subject_id: lp.id });
  });

  it('lets a principal have their own school’s report and refuses another school’s', async () => {
    const d = await getDistrictDiagnostics(handle.db, analyst, { year: 2019 });
    const [mine, other] = d.schools;
    if (!mine || !other) throw new Error('too few schools');
    const own = await buildSchoolReport(handle.db, principalOf(mine.id), mine.id);
    expect(own.buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(
      buildSchoolReport(handle.db, principalOf(mine.id), other.id),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(buildSchoolReport(handle.db, analyst, 'NO-SUCH')).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('PDF building blocks', () => {
  it('draws en dashes, curly quotes and accented names with the standard fonts', async () => {
    const pdf = new PdfDocument({ title: 'T', author: 'A', footer: 'F', compress: false });
    pdf.heading('Escuela Peña – “Año” ‘uno’ Zoë');
    pdf.paragraph('Łódź ≥ 5 − 2');
    const text = extractPdfText(await pdf.finish());
    expect(text).toContain('Escuela Peña – “Año” ‘uno’ Zoë');
    // Not in Windows-1252: transliterated rather than drawn as a wrong glyph.
    expect(text).toContain('Lódz >= 5 - 2');
  });

  it('picks round tick values that cover the data', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(52.3, 61.8)).toEqual([52, 54, 56, 58, 60, 62]);
    const same = niceTicks(40, 40);
    expect(same[0]).toBeLessThan(40);
    expect(same.at(-1)).toBeGreaterThan(40);
  });
});
