// "Staffing equity" end to end on the real server and the demo district (Wake County, NC DPI
// files, with the synthetic staff seeded on first start): the nav and sub-navigation, the gap
// cards, a bar chart per measure with its text alternative, the trend, the schools driving the
// gaps (sortable, linking to school pages), the statewide comparison (the demo loads the state's
// 2019 files), retention by effectiveness, the definitions picker,
// the minority view and the downloads. Every state passes axe-core (WCAG 2.1 A and AA) and logs
// no console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type PageWatch } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const analyst = inject('equityAnalyst');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000 });

let browser: Browser;
let page: Page;
let watch: PageWatch;

const expectAccessible = () => expectPageAccessible(page);

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, analyst));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

// The demo's retention request answers 404 by design (ratings exist for 2019 only, so there is
// no year to follow them into); the page shows that reason, tested below.
afterEach(() => expectNoProblems(watch, [/status of 404/]));

describe('Staffing equity', () => {
  test('the nav leads to the report: cards, a chart per measure, the trend', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Staffing equity' })
      .click();
    await page.waitForURL(`${baseUrl}/equity`, { timeout: 60_000 });
    await poll(() => page.locator('h1').textContent()).toBe('Staffing equity');
    await poll(() => page.title()).toBe('Staffing equity · Tandem');
    const tabs = page.getByRole('navigation', { name: 'Staffing equity' });
    await expect(
      tabs.getByRole('link', { name: 'Equity report' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    // A card per measure, naming both quartiles with their n.
    const cards = page.locator('.equity-cards .stat-card');
    await poll(() => cards.count()).toBeGreaterThanOrEqual(5);
    await expect(cards.first().textContent()).resolves.toMatch(
      /Inexperienced teachers.*Highest poverty: [\d.]+% \([\d,]+ of [\d,]+\)/,
    );
    // Bar charts by quartile, each an image with its rates in words.
    const charts = page.locator('.equity-quartile-chart svg[role="img"]');
    await poll(() => charts.count()).toBeGreaterThanOrEqual(5);
    await expect(
      page.locator('.equity-quartile-chart figcaption').first().textContent(),
    ).resolves.toMatch(
      /Q1 lowest poverty: [\d.]+% of [\d,]+.*Q4 highest poverty: [\d.]+% of [\d,]+/,
    );
    // The gap over the loaded years.
    const trend = page.getByRole('img', {
      name: /the gap between the highest and lowest quartile/,
    });
    await poll(() => trend.count()).toBe(1);
    await expectAccessible();
  });

  test('the statewide comparison: NC’s cut points, the rates with their n, the sources', async () => {
    // The demo loads North Carolina's whole 2019 files (data/demo/nc-state) as its statewide
    // reference data, so the report opens with the statewide comparison.
    const section = page.locator('section', { has: page.locator('#statewide-heading') });
    await poll(() => section.locator('#statewide-heading').textContent()).toBe(
      'Against statewide poverty quartiles',
    );
    await expect(section.locator('.section-note').first().textContent()).resolves.toMatch(
      /NC's cut points from its 2,703 schools in 2019 \(ec_pupils\.csv\.gz, rcd_acc_eds\.csv\.gz, rcd_adm\.csv\.gz, rcd_effectiveness3\.csv\.gz, rcd_eq\.csv\.gz, rcd_location\.csv\.gz\)/,
    );
    await expect(section.locator('.hint-list').first().textContent()).resolves.toMatch(
      /Statewide cut points from 2,645 ranked schools: highest quartile 65\.3% or more, lowest 37\.6% or less\..*The district’s schools under them: \d+ in the highest quartile, \d+ in the middle, \d+ in the lowest/,
    );
    const table = section.getByRole('region', {
      name: 'Within-district and statewide quartile rates',
    });
    const row = table.locator('tbody tr', {
      has: page.getByRole('rowheader', { name: 'Inexperienced teachers' }),
    });
    await poll(() => row.count()).toBe(1);
    const cells = row.locator('td');
    // Within the district, the district's schools under the state's cuts, every NC school: each
    // a rate with its count and n.
    for (let i = 0; i < 3; i++) {
      await expect(cells.nth(i).textContent()).resolves.toMatch(
        /^Highest: [\d.]+% \([\d,]+ of [\d,]+\)Lowest: [\d.]+% \([\d,]+ of [\d,]+\)/,
      );
    }
    await expect(cells.nth(2).textContent()).resolves.toMatch(
      /^Highest: 18\.7% \([\d,]+ of 23,944\)Lowest: 11\.9% \([\d,]+ of 32,703\)[\d.]+ points higher/,
    );
    // The district's rates by statewide quartile as charts, each with its rates in words.
    const charts = section.locator('.equity-quartile-chart');
    await poll(() => charts.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(1);
    await expect(charts.first().locator('figcaption').textContent()).resolves.toMatch(
      /Q1 lowest poverty: [\d.]+% of [\d,]+.*Q4 highest poverty: [\d.]+% of [\d,]+/,
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: 'test-results/equity-statewide.png' });
    await expectAccessible();
  });

  test('the schools driving the gaps sort and link to school pages', async () => {
    const table = page.getByRole('region', { name: 'Schools driving each poverty gap' });
    const rows = table.locator('tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(3);
    await table.getByRole('button', { name: /School/ }).click();
    await poll(() => table.locator('th[aria-sort="ascending"]').count()).toBe(1);
    const names = await table.locator('tbody th a').allTextContents();
    expect(names).toEqual(
      [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })),
    );
    await expect(table.locator('tbody th a').first().getAttribute('href')).resolves.toMatch(
      /^\/schools\/920\d+$/,
    );
  });

  test('retention by effectiveness: the demo cannot be followed, and the page says why', async () => {
    const section = page.locator('section', { has: page.locator('#retention-heading') });
    await poll(() => section.locator('.empty').first().textContent()).toMatch(
      /ratings are loaded for 2019 only/,
    );
    await expectAccessible();
  });

  test('the definitions picker and overrides change the report; the minority view', async () => {
    await page.getByLabel('Definitions', { exact: true }).selectOption('ma');
    await page.waitForURL(/preset=ma/);
    await poll(() => page.locator('.equity-definitions .hint').textContent()).toMatch(
      /^Massachusetts\. Inexperienced: teachers with fewer than 1 year of experience/,
    );
    await page.getByLabel('Inexperienced: years').fill('4');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/inexperiencedYears=4/);
    await poll(() => page.locator('.equity-definitions .hint').textContent()).toMatch(
      /Massachusetts \(customised\) — changed: inexperienced/,
    );
    await page.getByRole('button', { name: 'Back to the preset' }).click();
    await poll(() => page.url()).not.toMatch(/inexperiencedYears/);

    await page.getByLabel('% students of colour').check();
    await poll(() => page.locator('#gaps-heading').textContent()).toBe(
      'Highest- against lowest-minority quartile, teacher-weighted',
    );
    await expectAccessible();
  });

  test('the downloads are the report as CSV and XLSX', async () => {
    const csv = page.getByRole('link', { name: 'Download CSV' });
    const href = (await csv.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/equity\.csv\?preset=ma$/);
    const res = await page.request.get(`${baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect((await res.text()).split('\n')[0]).toMatch(/^comparison,measure,high_rate,high_n/);
    const xlsx = await page.request.get(
      `${baseUrl}${(await page.getByRole('link', { name: 'Download XLSX' }).getAttribute('href')) ?? ''}`,
    );
    expect(xlsx.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });
});
