// "Data imports" end to end on the real server and the demo district: an analyst uploads a
// small file in the demo's NC DPI format, sees the built-in mapping picked from its header, the
// rows as they will land and a problem, imports the valid rows with progress, finds the batch in
// the history with its rejected rows, and rolls it back. The page passes axe-core (WCAG 2.1 A
// and AA) with the preview, the problems and the confirm dialog showing.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, runAxe } from './support/axe.ts';
import { launchBrowser, newContext, PageWatch } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const importer = inject('importer');
const newPassword = 'copper kettle meadow 52';
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

// The demo's rcd_acc_eds layout, for a year the demo does not have (2020); row 3 is wrong.
const FILE = 'year,agency_code,pct_eds,pct_eds_masking\n2020,920302,61.5,\n2020,920303,abc,\n';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

async function expectAccessible() {
  const violations = await runAxe(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, 1280);
  page = await context.newPage();
  watch = new PageWatch(page);
  watch.expect(/status of 401/);
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Username').fill(importer.username);
  await page.getByLabel('Password').fill(importer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/password$/);
  await page.getByLabel('One-time password').fill(importer.password);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('New password again').fill(newPassword);
  await page.getByRole('button', { name: 'Save password and continue' }).click();
  await page.waitForURL(`${baseUrl}/`);
  watch.take();
  watch.clearExpected();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  const problems = watch.take();
  watch.clearExpected();
  expect(problems, problems.map((p) => `${p.kind}: ${p.text}`).join('\n')).toEqual([]);
});

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
    await poll(() => page.getByLabel('Mapping').inputValue()).toBe('nc-dpi-rcd-acc-eds');
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
      /2 rows read; 1 values and schools would be added or changed.*1 rows with problems/,
    );
    await expectAccessible();

    await page.getByRole('button', { name: 'Import valid rows only' }).click();
    await poll(() => page.locator('.imports-result').textContent()).toMatch(
      /Imported rcd_acc_eds\.csv: 2 rows read, 1 values and schools added or changed, 0 skipped, 1 rejected/,
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

    // Sorting the history by file name marks the column.
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await expect(
      page.locator('th[aria-sort]', { hasText: 'File' }).getAttribute('aria-sort'),
    ).resolves.toBe('ascending');

    await history.getByRole('button', { name: /Roll back/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back rcd_acc_eds.csv?' });
    await poll(() => dialog.isVisible()).toBe(true);
    await expectAccessible();
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: /^Rolled back rcd_acc_eds\.csv:/ });
    await poll(() => done.count()).toBe(1);
    await expect(done.textContent()).resolves.toContain('0 rows put back as they were, 1 removed');
    await poll(() => history.textContent()).toContain('Rolled back');
    await expectAccessible();
  });
});
