// Chromium for the browser tests: Debian's own binary (never a downloaded one), no network
// beyond the local server, and every console error or page error collected so a test can fail
// on it.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Run: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsoleProblem {
  kind: 'console' | 'pageerror' | 'response';
  text: string;
}

/**
 * Watches a page for console errors and warnings, uncaught errors and server errors (5xx).
 * A test that expects an HTTP error (a wrong password is a 401) names it with `expect`, since
 * Chromium logs every failed request as a console error.
 */
export class PageWatch {
  readonly problems: ConsoleProblem[] = [];
  private expected: RegExp[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const text = `${message.type()}: ${message.text()} (${message.location().url})`;
      if (this.expected.some((pattern) => pattern.test(text))) return;
      this.problems.push({ kind: 'console', text });
    });
    page.on('pageerror', (error) =>
      this.problems.push({ kind: 'pageerror', text: error.stack ?? error.message }),
    );
    page.on('response', (response) => {
      if (response.status() >= 500) {
        this.problems.push({ kind: 'response', text: `${response.status()} ${response.url()}` });
      }
    });
  }

  /** Allows console messages matching `pattern` until `clearExpected`. */
  expect(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  clearExpected(): void {
    this.expected = [];
  }

  /** The problems so far, emptied. */
  take(): ConsoleProblem[] {
    return this.problems.splice(0);
  }
}

export async function newContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    reducedMotion: 'reduce',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
