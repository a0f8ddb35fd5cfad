import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests that `npm run mutation` (stryker.config.mjs) runs against each mutant of the report maths
 * and report queries: the pure domain tests and the store's report-query tests, which assert exact
 * figures. The command and digest suites (which recompute the printed figures in SQL) run in `npm test`
 * only: seeding a workspace per test for each of several hundred mutants would take hours on two cores.
 * SQLite only (Stryker runs with TEST_POSTGRES_URL unset, see stryker.config.mjs).
 */
export default defineConfig({
  ...base,
  // Replaces the base include (mergeConfig would add to it).
  test: { ...base.test, include: ['test/domain/**/*.test.ts', 'test/store/report-queries.test.ts'] },
});
