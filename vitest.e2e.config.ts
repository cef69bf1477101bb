import { defineConfig } from 'vitest/config';

// Browser tests: the real server (started once by the global setup, on a fresh data folder)
// driven through Debian's Chromium with playwright-core. One file at a time: they share it.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
  },
});
