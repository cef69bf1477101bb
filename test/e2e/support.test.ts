// School support end to end on the real server and the demo district (Wake County): the
// section's entry page with the schools North Carolina's rule identifies, the menu and a plan
// built from it with its total, a partnership contract created through the form and judged on
// the published results and then given a target, a payment term, an exchange and a review on
// its own page, the practice library with a school recording its adoption (the chart follows),
// and the clusters page with members added and removed, shared staff, the visit allowance and
// visits logged against it. Every page state passes axe-core (WCAG 2.1 A and AA) and logs no
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
const leader = inject('leader');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

let browser: Browser;
let page: Page;
let watch: PageWatch;
/** Pages the tests below create and come back to. */
let contractUrl = '';
let practiceUrl = '';

const expectAccessible = () => expectPageAccessible(page);

beforeAll(async () => {
  ({ browser, page, watch } = await openSignedInPage(baseUrl, leader));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(() => expectNoProblems(watch));

const tabs = () => page.getByRole('navigation', { name: 'School support' });

describe('School support', () => {
  test('the nav leads to the overview of identified schools', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'School support' })
      .click();
    await page.waitForURL(`${baseUrl}/support`);
    await poll(() => page.locator('h1').textContent()).toBe('School support');
    await poll(() => page.title()).toBe('School support · Tandem');
    // The NC rule identifies Wake schools in the latest year.
    await poll(() => page.locator('table.data-table tbody tr').count()).toBeGreaterThan(5);
    await expect(tabs().getByRole('link').count()).resolves.toBeGreaterThanOrEqual(5);
    await expectAccessible();
  });

  test('a support added to the menu builds a school’s plan with its total cost', async () => {
    await tabs().getByRole('link', { name: 'Menu & plans' }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Menu of supports and plans');
    await page.getByLabel('Kind').first().selectOption('coach');
    await page.getByLabel('Name', { exact: true }).fill('Instructional coach');
    await page.getByLabel('Unit', { exact: true }).fill('FTE-year');
    await page.getByLabel('Unit cost ($)').fill('84000');
    await page.getByRole('button', { name: 'Add support' }).click();
    await poll(() => page.getByRole('cell', { name: 'Instructional coach' }).count()).toBe(1);
    // The page kept its forms on screen while it reloaded: the confirmation is still there.
    await expect(page.getByText('Added to the menu.').count()).resolves.toBe(1);

    await page.getByLabel('School year (spring year, e.g. 2026)').fill('2026');
    await page.getByRole('button', { name: 'Start plan' }).click();
    const plan = page.locator('article.support-plan').first();
    await poll(() => plan.count()).toBe(1);
    await plan.getByLabel('Quantity').fill('0.5');
    await plan.getByLabel('Owner').fill('Area superintendent');
    await plan.getByLabel('Start').fill('2025-08-15');
    await plan.getByLabel('Due').fill('2026-06-10');
    await plan.getByRole('button', { name: 'Add to plan' }).click();
    await poll(() => plan.textContent()).toContain('Total cost: $42,000');
    await expect(plan.getByText('Added to the plan.').count()).resolves.toBe(1);
    await expectAccessible();
    await screenshot(page, 'support-menu');
  });

  test('a contract created through the form is judged on the published results', async () => {
    await tabs().getByRole('link', { name: 'Contracts' }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Partnership contracts');
    await poll(() => page.getByRole('button', { name: 'Create contract' }).count()).toBe(1);
    const partner = page.getByLabel('Partner school');
    const options = await partner.locator('option').allTextContents();
    await partner.selectOption({ label: options[1] ?? '' });
    await page.getByLabel('Term starts').fill('2018-08-01');
    await page.getByLabel('Measure', { exact: true }).selectOption('spg_score');
    await page.getByLabel('Baseline', { exact: true }).fill('40');
    await page.getByLabel('Baseline year').fill('2018');
    await page.getByLabel('Target', { exact: true }).fill('41');
    await page.getByLabel('By year').fill('2019');
    await page.getByLabel('Paid per target met ($)').fill('5000');
    await page.getByRole('button', { name: 'Create contract' }).click();
    await page.waitForURL(/\/support\/contracts\/[0-9a-f-]{36}$/);
    const targets = page.locator('table.data-table').first();
    await poll(() => targets.locator('tbody tr').count()).toBe(1);
    // Judged on the 2019 figure: met or not met, never left unchecked.
    await poll(() => targets.locator('tbody tr td').nth(1).textContent()).toMatch(
      /^(Met|Not met)$/,
    );
    await expect(targets.locator('tbody tr td').nth(2).textContent()).resolves.toContain('2019');
    await expect(page.getByRole('heading', { name: /what is owed and why/ }).count()).resolves.toBe(
      1,
    );
    contractUrl = page.url();
    await expectAccessible();
  });

  test('a target, a payment term, an exchange and a review are added to the contract', async () => {
    expect(contractUrl).not.toBe('');
    await page.goto(contractUrl);
    const targets = page.locator('table.data-table').first();
    await poll(() => targets.locator('tbody tr').count()).toBe(1);

    // A target equal to its baseline is refused; the server's words appear beside the form.
    watch.expect(/status of 400/);
    const target = page.getByRole('form', { name: 'Add a target' });
    await target.getByLabel('Measure', { exact: true }).selectOption('spg_score');
    await target.getByLabel('Student group', { exact: true }).selectOption('all');
    await target.getByLabel('Baseline', { exact: true }).fill('40');
    await target.getByLabel('Baseline year').fill('2018');
    await target.getByLabel('Target', { exact: true }).fill('40');
    await target.getByLabel('By year').fill('2019');
    await target.getByRole('button', { name: 'Add target' }).click();
    await poll(() => target.getByRole('alert').textContent()).toContain(
      'The target must differ from the baseline',
    );
    await expectAccessible();
    await target.getByLabel('Target', { exact: true }).fill('45');
    await target.getByRole('button', { name: 'Add target' }).click();
    await poll(() => targets.locator('tbody tr').count()).toBe(2);
    await poll(() => target.getByRole('status').textContent()).toBe('Target added.');
    await expect(
      page
        .getByText(/Targets met/)
        .locator('..')
        .textContent(),
    ).resolves.toContain('of 2');

    const term = page.getByRole('form', { name: 'Add a payment term' });
    await term.getByLabel('Paid', { exact: true }).selectOption('all_targets_met');
    await term.getByLabel('Term', { exact: true }).fill('Completion bonus');
    await term.getByLabel('Amount ($)').fill('2000');
    await term.getByRole('button', { name: 'Add payment term' }).click();
    await poll(() =>
      page.locator('section[aria-labelledby="contract-terms"]').textContent(),
    ).toContain('Completion bonus: $2,000 when every target is met');

    const exchange = page.getByRole('form', { name: 'Plan or record an exchange' });
    await exchange.getByLabel('Status', { exact: true }).selectOption('done');
    await exchange.getByLabel('From', { exact: true }).fill('2018-10-01');
    await exchange.getByLabel('To', { exact: true }).fill('2018-10-05');
    await exchange.getByLabel('People', { exact: true }).fill('2');
    await exchange.getByLabel('Purpose', { exact: true }).fill('Co-planning maths lessons');
    await exchange.getByRole('button', { name: 'Save exchange' }).click();
    const exchanges = page.locator('section[aria-labelledby="contract-exchanges"] .support-list');
    await poll(() => exchanges.textContent()).toContain('Co-planning maths lessons');
    await expect(exchanges.textContent()).resolves.toContain('Done');

    const review = page.getByRole('form', { name: 'Record a review' });
    await review.getByLabel('Date', { exact: true }).fill('2019-06-14');
    await review.getByLabel('Reviewer', { exact: true }).fill('Area superintendent');
    await review
      .getByLabel('Evidence', { exact: true })
      .fill('Walkthroughs in six classrooms; data meeting notes.');
    await review.getByLabel('Judgement', { exact: true }).selectOption('some_progress');
    await review.getByRole('button', { name: 'Record review' }).click();
    const reviews = page.locator('section[aria-labelledby="contract-reviews"] .support-list');
    await poll(() => reviews.textContent()).toContain('Area superintendent');
    await expect(reviews.textContent()).resolves.toContain('Some progress');
    await expect(review.getByRole('status').textContent()).resolves.toBe('Review recorded.');
    await expectAccessible();
    await screenshot(page, 'support-contract');
  });

  test('the practice library and the clusters page', async () => {
    await tabs().getByRole('link', { name: 'Practices' }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Practice exchange');
    await poll(() => page.getByLabel(/Pocket of success/).count()).toBe(1);
    await page.getByLabel('Title').fill('Peer observation cycles');
    await page.getByLabel('What it is').fill('Teachers observe each other every three weeks.');
    await page.getByRole('button', { name: 'Record practice' }).click();
    await page.waitForURL(/\/support\/practices\/[0-9a-f-]{36}$/);
    await poll(() => page.locator('h1').textContent()).toBe('Peer observation cycles');
    await expect(
      page.getByText(/Pocket of success found by the diagnostics/).count(),
    ).resolves.toBe(1);
    practiceUrl = page.url();
    await expectAccessible();

    await tabs().getByRole('link', { name: 'Clusters & visits' }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Clusters and visit days');
    await poll(() => page.getByText(/Allowance: 3 days per teacher/).count()).toBe(1);
    await expectAccessible();
  });

  test('schools recording their adoption of a practice show it spreading over time', async () => {
    expect(practiceUrl).not.toBe('');
    await page.goto(practiceUrl);
    const spread = page.locator('section[aria-labelledby="practice-spread"]');
    await poll(() => spread.textContent()).toContain('No school has adopted this practice yet');
    const form = page.getByRole('form', { name: 'Record a school adopting this practice' });
    const school = form.getByLabel('School', { exact: true });
    const names = await school.locator('option').allTextContents();
    const [first = '', second = ''] = names;
    await school.selectOption({ label: first });
    await form.getByLabel('Status', { exact: true }).selectOption('in_use');
    await form.getByLabel('Started on').fill('2025-01-15');
    await form.getByRole('button', { name: 'Record adoption' }).click();
    await poll(() => spread.locator('.support-list').textContent()).toContain(`${first}: In use`);
    await poll(() => spread.locator('figcaption').textContent()).toContain('2025-01: 1');
    await expectAccessible();

    await school.selectOption({ label: second });
    await form.getByLabel('Status', { exact: true }).selectOption('adopting');
    await form.getByLabel('Started on').fill('2025-03-10');
    await form.getByLabel('Notes (optional)').fill('Two grade-level teams first');
    await form.getByRole('button', { name: 'Record adoption' }).click();
    await poll(() => spread.textContent()).toContain('2025-03: 2');
    await expect(spread.locator('.support-list li').count()).resolves.toBe(2);
    await expect(form.getByRole('status').textContent()).resolves.toContain('adopting recorded');
    await expectAccessible();
    await screenshot(page, 'support-practice');
  });

  test('a cluster gains and loses a member, shares staff, and logs visits against the allowance', async () => {
    await page.goto(`${baseUrl}/support/clusters`);
    await poll(() => page.locator('h1').textContent()).toBe('Clusters and visit days');
    const create = page.getByRole('form', { name: 'Create a cluster' });
    await poll(() => create.count()).toBe(1);
    const schools = await create
      .getByLabel(/Member schools/)
      .locator('option')
      .evaluateAll((options) =>
        options.map((o) => ({ id: (o as HTMLOptionElement).value, name: o.textContent ?? '' })),
      );
    const [a, b, c] = schools;
    if (!a || !b || !c) throw new Error('The demo has fewer than three schools');
    await create.getByLabel('Name', { exact: true }).fill('Northeast learning cluster');
    await create.getByLabel(/Member schools/).selectOption([a.id, b.id]);
    await create.getByLabel('Pooled funding ($)').fill('25000');
    await create.getByRole('button', { name: 'Create cluster' }).click();
    const cluster = page.getByRole('article', { name: 'Northeast learning cluster' });
    await poll(() => cluster.count()).toBe(1);
    await expectAccessible();

    await cluster
      .getByText('Change members and shared staff of Northeast learning cluster')
      .click();
    await cluster.getByLabel('School to add').selectOption(c.id);
    await cluster.getByRole('button', { name: 'Add school' }).click();
    await poll(() => cluster.locator('p').first().textContent()).toContain(c.name);
    await poll(() => cluster.getByRole('status').textContent()).toBe(
      `${c.name} added to Northeast learning cluster.`,
    );
    await expectAccessible();
    await cluster
      .getByRole('button', { name: `Remove ${b.name} from Northeast learning cluster` })
      .click();
    await poll(() => cluster.locator('p').first().textContent()).not.toContain(b.name);
    await expect(cluster.locator('p').first().textContent()).resolves.toContain(a.name);
    const staff = cluster.getByRole('form', { name: 'Add shared staff' });
    await staff.getByLabel('Name', { exact: true }).fill('Jordan Ellis');
    await staff.getByLabel('Role', { exact: true }).fill('Literacy coach');
    await staff.getByLabel('FTE', { exact: true }).fill('0.5');
    await staff.getByRole('button', { name: 'Add shared staff' }).click();
    await poll(() => cluster.textContent()).toContain('Jordan Ellis (Literacy coach, 0.5 FTE)');
    await expectAccessible();

    // A district leader sets the allowance; a visit beyond it is refused (409) until a reason
    // is given.
    const allowance = page.getByRole('form', { name: 'Visit-day allowance' });
    await allowance.getByLabel('Allowance (days per teacher per year)').fill('2');
    await allowance.getByRole('button', { name: 'Set allowance' }).click();
    await poll(() => page.getByText(/Allowance: 2 days per teacher/).count()).toBe(1);

    const home = '920303';
    const staffList = await page.request.get(`${baseUrl}/api/schools/${home}/staff`);
    expect(staffList.ok()).toBe(true);
    const teacher = (
      (await staffList.json()) as { staff: Array<{ id: string; name: string; role: string }> }
    ).staff.find((s) => s.role === 'teacher');
    if (!teacher) throw new Error(`No teacher at ${home}`);
    const host = schools.find((s) => s.id !== home);
    if (!host) throw new Error('No other school to visit');
    const visit = page.getByRole('form', { name: 'Log a visit' });
    // The teacher is picked from their school's staff list, teachers first.
    await visit.getByLabel('Teacher’s school').selectOption(home);
    const picker = visit.getByLabel('Teacher', { exact: true });
    await poll(() => picker.locator('option').count()).toBeGreaterThan(0);
    expect(await picker.locator('option').first().textContent()).toMatch(/ — /);
    await picker.selectOption(teacher.id);
    await expect(
      visit.getByLabel('School visited').locator(`option[value="${home}"]`).count(),
    ).resolves.toBe(0);
    await visit.getByLabel('School visited').selectOption(host.id);
    await visit.getByLabel('Days', { exact: true }).fill('1.5');
    await visit
      .getByLabel('Under cluster (optional)')
      .selectOption({ label: 'Northeast learning cluster' });
    await visit.getByLabel('Purpose', { exact: true }).fill('Observe guided reading');
    await visit.getByRole('button', { name: 'Log visit' }).click();
    const visits = page.getByRole('list', { name: 'Visits logged' });
    await poll(() => visits.textContent()).toContain(`${teacher.name} at ${host.name}, 1.5 days`);
    await expectAccessible();

    watch.expect(/status of 409/);
    await visit.getByLabel('Teacher', { exact: true }).selectOption(teacher.id);
    await visit.getByLabel('School visited').selectOption(host.id);
    await visit.getByLabel('Days', { exact: true }).fill('1');
    await visit.getByRole('button', { name: 'Log visit' }).click();
    await poll(() => visit.getByRole('alert').textContent()).toContain('0.5 of 2 visit days left');
    await expectAccessible();
    await visit.getByLabel('Reason to allow days beyond the allowance').fill('Lesson study cycle');
    await visit.getByRole('button', { name: 'Log visit' }).click();
    await poll(() => visits.textContent()).toContain('(beyond the allowance: Lesson study cycle)');
    await expect(visit.getByRole('status').textContent()).resolves.toBe('Visit logged.');
    await expectAccessible();
    await screenshot(page, 'support-clusters');
  });
});
