// One browser page signed in as a test user, shared by the e2e files. Users are created by
// global-setup.ts with a one-time password; the first file to sign in as a user replaces it with
// the user's chosen password below, and every later file (the files share some users and run in
// any order) signs in with that. The sign-in flow itself is tested in tandem.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, runAxe } from './axe.ts';
import { launchBrowser, newContext, PageWatch } from './browser.ts';

export interface TestUser {
  username: string;
  /** The one-time password global-setup created. */
  password: string;
}

export interface SignedInPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}

/** The password a test user chooses when asked to replace the one-time password. */
export function chosenPassword(username: string): string {
  return `${username} chose amber lantern orchard 77`;
}

/** Tries one password; true when the app let the user in (or asks for a new password). */
async function trySignIn(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refused = page.locator('.form-error .notice-error');
  const outcome = await Promise.race([
    page
      .waitForURL((url) => !url.pathname.endsWith('/signin'), { timeout: 30_000 })
      .then(() => 'in' as const),
    refused.waitFor({ timeout: 30_000 }).then(() => 'refused' as const),
  ]);
  return outcome === 'in';
}

/**
 * A file beside the test server's port saying the user's one-time password is spent, so that
 * later files try the chosen password first: every refused attempt counts towards the sign-in
 * rate limit (5 per username, 20 per address in 15 minutes; services/auth.ts).
 */
function spentMarker(baseUrl: string, username: string): string {
  return path.join(os.tmpdir(), `tandem-e2e-${new URL(baseUrl).port}-${username}.spent`);
}

/** Signs in on `page`, replacing the one-time password if it is still the user's. */
export async function signInAs(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  const chosen = chosenPassword(user.username);
  const marker = spentMarker(baseUrl, user.username);
  const order = fs.existsSync(marker) ? [chosen, user.password] : [user.password, chosen];
  let isIn = false;
  for (const password of order) {
    if ((isIn = await trySignIn(page, baseUrl, user.username, password))) break;
  }
  if (!isIn) throw new Error(`Could not sign in as ${user.username}`);
  if (page.url().endsWith('/password')) {
    await page.getByLabel('One-time password').fill(user.password);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('New password again').fill(chosen);
    await page.getByRole('button', { name: 'Save password and continue' }).click();
  }
  await page.waitForURL(`${baseUrl}/`);
  fs.writeFileSync(marker, '');
}

/** A fresh browser and page, signed in as `user`; console errors are watched from the start. */
export async function openSignedInPage(
  baseUrl: string,
  user: TestUser,
  width = 1280,
): Promise<SignedInPage> {
  const browser = await launchBrowser();
  const context = await newContext(browser, width);
  const page = await context.newPage();
  const watch = new PageWatch(page);
  // Signed out at first, and a refused password: both answer 401, which Chromium logs.
  watch.expect(/status of 401/);
  await signInAs(page, baseUrl, user);
  watch.take();
  watch.clearExpected();
  return { browser, context, page, watch };
}

/** For afterEach: no console error, page error or 5xx since the last check (but `allowed`). */
export function expectNoProblems(watch: PageWatch, allowed: readonly RegExp[] = []): void {
  const problems = watch.take().filter((p) => !allowed.some((pattern) => pattern.test(p.text)));
  watch.clearExpected();
  expect(problems, problems.map((p) => `${p.kind}: ${p.text}`).join('\n')).toEqual([]);
}

/** axe-core (WCAG 2.1 A and AA) finds nothing on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}
