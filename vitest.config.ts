import { defineConfig } from 'vitest/config';

// Unit and service tests: everything beside the code, on embedded PGlite.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
