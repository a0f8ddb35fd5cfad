import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests that `npm run mutation` (stryker.config.mjs) runs against each mutant of the report maths
 * and report queries: the pure report tests and the command/job suites whose figures come from them.
 * SQLite only (Stryker runs with TEST_POSTGRES_URL unset, see stryker.config.mjs).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        'test/domain/**/*.test.ts',
        'test/store/report-queries.test.ts',
        'test/commands/report-figures.test.ts',
        'test/commands/quota-periods.test.ts',
        'test/commands/deal-team.test.ts',
        'test/commands/closing-rules.test.ts',
        'test/jobs/digest.test.ts',
      ],
    },
  }),
);
