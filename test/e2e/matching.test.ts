// Partner matching and principal placement (issue #6), end to end on the real server and the demo
// district (Wake County, NC DPI files, synthetic staff): the proposed pairs with their reasons,
// forbidding a pair and solving again, recording the match; opening a post, recording a
// residency and seeing the recommendations with their explanations. Both pages pass axe-core
// (WCAG 2.1 A and AA) and log no console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, runAxe } from './support/axe.ts';
import { launchBrowser, newContext, PageWatch } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const leader = inject('leader');
// test/e2e/diagnostics.test.ts signs the same district leader in first and sets this password;
// when this file runs alone, it sets it itself.
const newPassword = 'amber lantern orchard 77';
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000 });

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
  await page.getByLabel('Username').fill(leader.username);
  await page.getByLabel('Password').fill(leader.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(password)?$/).catch(() => undefined);
  if (page.url().endsWith('/password')) {
    await page.getByLabel('One-time password').fill(leader.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Save password and continue' }).click();
  } else if (page.url().endsWith('/signin')) {
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
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
