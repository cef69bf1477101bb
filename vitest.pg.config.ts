import { defineConfig } from 'vitest/config';

// The migrations and every database-backed test again, on a real PostgreSQL server
// (TANDEM_TEST_DATABASE_URL, set by .ci/run), instead of embedded PGlite.
export default defineConfig({
  test: {
    include: ['src/db/**/*.test.ts', 'src/services/**/*.test.ts', 'src/server/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
