// The incentive designer and the allocation planner end to end on the real server and the demo
// district (Wake County, NC DPI files, synthetic staff), signed in as HR: create a program from a
// preset and see the live count and cost change as the design changes, the names list, the gap
// projection with its chart; then share a pool, save and compare scenarios with a chart, and the
// funding and comparability sections. Every page passes axe-core (WCAG 2.1 A and AA) and logs no
// console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type PageWatch, screenshot } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const hr = inject('hrUser');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

let browser: Browser;
let page: Page;
let watch: PageWatch;

const expectAccessible = () => expectPageAccessible(page);

const statValue = (label: string) =>
  page
    .locator('.stat-card', { has: page.locator('.stat-label', { hasText: label }) })
    .locator('.stat-value');

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, hr));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(() => expectNoProblems(watch));

describe('the incentive designer', () => {
  test('creates a program from a preset and shows who is eligible and the cost', async () => {
    await page.goto(`${baseUrl}/equity/incentives`);
    await poll(() => page.locator('h1').textContent()).toBe('Incentive designer');
    await poll(() => page.title()).toBe('Incentive designer · Tandem');
    // The loading state has the same (hidden) heading: wait for the loaded page's tabs.
    await poll(() =>
      page
        .getByRole('navigation', { name: 'Staffing equity' })
        .getByRole('link', { name: 'Incentive designer' })
        .count(),
    ).toBe(1);
    await page.getByLabel('Start a new program from').selectOption('hard_to_staff');
    await page.getByRole('button', { name: 'Create program' }).click();
    await poll(() => page.locator('#design-heading').textContent()).toContain(
      'Hard-to-staff allowance',
    );
    const eligible = statValue('Eligible people');
    await poll(async () =>
      Number(((await eligible.textContent()) ?? '0').replace(/,/g, '')),
    ).toBeGreaterThan(100);
    const before = Number(((await eligible.textContent()) ?? '0').replace(/,/g, ''));
    const rows = page.locator('.incentive-schools tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(150);
    await expectAccessible();

    // Widen the category to quartiles 3 and 4: the live count rises without saving.
    await page.getByLabel('Quartile 3').first().check();
    await poll(async () =>
      Number(((await eligible.textContent()) ?? '0').replace(/,/g, '')),
    ).toBeGreaterThan(before);
    await page.getByRole('button', { name: 'Save program' }).click();
    await poll(() =>
      page.locator('#design-heading ~ .filter-bar [role="status"]').textContent(),
    ).toBe('Saved.');
  });

  test('HR sees the names, and the gap projection draws its chart', async () => {
    await page.getByLabel('Eligible teachers who move in each year').fill('10');
    await page.getByRole('button', { name: 'Project' }).click();
    const chart = page.locator('.projection-chart svg[role="img"]');
    await poll(() => chart.count()).toBe(1);
    await expect(page.locator('.projection-chart figcaption').textContent()).resolves.toMatch(
      /Today [\d.]+% of teachers in the highest-poverty schools are ineffective/,
    );
    await expectAccessible();
    await screenshot(page, 'incentives');

    // Thousands of names, each an audit event: the slowest step, so last.
    await page.getByRole('button', { name: 'Show who is eligible' }).click();
    const names = page.locator('.eligible-names tbody tr');
    await poll(() => names.count()).toBeGreaterThan(100);
  }, 300_000);
});

describe('the allocation planner', () => {
  test('shares the pool with reasons, and compares saved scenarios on a chart', async () => {
    await page.goto(`${baseUrl}/equity/allocation`);
    await poll(() => page.locator('h1').textContent()).toBe('Allocation planner');
    const rows = page.locator('.allocation-shares tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(150);
    await poll(() => statValue('Allocated').textContent()).toBe('20 FTE');
    await rows.first().getByText('Explain').click();
    await expect(rows.first().locator('li').last().textContent()).resolves.toMatch(/^Receives /);
    const header = page.locator('.allocation-shares thead th', { hasText: 'Need index' });
    await header.getByRole('button').click();
    await poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expectAccessible();

    await page.getByRole('button', { name: 'Save as a scenario' }).click();
    await poll(() =>
      page.locator('#rules-heading ~ .filter-bar [role="status"]').textContent(),
    ).toContain('Saved');
    await page.getByLabel('Scenario name').fill('Tiers first');
    await page.getByLabel('Serve tiers in order (tier 1 first)').check();
    await page.getByRole('button', { name: 'Save as a scenario' }).click();
    await poll(() =>
      page.locator('.scenario-choices input[type="checkbox"]').count(),
    ).toBeGreaterThanOrEqual(2);
    const boxes = page.locator('.scenario-choices input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await poll(() => page.locator('.comparison-chart svg[role="img"]').count()).toBe(1);
    await poll(() => page.locator('.comparison-table tbody tr').count()).toBeGreaterThan(150);
    await expectAccessible();
  });

  test('the funding calculator and the comparability test', async () => {
    await poll(() => page.locator('.funding-table tbody tr').count()).toBeGreaterThan(150);
    await expect(page.locator('#funding-heading ~ .stat-line').textContent()).resolves.toMatch(
      /Total: \$[\d,]+ across \d+ schools/,
    );
    await poll(() => page.locator('.comparability-table tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible();
    await screenshot(page, 'allocation');
  });
});
