// Setup of `npm run mutate` only (vitest.mutate.config.ts): every property test runs at most
// MUTATE_NUM_RUNS cases (default 20) instead of its hundreds. A mutant faces each covering test
// once, and a static one (a table read at import) faces them all, so full property runs made a
// folder take hours; the committed suite (`npm test`) keeps every test's own numRuns.
import { vi } from 'vitest';

vi.mock('fast-check', async (importOriginal) => {
  const fc = await importOriginal<typeof import('fast-check')>();
  const cap = Number(process.env.MUTATE_NUM_RUNS ?? 20);
  const assert = ((property, params) =>
    fc.assert(property, {
      ...params,
      numRuns: Math.min(params?.numRuns ?? 100, cap),
    })) as typeof fc.assert;
  return { ...fc, assert, default: { ...fc, assert } };
});
