// The web app end to end, on the real server and the demo district: sign in, choose a password,
// the district page (sort, filter, chart, CSV), a school page, not-found pages and signing out.
// Every page is checked with axe-core (WCAG 2.1 A and AA) and must log no console errors.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, runAxe } from './support/axe.ts';
import { launchBrowser, newContext, PageWatch, screenshot } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const username = inject('username');
const oneTimePassword = inject('oneTimePassword');
const principal = inject('principal');
const newPassword = 'quiet maple ledger 42';

/** Waits for a value, long enough for a busy machine (sign-in hashes with scrypt). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

async function expectAccessible(target: Page = page) {
  const violations = await runAxe(target);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function schoolCount(): Promise<{ shown: number; total: number }> {
  const text = (await page.locator('.result-count strong').first().textContent()) ?? '';
  const match = /([\d,]+) of ([\d,]+) schools/.exec(text);
  if (!match) throw new Error(`No school count in "${text}"`);
  return { shown: Number(match[1]!.replace(/,/g, '')), total: Number(match[2]!.replace(/,/g, '')) };
}

const firstSchoolName = () =>
  page.locator('.schools-table tbody tr').first().locator('th a').textContent();

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, 1280);
  page = await context.newPage();
  watch = new PageWatch(page);
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  const problems = watch.take();
  watch.clearExpected();
  expect(problems, problems.map((p) => `${p.kind}: ${p.text}`).join('\n')).toEqual([]);
});

describe('signing in', () => {
  test('a visit while signed out goes to the sign-in page, which refuses a wrong password', async () => {
    // Checking the session and a wrong password are both answered 401, which Chromium logs.
    watch.expect(/status of 401/);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/signin$/);
    await poll(() => page.title()).toBe('Sign in · Tandem');
    await poll(() => page.locator('h1').textContent()).toBe('Sign in to Tandem');
    await expectAccessible();

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('.form-error[aria-live]');
    await poll(() => error.textContent()).toBe('The username or password is incorrect.');
    await expectAccessible();
  });

  test('the one-time password leads to choosing a password, then to the district page', async () => {
    await page.getByLabel('Password').fill(oneTimePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/password$/);
    await poll(() => page.locator('h1').textContent()).toBe('Choose your password');
    await expectAccessible();

    await page.getByLabel('One-time password').fill(oneTimePassword);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('New password again').fill('too short');
    watch.expect(/status of 400/);
    await page.getByRole('button', { name: 'Save password and continue' }).click();
    await poll(() => page.locator('#newPassword-error').textContent()).toBe(
      'Use at least 12 characters.',
    );
    await expectAccessible();

    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Save password and continue' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await poll(() => page.locator('h1').textContent()).toBe('Wake County Schools');
  });
});

describe('the district page', () => {
  test('shows the district, its schools and a summary', async () => {
    await poll(() => page.title()).toBe('Wake County Schools · Tandem');
    await expect(page.locator('header.site-header').textContent()).resolves.toContain(
      'District leader',
    );
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('Demo district');
    const { shown, total } = await schoolCount();
    expect(total).toBeGreaterThan(150);
    expect(total).toBeLessThan(250);
    expect(shown).toBe(total);
    await expect(page.locator('.schools-table tbody tr').count()).resolves.toBe(total);
    await expectAccessible();
    await screenshot(page, 'district');
  });

  test('sorts by a column', async () => {
    const before = await firstSchoolName();
    const header = page.locator('.schools-table thead th', { hasText: 'Students' });
    await header.getByRole('button').click();
    await poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const after = await firstSchoolName();
    expect(after).not.toBe(before);
    // Enter on the focused header reverses the order.
    await header.getByRole('button').press('Enter');
    await poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await poll(firstSchoolName).not.toBe(after);
    expect(page.url()).toContain('sort=enrollment');
  });

  test('filters narrow the list, the chart follows, and the CSV holds what is shown', async () => {
    const { total } = await schoolCount();
    await page.getByRole('combobox', { name: 'Level', exact: true }).selectOption('high');
    await poll(async () => (await schoolCount()).shown).toBeLessThan(total);
    const { shown } = await schoolCount();
    await expect(page.locator('.schools-table tbody tr').count()).resolves.toBe(shown);

    await page.getByText('More filters').click();
    await page.getByLabel('Min Performance score').fill('80');
    await poll(async () => (await schoolCount()).shown).toBeLessThan(shown);
    const narrowed = (await schoolCount()).shown;
    expect(narrowed).toBeGreaterThan(0);

    const svg = page.locator('figure.chart svg[role="img"]').first();
    await expect(svg.getAttribute('aria-label')).resolves.toMatch(/^Scatter chart/);
    const caption = (await page.locator('figure.chart figcaption').first().textContent()) ?? '';
    expect(caption).toMatch(/correlation r = /);
    expect(caption).toContain(`${narrowed} school`);
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('achievement_score');
    await poll(() => svg.getAttribute('aria-label')).toContain('Proficiency');

    await page.getByRole('button', { name: 'Show as table' }).click();
    await expect(page.getByRole('table', { name: /Proficiency and/ }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('School ID,School,Level');
    expect(lines).toHaveLength(narrowed + 1);
    expect(download.suggestedFilename()).toMatch(
      /^wake-county-schools-schools-\d{4}-filtered\.csv$/,
    );

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await poll(async () => (await schoolCount()).shown).toBe(total);
  });
});

describe('a school page', () => {
  test('shows the school, its figures, trend charts and sources', async () => {
    await page.goto(`${baseUrl}/?q=Abbotts`);
    const link = page.locator('.schools-table tbody th a').first();
    const name = (await link.textContent()) ?? '';
    expect(name).toContain('Abbotts Creek');
    await link.click();
    await page.waitForURL(/\/schools\/\w+/);
    await poll(() => page.locator('h1').textContent()).toBe(name);
    await poll(() => page.title()).toBe(`${name} · Tandem`);
    await poll(() => page.locator('.stat-card').count()).toBeGreaterThan(3);
    await poll(() => page.locator('.trend-chart svg[role="img"]').count()).toBeGreaterThan(0);
    const caption = await page.locator('.trend-chart figcaption').first().textContent();
    expect(caption).toMatch(/in 20\d\d–\d\d/);
    await expect(page.locator('#sources li').count()).resolves.toBeGreaterThan(0);
    await expect(
      page.getByRole('table', { name: /Outcomes figures by school year/ }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible();
    await screenshot(page, 'school');
  });

  test('lists the school’s synthetic staff, with ratings only on request', async () => {
    const staff = page.locator('#staff');
    await poll(() => staff.locator('.badge-synthetic').textContent()).toBe('Synthetic');
    await poll(() => staff.locator('tbody tr').count()).toBeGreaterThan(5);
    await expect(staff.locator('thead th', { hasText: 'Rating' }).count()).resolves.toBe(0);
    await staff.getByRole('button', { name: 'Show ratings' }).click();
    await poll(() => staff.locator('thead th', { hasText: 'Rating' }).count()).toBe(1);
    await expectAccessible();
  });

  test('an unknown school shows a not-found page with a way home', async () => {
    watch.expect(/status of 404/);
    await page.goto(`${baseUrl}/schools/no-such-school`);
    await poll(() => page.locator('h1').textContent()).toBe('School not found');
    await expect(
      page.getByRole('link', { name: 'Go to the district’s schools' }).count(),
    ).resolves.toBe(1);
    await expectAccessible();
  });

  test('an unknown address shows the not-found page', async () => {
    await page.goto(`${baseUrl}/nowhere/at/all`);
    await poll(() => page.locator('h1').textContent()).toBe('Page not found');
    await poll(() => page.title()).toBe('Page not found · Tandem');
    await expectAccessible();
  });
});

describe('on a phone', () => {
  test('the district and school pages fit a 390px screen', async () => {
    const phone = await newContext(browser, 390);
    await phone.addCookies(await context.cookies());
    const phonePage = await phone.newPage();
    const phoneWatch = new PageWatch(phonePage);
    try {
      await phonePage.goto(`${baseUrl}/`);
      await poll(() => phonePage.locator('h1').textContent()).toBe('Wake County Schools');
      await phonePage.locator('.schools-table').waitFor();
      await phonePage.locator('figure.chart svg').first().waitFor();
      const overflow = await phonePage.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await expectAccessible(phonePage);
      await screenshot(phonePage, 'district-phone');

      await phonePage.locator('.schools-table tbody th a').first().click();
      await phonePage.locator('.trend-chart svg').first().waitFor();
      const schoolOverflow = await phonePage.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(schoolOverflow).toBeLessThanOrEqual(0);
      await expectAccessible(phonePage);
      await screenshot(phonePage, 'school-phone');
      expect(phoneWatch.take()).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

describe('a principal', () => {
  test('sees their own school’s staff, and is told plainly when another school’s are not theirs', async () => {
    const principalContext = await newContext(browser, 1280);
    const principalPage = await principalContext.newPage();
    const principalWatch = new PageWatch(principalPage);
    // Signed out at first (401) and refused another school's staff (403): both expected.
    principalWatch.expect(/status of 40[13]/);
    try {
      await principalPage.goto(`${baseUrl}/schools/920304`);
      await principalPage.waitForURL(/\/signin\?next=/);
      await principalPage.getByLabel('Username').fill(principal.username);
      await principalPage.getByLabel('Password').fill(principal.password);
      await principalPage.getByRole('button', { name: 'Sign in' }).click();
      await principalPage.waitForURL(/\/password\?next=/);
      await principalPage.getByLabel('One-time password').fill(principal.password);
      await principalPage.getByLabel('New password', { exact: true }).fill(newPassword);
      await principalPage.getByLabel('New password again').fill(newPassword);
      await principalPage.getByRole('button', { name: 'Save password and continue' }).click();
      await principalPage.waitForURL(/\/schools\/920304$/);
      await poll(() => principalPage.locator('header.site-header').textContent()).toContain(
        'Principal',
      );
      await poll(() => principalPage.locator('#staff').textContent()).toContain(
        'Your role does not give access to this school’s staff.',
      );
      await expectAccessible(principalPage);

      await principalPage.goto(`${baseUrl}/schools/${principal.schoolId}`);
      await poll(() => principalPage.locator('#staff tbody tr').count()).toBeGreaterThan(5);
      expect(principalWatch.take()).toEqual([]);
    } finally {
      await principalContext.close();
    }
  });
});

describe('signing out', () => {
  test('signs out, and signing in again returns to the page asked for', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await poll(() => page.locator('.notice').textContent()).toBe('You have signed out.');

    watch.expect(/status of 401/);
    await page.goto(`${baseUrl}/schools/920303`);
    await page.waitForURL(/\/signin\?next=%2Fschools%2F920303$/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/schools\/920303$/);
    await poll(() => page.locator('h1').textContent()).not.toBe('School');
  });
});
