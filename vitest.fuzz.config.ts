import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: the parsers on 10,000 generated inputs each (FUZZ_RUNS), outside `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/fuzz/**/*.fuzz.ts'],
    environment: 'node',
    testTimeout: 600_000,
    pool: 'forks',
  },
});
