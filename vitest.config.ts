import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/support/warnings.ts'],
    // Generous limits: child processes start slowly on a busy two-core machine. Limits, not speed assertions.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Store tests create their own SQLite files (and PostgreSQL databases in CI); two workers fit two cores.
    pool: 'forks',
    maxWorkers: 2,
    // `npm run bench`: speed is measured here, never asserted by timed tests.
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
