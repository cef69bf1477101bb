// District-defined rule sets (issue #4), end to end on the real server and the demo district: a
// district leader starts a rule set from the federal preset, changes the CSI percent and adds a
// tier (previewed only once the tier is complete), sees the identified schools recomputed before
// saving, saves it, shows the page under it and records it; the region filter (towns, for the
// demo) narrows the page and stays in the address. Every state passes axe-core (WCAG 2.1 A and
// AA) and logs no console errors.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { type PageWatch } from './support/browser.ts';
import {
  expectAccessible as expectPageAccessible,
  expectNoProblems,
  openSignedInPage,
} from './support/session.ts';

const baseUrl = inject('baseUrl');
const leader = inject('leader');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

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

describe('rule sets on Needs & results', () => {
  test('a leader edits a preset, sees the schools change live, saves and records it', async () => {
    await page.goto(`${baseUrl}/diagnostics?year=2019`);
    await poll(() => page.locator('h1').textContent()).toBe('Needs & results');
    await page
      .getByRole('button', { name: 'New rule set from Federal ESSA frame (CSI, TSI, ATSI)' })
      .click();
    const editor = page.getByRole('form', { name: 'New rule set' });
    const preview = editor.getByRole('region', { name: 'Preview' });
    await poll(() => preview.textContent()).toMatch(/(\d+) of \d+ schools identified/);
    const count = async () =>
      Number(/(\d+) of \d+ schools identified/.exec((await preview.textContent()) ?? '')?.[1]);
    const before = await count();

    // A wider CSI cut identifies more schools, recomputed by the server before saving.
    await editor.getByLabel('CSI: lowest percent of Title I schools').fill('25');
    await poll(count).toBeGreaterThan(before);
    // A new tier starts without a threshold: the editor says so and sends no preview until the
    // tier is complete (the server would refuse it with a 400, and a console error).
    const previewStatuses: number[] = [];
    const onResponse = (response: Response) => {
      if (new URL(response.url()).pathname === '/api/rule-sets/preview') {
        previewStatuses.push(response.status());
      }
    };
    page.on('response', onResponse);
    await editor.getByRole('button', { name: 'Add a tier' }).click();
    await poll(() => preview.textContent()).toContain('Complete the new tier to preview');
    // Longer than the editor's debounce: a preview would have gone by now.
    await page.waitForTimeout(1_000);
    expect(previewStatuses).toEqual([]);
    await expectAccessible();
    await editor.screenshot({ path: 'test-results/rule-set-incomplete-tier.png' });
    // Complete: previewed at once, and the server accepts it.
    const completed = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/rule-sets/preview',
    );
    await editor
      .getByLabel(/^Tier \d+ threshold$/)
      .last()
      .fill('50');
    expect((await completed).status()).toBe(200);
    await poll(() => preview.textContent()).toContain('tier: intensive');
    page.off('response', onResponse);
    expect(previewStatuses).toEqual([200]);
    await expectAccessible();

    // A bad number is refused with the field named, and nothing is saved (a minimum n below 10
    // is refused by the preview and by saving: both 400s are expected here).
    watch.expect(/status of 400/);
    await editor.getByLabel('Minimum n').fill('3');
    await editor.getByLabel('Rule set name').fill('Wake wider CSI');
    await editor.getByRole('button', { name: 'Save rule set' }).click();
    await poll(() => editor.getByRole('alert').textContent()).toContain('minimum n');
    await editor.getByLabel('Minimum n').fill('10');
    await editor.getByRole('button', { name: 'Save rule set' }).click();

    // Saved: listed, chosen in the menu, and the page shows the district under it.
    await poll(() => page.getByText('Saved “Wake wider CSI”').count()).toBeGreaterThan(0);
    await poll(() => page.url()).toMatch(/ruleSet=[0-9a-f-]{36}/);
    await poll(() => page.locator('.section-note').first().textContent()).toContain(
      'Wake wider CSI',
    );
    await expectAccessible();

    await page.getByRole('button', { name: 'Record this identification' }).click();
    await poll(() => page.locator('.record-box').textContent()).toContain(
      'identified under Wake wider CSI',
    );
  });

  test('the region filter (towns, for the demo) narrows the page and stays in the address', async () => {
    await page.goto(`${baseUrl}/diagnostics?year=2019`);
    const region = page.getByLabel('Region (town)');
    await poll(() => region.count()).toBe(1);
    await region.selectOption('Apex');
    await poll(() => page.url()).toContain('region=Apex');
    await poll(() => page.locator('#chart-heading').textContent()).toContain('Apex');
    await expectAccessible();
    await page.goto(`${baseUrl}/?is.town=Apex`);
    await poll(() => page.getByLabel('Region (town)').inputValue()).toBe('Apex');
  });
});
