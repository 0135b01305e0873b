// Mutation testing of the measuring code (issue 25): `npm run mutate` mutates src/diagnostics,
// src/dump, src/masks and src/conventions against the tests vitest.mutate.config.ts lists.
// One folder (its tests only, its JSON report in reports/mutation/dump.json):
//   MUTATE_REPORT=dump npm run mutate -- --mutate 'src/dump/**/*.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  dryRunTimeoutMinutes: 20,
  mutate: [
    'src/diagnostics/**/*.ts',
    'src/dump/**/*.ts',
    'src/masks/**/*.ts',
    'src/conventions/**/*.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${process.env.MUTATE_REPORT ?? 'all'}.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
