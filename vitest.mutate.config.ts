// The unit tests Stryker runs against each mutant (npm run mutate): those that import the
// mutated folders directly, without the ones that open a shipped model (minutes per run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: [
      'tests/unit/bundledModels.test.ts',
      'tests/unit/defaultModel.test.ts',
      'tests/unit/queryinfModel.test.ts',
      'tests/unit/cli*.test.ts',
    ],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
