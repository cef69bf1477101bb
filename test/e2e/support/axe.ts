// WCAG 2.1 A and AA checks with axe-core, run inside the page; violations are printed so that
// a failure says what to fix and where.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';
import { AXE_PATH } from './browser.ts';

const axeSource = fs.readFileSync(AXE_PATH, 'utf8');

declare global {
  interface Window {
    axe: { run(context: Document, options: object): Promise<AxeResults> };
  }
}

export async function runAxe(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated over the DevTools protocol rather than added as a <script> tag: the app's
  // Content-Security-Policy (script-src 'self') rightly refuses inline scripts, and the tests
  // run with that policy in force.
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return results.violations;
}

export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
        )
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n\n');
}
