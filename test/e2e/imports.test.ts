// "Data imports" end to end on the real server and the demo district: an analyst uploads a
// small file in the demo's NC DPI format, sees the built-in mapping picked from its header, the
// rows as they will land and a problem, imports the valid rows with progress, finds the batch in
// the history with its rejected rows, and rolls it back. Then the statewide reference data: the
// demo's 2019 state files shown as in use, a state file refused on a check (naming file, row and
// column), checked and loaded once fixed, in the history, rolled back. The page passes axe-core
// (WCAG 2.1 A and AA) with the preview, the problems, the statewide choice and the confirm dialog
// showing. A mapping built column by column for an SIS export is saved for the district, picked
// for the next month's file, changed, and deleted. A mapping file copied out of the guide
// (docs/mappings.md) is opened — a broken one first, refused naming each field — previewed,
// saved, downloaded, changed by hand and opened again in its place; the guide's page passes axe.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseMapping } from '../../src/importers/mapping.ts';
import { type PageWatch, screenshot } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const importer = inject('importer');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

// The demo's rcd_acc_eds layout, for a year the demo does not have (2020); row 3 is wrong.
const FILE = 'year,agency_code,pct_eds,pct_eds_masking\n2020,920302,61.5,\n2020,920303,abc,\n';
// The same layout as a statewide file for 2020: three schools of three districts.
const STATE_FILE =
  'year,agency_code,pct_eds,pct_eds_masking\n2020,010303,61.5,\n2020,920302,40.2,\n2020,995300,12.0,\n';

let browser: Browser;
let page: Page;
let watch: PageWatch;

const expectAccessible = () => expectPageAccessible(page);

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, importer));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(() => expectNoProblems(watch));

describe('Data imports', () => {
  test('upload, preview with a problem, import valid rows, history, roll back', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Data imports' })
      .click();
    await page.waitForURL(`${baseUrl}/imports`);
    await poll(() => page.locator('h1').textContent()).toBe('Data imports');
    await poll(() => page.title()).toBe('Data imports · Tandem');
    await expectAccessible();

    await page.getByLabel('File to import').setInputFiles({
      name: 'rcd_acc_eds.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(FILE),
    });
    // The built-in mapping is picked from the header and file name.
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'nc-dpi-rcd-acc-eds',
    );
    const landing = page.locator('table.imports-landing tbody tr');
    await poll(() => landing.count()).toBe(1);
    await expect(landing.first().textContent()).resolves.toContain('920302');
    await expect(landing.first().textContent()).resolves.toContain('61.5');
    const problems = page.locator('table.imports-problem-table tbody tr');
    await poll(() => problems.count()).toBe(1);
    const problem = (await problems.first().textContent()) ?? '';
    expect(problem).toContain('pct_eds');
    expect(problem).toContain('abc');
    await expect(page.locator('.imports-counts').textContent()).resolves.toMatch(
      /2 rows read; 1 value or school would be added or changed, 0 rows skipped by the mapping, 1 row with a problem\./,
    );
    await expectAccessible();
    await screenshot(page, 'imports-preview');

    await page.getByRole('button', { name: 'Import valid rows only' }).click();
    await poll(() => page.locator('.imports-result').textContent()).toMatch(
      /Imported rcd_acc_eds\.csv: 2 rows read, 1 value or school added or changed, 0 skipped, 1 rejected/,
    );
    await expect(page.locator('#imports-progress-bar').getAttribute('value')).resolves.toBe(
      String(FILE.length),
    );

    // The demo's own batches are named nc-wake/<year>/rcd_acc_eds.csv.
    const history = page.locator('table.imports-history-table tbody tr', {
      has: page.locator('td', { hasText: /^rcd_acc_eds\.csv/ }),
    });
    await poll(() => history.count()).toBe(1);
    await expect(history.textContent()).resolves.toContain('Ida Importer');
    const rejected = history.getByRole('link', { name: /Rejected rows/ });
    await expect(rejected.getAttribute('href')).resolves.toMatch(
      /^\/api\/imports\/batches\/[0-9a-f-]{36}\/rejected\.csv$/,
    );
    const csv = await page.evaluate(
      async (href) => (await fetch(href!)).text(),
      await rejected.getAttribute('href'),
    );
    expect(csv).toContain('abc');

    // The demo's history is longer than a page: the newest 25 are shown, the rest on request.
    const rows = page.locator('table.imports-history-table tbody tr');
    const shown = page.locator('.imports-history-count');
    await expect(rows.count()).resolves.toBe(25);
    const total = Number(/of ([\d,]+) imports/.exec((await shown.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(25);
    await page.getByRole('button', { name: `Show all ${total} imports` }).click();
    await poll(() => rows.count()).toBe(total);

    // Sorting the history by file name marks the column; a search narrows it to this file.
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await expect(
      page.locator('th[aria-sort]', { hasText: 'File' }).getAttribute('aria-sort'),
    ).resolves.toBe('ascending');
    await page.getByLabel('Search imports').fill('rcd_acc_eds');
    await poll(() => shown.textContent()).toMatch(
      /^Showing (\d+) of \1 imports? \(\d+ in all\)\.$/,
    );
    expect(await rows.count()).toBeLessThan(total);
    for (const text of await rows.allTextContents()) expect(text).toContain('rcd_acc_eds');

    await history.getByRole('button', { name: /Roll back/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back rcd_acc_eds.csv?' });
    await poll(() => dialog.isVisible()).toBe(true);
    await expectAccessible();
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: /^Rolled back rcd_acc_eds\.csv:/ });
    await poll(() => done.count()).toBe(1);
    await expect(done.textContent()).resolves.toContain('0 rows put back as they were, 1 removed');
    await poll(() => history.textContent()).toContain('Rolled back');
    // Only the rolled-back imports: this one among them, none still imported.
    await page.getByLabel('Status').selectOption('Rolled back');
    await poll(() => history.count()).toBe(1);
    for (const text of await rows.allTextContents()) expect(text).toContain('Rolled back');
    await expectAccessible();
    await screenshot(page, 'imports-history');
    await page.getByLabel('Status').selectOption('All');
    await page.getByLabel('Search imports').fill('');
    await poll(() => rows.count()).toBe(25);
  });

  test('statewide reference data: in use, a refused check, a load, history, roll back', async () => {
    await page.getByLabel('Statewide reference data (the state’s whole-state files)').check();
    // The demo loads North Carolina's 2019 files (data/demo/nc-state) as its reference data.
    const inUse = page.locator('.statewide-loaded li');
    await poll(() => inUse.first().textContent()).toMatch(
      /^2019: 2,703 state schools, loaded .* from ec_pupils\.csv\.gz, rcd_acc_eds\.csv\.gz/,
    );
    await expect(page.getByText('Choose the state’s files').count()).resolves.toBe(1);
    await expect(page.getByLabel('File to import').count()).resolves.toBe(0);
    await expectAccessible();

    // A state file for 2020 (the demo has none) with a bad share: the check refuses it.
    const files = page.getByLabel('State files (choose several at once)');
    await files.setInputFiles({
      name: 'rcd_acc_eds.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(STATE_FILE.replace('61.5', 'abc')),
    });
    const uploaded = page.getByRole('list', { name: 'Uploaded state files' }).locator('li');
    await poll(() => uploaded.count()).toBe(1);
    await page.getByRole('button', { name: 'Check the files' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await poll(() => refused.count()).toBe(1);
    await expect(refused.textContent()).resolves.toContain(
      'rcd_acc_eds.csv, row 2, pct_eds: “abc”',
    );
    await expectAccessible();

    // The fixed file replaces it; checked, then loaded.
    await files.setInputFiles({
      name: 'rcd_acc_eds.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(STATE_FILE),
    });
    await poll(() => uploaded.count()).toBe(1);
    await page.getByRole('button', { name: 'Check the files' }).click();
    const result = page.locator('.imports-result');
    await poll(() => result.textContent()).toMatch(
      /^Checked: nothing was written\. Loading these files would give NC 2020: 3 state schools to load\./,
    );
    await page.getByRole('button', { name: 'Load as statewide reference data' }).click();
    await poll(() => result.textContent()).toMatch(
      /^Loaded as statewide reference data: NC 2020: 3 state schools loaded; 3 rows\./,
    );
    await expect(result.textContent()).resolves.toContain(
      'rcd_acc_eds.csv: 3 rows read, 3 used for 2020, 0 skipped (not schools)',
    );
    await expect(
      page.locator('#imports-statewide-progress-bar').getAttribute('value'),
    ).resolves.toBe(String(STATE_FILE.length));
    await poll(() => inUse.first().textContent()).toMatch(/^2020: 3 state schools, loaded/);
    await poll(() => uploaded.count()).toBe(0);
    await expectAccessible();

    const history = page.locator('table.imports-history-table tbody tr', {
      has: page.locator('td', { hasText: /^NC statewide reference 2020: rcd_acc_eds\.csv/ }),
    });
    await poll(() => history.count()).toBe(1);
    await expect(history.textContent()).resolves.toContain('Ida Importer');
    await history.getByRole('button', { name: /Roll back/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Roll back NC statewide reference 2020/ });
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await poll(() => history.textContent()).toContain('Rolled back');
  });

  test('a workbook of several sheets: the worksheet chosen is previewed and imported', async () => {
    await page.goto(`${baseUrl}/imports`);
    await page.getByLabel('The district’s files (one at a time)').check();
    // As a district's export often is: notes first, the data on a later sheet.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Exported from the SIS on 1 July 2020']);
    const data = workbook.addWorksheet('Data');
    data.addRow(['year', 'agency_code', 'pct_eds', 'pct_eds_masking']);
    data.addRow([2020, '920302', 61.5, null]);
    data.addRow([2020, '920303', 40.2, null]);
    await page.getByLabel('File to import').setInputFiles({
      name: 'sis-export.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    const sheet = page.getByLabel('Worksheet');
    await poll(() => sheet.inputValue()).toBe('Notes');
    await expect(sheet.locator('option').allTextContents()).resolves.toEqual(['Notes', 'Data']);
    // The notes fit no built-in mapping: the page offers to build one.
    await poll(() =>
      page.getByRole('status').filter({ hasText: 'No built-in or saved mapping fits' }).count(),
    ).toBe(1);

    await sheet.selectOption('Data');
    await poll(() => page.locator('table.imports-source caption').textContent()).toBe(
      'The first 2 rows of the sheet “Data”, as read',
    );
    // Built-in mappings are picked by file name too: this file's is not NC's, so the page names
    // the one its columns fit, to use with a click; the preview that follows reads the same sheet.
    const use = page.getByRole('button', {
      name: 'Use NC DPI economically disadvantaged share (rcd_acc_eds, 2018–)',
    });
    await poll(() => use.count()).toBe(1);
    // Nothing has been checked without a mapping, so nothing is said to be fine.
    await expect(page.locator('.imports-ok').count()).resolves.toBe(0);
    await expectAccessible();
    await screenshot(page, 'imports-fits');
    await use.click();
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'nc-dpi-rcd-acc-eds',
    );
    const landing = page.locator('table.imports-landing tbody tr');
    await poll(() => landing.count()).toBe(2);
    await expect(page.locator('.imports-counts').textContent()).resolves.toMatch(
      /2 rows read; 2 values and schools would be added or changed, 0 rows skipped by the mapping, 0 rows with problems\./,
    );
    await expectAccessible();
    await screenshot(page, 'imports-workbook');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await poll(() => page.locator('.imports-result').textContent()).toMatch(
      /^Imported sis-export\.xlsx \(sheet "Data"\): 2 rows read, 2 values and schools added or changed/,
    );
    const history = page.locator('table.imports-history-table tbody tr', {
      has: page.locator('td', { hasText: /^sis-export\.xlsx \(sheet "Data"\)/ }),
    });
    await poll(() => history.count()).toBe(1);
    await history.getByRole('button', { name: /Roll back/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Roll back sis-export\.xlsx/ });
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await poll(() => history.textContent()).toContain('Rolled back');
  });

  test('a mapping built for a file is saved, picked for the next file like it, changed, deleted', async () => {
    await page.goto(`${baseUrl}/imports`);
    await page.getByLabel('The district’s files (one at a time)').check();
    // A monthly SIS export no built-in mapping knows: attendance as fractions.
    const sis = (month: string) => ({
      name: `attendance_${month}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from('Bldg,Term,ADA,Enrolled\n920302,2020,0.951,512\n920303,2020,0.93,8\n'),
    });
    await page.getByLabel('File to import').setInputFiles(sis('march'));
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__custom__');
    await page.getByLabel('Use of column Bldg').selectOption('school');
    await page.getByLabel('Use of column Term').selectOption('year');
    await page.getByLabel('Use of column ADA').selectOption('measure');
    await page.getByLabel('Measure in column ADA').selectOption('attendance_rate');
    await page.getByLabel('Column ADA holds fractions').check();
    await page
      .getByLabel('Students counted in column ADA, from the column')
      .selectOption('Enrolled');
    const landing = page.locator('table.imports-landing tbody tr');
    await poll(() => landing.count()).toBe(2);
    await poll(() => landing.first().textContent()).toContain('95.1');
    // Each value with the students it counts (its n), from the column chosen.
    await poll(() => landing.nth(1).locator('td').nth(6).textContent()).toBe('8');
    // A rate about 8 students is stored, and the page says it will be shown as suppressed.
    await expect(landing.nth(1).locator('td').nth(7).textContent()).resolves.toBe(
      'Reported — stored, but shown as suppressed: n\u00a0<\u00a010',
    );

    const title = page.getByLabel('Title');
    await expect(title.inputValue()).resolves.toBe('attendance march');
    await title.fill('SIS attendance (monthly)');
    // The mapping as a file, for `tandem import --mapping file.json`: a valid mapping document.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a file (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('sis-attendance-monthly.json');
    const written = parseMapping(JSON.parse(fs.readFileSync(await download.path(), 'utf8')));
    expect(written).toMatchObject({
      name: 'sis-attendance-monthly',
      title: 'SIS attendance (monthly)',
      school: { column: 'Bldg' },
      year: { column: 'Term' },
      measures: [
        { measure: 'attendance_rate', column: 'ADA', scale: 100, n: { column: 'Enrolled' } },
      ],
    });
    await expectAccessible();
    await screenshot(page, 'imports-build-mapping');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'sis-attendance-monthly',
    );
    await poll(() =>
      page.getByRole('status').filter({ hasText: 'Saved as “SIS attendance (monthly)”' }).count(),
    ).toBe(1);
    // The keyboard focus goes to the list, where the saved mapping now is.
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe(
      'imports-mapping-select',
    );
    await expect(
      page.locator('optgroup[label="Saved by the district"] option').allTextContents(),
    ).resolves.toEqual(['SIS attendance (monthly)']);
    await expect(page.locator('.imports-saved-details').textContent()).resolves.toMatch(
      /^Saved for the district by Ida Importer on /,
    );
    // The preview is made again with the saved mapping, by its name.
    await poll(() => page.locator('.imports-counts').textContent()).toMatch(
      /^Read with SIS attendance \(monthly\): 2 rows read/,
    );
    await expectAccessible();
    await screenshot(page, 'imports-saved-mapping');

    // Next month's file is read with it, with no building.
    await page.getByLabel('File to import').setInputFiles(sis('april'));
    await poll(() => page.locator('.imports-uploaded').textContent()).toContain('attendance_april');
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'sis-attendance-monthly',
    );
    await poll(() => page.locator('.imports-counts').textContent()).toMatch(
      /^Read with SIS attendance \(monthly\): 2 rows read; 2 values and schools would be added or changed/,
    );

    // The SIS stopped sending the enrolment: change the saved mapping, saved in its place.
    await page.getByRole('button', { name: 'Change this mapping' }).click();
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__custom__');
    const nOfAda = page.getByLabel('Students counted in column ADA, from the column');
    await expect(nOfAda.inputValue()).resolves.toBe('Enrolled');
    await expect(page.getByLabel('Column ADA holds fractions').isChecked()).resolves.toBe(true);
    await nOfAda.selectOption('');
    await expectAccessible();
    await screenshot(page, 'imports-change-mapping');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('SIS attendance (monthly)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: 'Saved the changes as “SIS attendance (monthly)”' })
        .count(),
    ).toBe(1);
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'sis-attendance-monthly',
    );
    await expect(
      page.locator('optgroup[label="Saved by the district"] option').allTextContents(),
    ).resolves.toEqual(['SIS attendance (monthly)']);
    await poll(() => landing.nth(1).locator('td').nth(6).textContent()).toBe('—');
    await expectAccessible();

    await page.getByRole('button', { name: 'Delete this saved mapping' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Delete the mapping “SIS attendance (monthly)”?',
    });
    await poll(() => dialog.isVisible()).toBe(true);
    await expectAccessible();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await poll(() =>
      page.getByRole('status').filter({ hasText: 'Deleted the saved mapping' }).count(),
    ).toBe(1);
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__custom__');
    await expect(page.locator('optgroup[label="Saved by the district"]').count()).resolves.toBe(0);
  });

  test('a mapping file from the guide is opened, previewed, saved, changed by hand in its place; the guide reads well', async () => {
    // The guide's own wide example (docs/mappings.md): its file and its mapping, as a user would
    // copy them out of it.
    const guide = fs.readFileSync('docs/mappings.md', 'utf8');
    const block = (tag: string) =>
      new RegExp(`^\`\`\`\\w+ ${tag}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(guide)?.[1] ?? '';
    const csv = block('file=proficiency-wide.csv');
    const mapping = block('mapping=proficiency-wide.csv');
    expect(csv).toMatch(/^school_code,/);

    await page.goto(`${baseUrl}/imports`);
    await page.getByLabel('The district’s files (one at a time)').check();
    await page.getByLabel('File to import').setInputFiles({
      name: 'proficiency-wide.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__custom__');
    const open = page.getByLabel('Or open a mapping file (.json)');
    const json = (name: string, text: string) => ({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });

    // Not JSON: said at once, naming the file.
    await open.setInputFiles(json('draft.json', '{ "kind": "measures",'));
    await poll(() =>
      page.getByRole('alert').filter({ hasText: 'draft.json' }).textContent(),
    ).toMatch(/^draft\.json is not a JSON mapping file: /);
    // JSON, but a mapping with two mistakes: the server refuses it (400), naming both fields.
    watch.expect(/status of 400/);
    const wrong = JSON.parse(mapping) as { school: object; measures: Array<{ measure: string }> };
    const broken = {
      ...wrong,
      school: { column: 'school_code', pattern: '^(?=9)[0-9]{6}$' },
      measures: [{ ...wrong.measures[0], measure: 'ELA' }],
    };
    await open.setInputFiles(json('broken.json', JSON.stringify(broken)));
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__file__');
    const problems = page.getByRole('list', { name: 'Every problem with the mapping' });
    await poll(() => problems.locator('li').allTextContents()).toEqual([
      expect.stringMatching(
        /^school\.pattern is not a pattern Tandem can run \(invalid or unsupported Perl syntax: `\(\?=`\)/,
      ),
      'measures.0.measure must be a snake_case measure key',
    ]);
    await expectAccessible();

    // The guide's mapping as written: previewed as the guide says it stores.
    await open.setInputFiles(json('benchmark-ela.json', mapping));
    await poll(() => page.locator('.imports-counts').textContent()).toMatch(
      /^Read with Benchmark ELA proficiency, by group: 2 rows read/,
    );
    await expect(page.getByLabel('Mapping', { exact: true }).inputValue()).resolves.toBe(
      '__file__',
    );
    await expect(
      page.locator('#imports-mapping-select option[value="__file__"]').textContent(),
    ).resolves.toBe('From the file benchmark-ela.json');
    const landing = page.locator('table.imports-landing tbody tr');
    await poll(() => landing.count()).toBeGreaterThan(0);
    await expect(landing.first().textContent()).resolves.toContain('61.2');
    await expectAccessible();
    await screenshot(page, 'imports-mapping-file');

    // Saved for the district under the file's title, then read by name.
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(
      'Benchmark ELA proficiency, by group',
    );
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe(
      'benchmark-ela-proficiency-by-group',
    );
    // More than the form can show (a school-id pattern): changed by downloading it, changing
    // the file, and opening it again, which saves it in its place.
    await poll(() => page.locator('.imports-saved-details').textContent()).toContain(
      'It does more than the page’s form can show.',
    );
    await expect(page.getByRole('button', { name: 'Change this mapping' }).count()).resolves.toBe(
      0,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.imports-saved-details')
        .getByRole('button', { name: 'Download as a file (JSON)' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('benchmark-ela-proficiency-by-group.json');
    const downloaded = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as {
      measures: Array<{ studentGroup?: string }>;
    };
    const changed = {
      ...downloaded,
      measures: downloaded.measures.filter((m) => m.studentGroup !== 'hispanic'),
    };
    await open.setInputFiles(
      json('benchmark-ela-proficiency-by-group.json', JSON.stringify(changed)),
    );
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__file__');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(
      'Benchmark ELA proficiency, by group',
    );
    await poll(() => landing.count()).toBe(6);
    await expectAccessible();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: 'Saved the changes as “Benchmark ELA proficiency, by group”' })
        .count(),
    ).toBe(1);
    await expect(
      page.locator('optgroup[label="Saved by the district"] option').allTextContents(),
    ).resolves.toEqual(['Benchmark ELA proficiency, by group']);
    await page.getByRole('button', { name: 'Delete this saved mapping' }).click();
    const dialog = page.getByRole('dialog', { name: /^Delete the mapping/ });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('__custom__');

    // The guide, from the link beside the mapping file.
    await page.getByRole('link', { name: 'How to write a mapping' }).click();
    await page.waitForURL(`${baseUrl}/imports/mapping-guide`);
    await poll(() => page.locator('h1').textContent()).toBe('Writing a mapping');
    await poll(() => page.title()).toBe('Writing a mapping · Tandem');
    await expect(page.locator('.prose table').count()).resolves.toBeGreaterThan(5);
    await expect(page.locator('.prose pre').count()).resolves.toBeGreaterThan(5);
    await expectAccessible();
    await screenshot(page, 'mapping-guide');
  });
});
