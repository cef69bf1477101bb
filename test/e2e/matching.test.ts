// Partner matching and principal placement (issue #6), end to end on the real server and the demo
// district (Wake County, NC DPI files, synthetic staff): the proposed pairs with their reasons,
// forbidding a pair and solving again, recording the match; opening a post, recording a
// residency and seeing the recommendations with their explanations. Both pages pass axe-core
// (WCAG 2.1 A and AA) and log no console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type PageWatch } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const leader = inject('leader');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000 });

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

describe('Partner matching', () => {
  test('proposes pairs with reasons; forbidding one and solving again removes it; recording lists it', async () => {
    await page.goto(`${baseUrl}/support/partners`);
    await poll(() => page.locator('h1').textContent()).toBe('Partner matching');
    const rows = page.locator('table.data-table tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(3);
    const first = rows.first();
    await expect(first.locator('.matching-reasons').textContent()).resolves.toMatch(/Strong where/);
    const school = (await first.locator('td').first().textContent()) ?? '';
    const partner = (await first.locator('td').nth(1).textContent()) ?? '';
    await expectAccessible();

    await first.getByRole('button', { name: /^Forbid/ }).click();
    await page.getByRole('button', { name: 'Solve again' }).click();
    await poll(async () => {
      const cells = await page
        .locator('table.data-table tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.children[0]?.textContent, tr.children[1]?.textContent].join('|')),
        );
      return cells.length > 0 && !cells.includes(`${school}|${partner}`);
    }).toBe(true);

    await page.getByRole('button', { name: 'Record this match' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Recorded.' }).count()).toBe(1);
    await poll(() => page.locator('.matching-runs li').count()).toBeGreaterThan(0);
    await expectAccessible();
  });
});

describe('Principal placement', () => {
  test('a post opened for next year gets a recommendation with its explanation', async () => {
    await page.goto(`${baseUrl}/support/principals`);
    await poll(() => page.locator('h1').textContent()).toBe('Principal placement');
    await poll(() => page.locator('.matching-summary').count()).toBe(1);
    await expectAccessible();
    const postForm = page.getByRole('form', { name: 'Open a post' });
    await postForm.locator('select[name="schoolId"]').selectOption({ index: 3 });
    await postForm.getByRole('button', { name: 'Open post' }).click();
    await poll(() => page.getByText('Post opened.').count()).toBe(1);
    const recs = page.locator('table.data-table').first().locator('tbody tr');
    await poll(() => recs.count()).toBeGreaterThan(0);
    await expect(recs.first().locator('.matching-reasons').textContent()).resolves.toMatch(
      /need index/,
    );
    await expectAccessible();
  });
});
