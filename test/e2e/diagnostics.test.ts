// "Needs & results" and the school page's identification section, end to end on the real server
// and the demo district (Wake County, NC DPI files): the chart with its band and table, the
// NC low-performing schools with their reasons, the schools table, recording a run, and a
// school's identification history and peers. Every page passes axe-core (WCAG 2.1 A and AA)
// and logs no console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type PageWatch, screenshot } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const leader = inject('leader');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

let browser: Browser;
let page: Page;
let watch: PageWatch;

const expectAccessible = () => expectPageAccessible(page);

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, leader));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(() => expectNoProblems(watch));

describe('Needs & results', () => {
  test('the nav leads to the page, with the chart, its band and its text alternative', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Needs & results' })
      .click();
    await page.waitForURL(`${baseUrl}/diagnostics`);
    await poll(() => page.locator('h1').textContent()).toBe('Needs & results');
    await poll(() => page.title()).toBe('Needs & results · Tandem');
    const chart = page.locator('.expectation-chart svg[role="img"]');
    await poll(() => chart.count()).toBe(1);
    // The band (an area), the expected line and one mark per school.
    await poll(() => chart.locator('path').count()).toBeGreaterThan(150);
    const caption = (await page.locator('.expectation-chart figcaption').textContent()) ?? '';
    expect(caption).toMatch(
      /Expected performance score = [\d.]+ − [\d.]+ × % economically disadvantaged/,
    );
    expect(caption).toMatch(/n = \d{3}/);
    await expect(page.locator('.method').first().textContent()).resolves.toContain('CRPE');

    await page.getByRole('button', { name: 'Show as table' }).click();
    const rows = page.locator('.expectation-chart table tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(150);
    await expectAccessible();
    await page.getByRole('button', { name: 'Hide the chart’s data' }).click();
  });

  test('lists the NC low-performing schools with their reasons', async () => {
    const items = page.locator('.identified-item');
    await poll(() => items.count()).toBe(30);
    const first = (await items.first().textContent()) ?? '';
    expect(first).toContain('Low-performing');
    expect(first).toMatch(
      /Grade [DF] and growth (Met|NotMet) → low-performing \(G\.S\. 115C-105\.37\)/,
    );
    await expect(
      page.locator('#identified-heading + .section-note').textContent(),
    ).resolves.toContain('North Carolina low-performing schools');
  });

  test('the table sorts and filters, and the level filter narrows the chart', async () => {
    const count = () => page.locator('.diagnostics-table tbody tr').count();
    const total = await count();
    expect(total).toBeGreaterThan(150);
    const header = page.locator('.diagnostics-table thead th', { hasText: 'Residual' });
    await header.getByRole('button').click();
    await poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await page.getByLabel('Identified only').check();
    await poll(count).toBe(30);
    await page.getByLabel('Identified only').uncheck();
    await page.getByLabel('Level').selectOption('high');
    await poll(count).toBeLessThan(total);
    await expect(page.locator('#chart-heading').textContent()).resolves.toContain('High schools');
    await page.getByLabel('Level').selectOption('all');
    await poll(count).toBe(total);
    await expectAccessible();
  });

  test('a district leader records the identification and sees it among past runs', async () => {
    const runs = page.locator('table', {
      has: page.locator('caption', { hasText: 'Recorded identifications' }),
    });
    // The rule-set tests record runs on the same server too, before or after this file: count
    // what is there once the list has loaded (its table, or its empty state).
    const empty = page.getByText('No identification has been recorded yet.');
    await poll(async () => (await runs.count()) + (await empty.count())).toBe(1);
    const before = await runs.locator('tbody tr').count();
    await page.getByRole('button', { name: 'Record this identification' }).click();
    await poll(() => page.locator('.record-box [role="status"]').textContent()).toContain(
      'Recorded: 30 of',
    );
    await poll(() => runs.locator('tbody tr').count()).toBe(before + 1);
    await expect(runs.locator('tbody tr').first().textContent()).resolves.toContain('Dana Leader');
    await expectAccessible();
    await screenshot(page, 'diagnostics');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/diagnostics-top.png' });
  });

  test('switching to the federal frame shows tiers', async () => {
    await page.getByLabel('Rule set', { exact: true }).selectOption('federal-essa');
    await poll(() => page.url()).toContain('ruleSet=federal-essa');
    await poll(() => page.locator('.diagnostics-table thead th', { hasText: 'Tier' }).count()).toBe(
      1,
    );
    await expectAccessible();
  });
});

describe('the school page', () => {
  test('says why a school is identified, its expectation and its peers', async () => {
    await page.getByLabel('Rule set', { exact: true }).selectOption('north-carolina');
    await poll(() => page.url()).toContain('ruleSet=north-carolina');
    await poll(() => page.locator('.identified-item .designation').first().textContent()).toBe(
      'Low-performing',
    );
    const link = page.locator('.identified-item a').first();
    const name = (await link.textContent()) ?? '';
    await link.click();
    await page.waitForURL(/\/schools\//);
    await poll(() => page.locator('h1').textContent()).toBe(name);
    const section = page.locator('#identification');
    await poll(() => section.locator('.identification-history > li').count()).toBeGreaterThan(1);
    await expect(
      section.locator('.identification-history > li').first().textContent(),
    ).resolves.toMatch(/2018–19: identified — Low-performing/);
    await expect(section.textContent()).resolves.toContain('Expected for its poverty');
    await poll(() => section.locator('.data-table tbody tr').count()).toBe(11);
    await expect(section.locator('.standing').textContent()).resolves.toMatch(
      /of \d+ among schools like it/,
    );
    await expectAccessible();
    await screenshot(page, 'school-identification');
    await section.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('identification')?.scrollIntoView());
    await page.screenshot({ path: 'test-results/school-identification-top.png' });
  });

  test('shows access to advanced courses by group, small groups suppressed', async () => {
    await page.goto(`${baseUrl}/schools/920348`);
    const section = page.locator('#advanced-courses');
    await poll(() => section.locator('caption').textContent()).toBe(
      'Students in advanced courses by student group, 2018–19',
    );
    // Needham Broughton High, 2019: Black students 509 of 2,040; 43 in AP (6.86% of 627) = 8.4%.
    const black = section.locator('tbody tr', { has: page.locator('th', { hasText: /^Black$/ }) });
    await expect(black.locator('td').first().textContent()).resolves.toBe('509');
    await expect(black.locator('td').nth(2).textContent()).resolves.toMatch(/^8\.4%n = 509$/);
    const islander = section.locator('tbody tr', {
      has: page.locator('th', { hasText: 'Pacific Islander' }),
    });
    await expect(islander.locator('td').nth(2).textContent()).resolves.toContain('Suppressed');
    await expect(section.textContent()).resolves.toContain('Office for Civil Rights');
    await expectAccessible();
  });
});
