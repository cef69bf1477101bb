// Exports end to end (issue #4) on the real server and the demo district: "Download XLSX" beside
// every "Download CSV" on the district page and Needs & results, and "Board report (PDF)" and
// "Figures with source rows (CSV)" on a school page. Each click must download a file
// of the right type (the XLSX zip signature and content, the PDF header and trailer, the CSV's
// header and source rows) and a plausible size; the school page passes axe-core.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { describeViolations, runAxe } from './support/axe.ts';
import { type PageWatch } from './support/browser.ts';
import { expectNoProblems, openSignedInPage } from './support/session.ts';

const baseUrl = inject('baseUrl');
const exporter = inject('exporter');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

let browser: Browser;
let page: Page;
let watch: PageWatch;

async function download(click: () => Promise<void>): Promise<{ file: Buffer; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const saved = await (d as Download).path();
  return { file: fs.readFileSync(saved), name: (d as Download).suggestedFilename() };
}

/** An XLSX is a zip (PK\x03\x04) whose parts include the workbook and its sheets. */
function expectXlsx(file: Buffer, sheets: string[]) {
  expect(file.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  const names = file.toString('latin1');
  expect(names).toContain('xl/workbook.xml');
  for (let i = 1; i <= sheets.length; i++) expect(names).toContain(`xl/worksheets/sheet${i}.xml`);
}

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, exporter));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(() => expectNoProblems(watch));

describe('XLSX downloads', () => {
  test('the district page: every school, then only the filtered ones', async () => {
    await page.goto(`${baseUrl}/`);
    const button = page.getByRole('link', { name: 'Download XLSX' });
    await poll(() => button.count()).toBe(1);
    const all = await download(() => button.click());
    expect(all.name).toMatch(/^wake-county-schools-schools-\d{4}\.xlsx$/);
    expectXlsx(all.file, ['Schools', 'About']);
    expect(all.file.length).toBeGreaterThan(10_000);

    await page.goto(`${baseUrl}/?q=Abbotts`);
    await poll(() => page.locator('.schools-table tbody tr').count()).toBeLessThan(5);
    const few = await download(() => page.getByRole('link', { name: 'Download XLSX' }).click());
    expect(few.name).toMatch(/^wake-county-schools-schools-filtered-\d{4}\.xlsx$/);
    expectXlsx(few.file, ['Schools', 'About']);
    expect(few.file.length).toBeLessThan(all.file.length);
  });

  test('Needs & results: the diagnostics table beside its CSV', async () => {
    await page.goto(`${baseUrl}/diagnostics`);
    await poll(() => page.locator('.diagnostics-table tbody tr').count()).toBeGreaterThan(150);
    const csv = page.getByRole('link', { name: 'Download CSV' });
    const xlsx = page.getByRole('link', { name: 'Download XLSX' });
    await expect(csv.count()).resolves.toBe(1);
    const file = await download(() => xlsx.click());
    expect(file.name).toMatch(/^wake-county-schools-diagnostics-2019\.xlsx$/);
    expectXlsx(file.file, ['Diagnostics', 'About']);
    expect(file.file.length).toBeGreaterThan(10_000);
  });
});

describe('the board report', () => {
  test('a school page offers its board report as a PDF and passes axe', async () => {
    // An analyst sees school figures but not the staff list: the page asks and is refused.
    watch.expect(/status of 403 \(Forbidden\) \(.*\/staff/);
    await page.goto(`${baseUrl}/?q=Abbotts`);
    const link = page.locator('.schools-table tbody th a').first();
    const name = (await link.textContent()) ?? '';
    await link.click();
    await page.waitForURL(/\/schools\/\w+/);
    await poll(() => page.locator('h1').textContent()).toBe(name);
    const report = page.getByRole('link', { name: 'Board report (PDF)' });
    await poll(() => report.count()).toBe(1);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    const pdf = await download(() => report.click());
    expect(pdf.name).toMatch(/^wake-county-schools-abbotts-creek-.+-\d{4}-board-report\.pdf$/);
    expect(pdf.file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.file.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const pages = pdf.file.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdf.file.length).toBeGreaterThan(8_000);
    expect(pdf.file.length).toBeLessThan(1_000_000);
  });

  test('the same page gives every figure with the file and row it came from, as CSV', async () => {
    const link = page.getByRole('link', { name: 'Figures with source rows (CSV)' });
    await poll(() => link.count()).toBe(1);
    await page.locator('#sources').screenshot({ path: 'test-results/school-sources.png' });
    const csv = await download(() => link.click());
    expect(csv.name).toMatch(/^abbotts-creek-.+-figures-with-sources\.csv$/);
    const lines = csv.file.toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'measure_key,measure,unit,student_group,school_year,value,n,status,source_marker,source_file,source_row,imported_at,batch_id',
    );
    expect(lines.length).toBeGreaterThan(50);
    // The demo's figures were imported from the state's files: each names its file and line.
    const fromRows = lines.filter((l) => /,[\w./-]+\.csv(\.gz)?,\d+,\d{4}-/.test(l));
    expect(fromRows.length).toBeGreaterThan(50);
  });
});
