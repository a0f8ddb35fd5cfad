// Mutation testing of the report maths and report queries: `npm run mutation` (not part of `npm test`).
// The score of the last run is in README.md ("Development"); the report is reports/mutation/mutation.html.
// The PostgreSQL suites are skipped here (the mutants are the same TypeScript on either database).
delete process.env.TEST_POSTGRES_URL;

// Options: https://stryker-mutator.io/docs/stryker-js/configuration/
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/domain/reports.ts',
    'src/domain/quota-lines.ts',
    'src/domain/quota-periods.ts',
    'src/domain/digest-figures.ts',
    'src/domain/pipeline.ts',
    'src/store/reports.ts',
    'src/store/quotas.ts',
    'src/store/digest-data.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two cores shared with other work: two test runners, and generous time before a mutant counts as a timeout.
  concurrency: 2,
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 20,
  timeoutFactor: 4,
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
