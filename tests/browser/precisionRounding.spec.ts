// The fp16 / bf16 rounding of tests/unit/precisionRounding.test.ts (cpu and wasm, in Node) on the
// GPU backends, whose pow, log and round are shader code: every value of tests/golden/rounding.json
// against numpy's float16 and torch.bfloat16, except float32 subnormal inputs (|x| < 2^-126),
// which GPUs flush to zero before any rounding.
import { expect, test } from '@playwright/test';
import type { BackendName, BackendReport } from '../../src/backend/backends';

const MODULES = {
  backends: '/src/backend/backends.ts',
  rounding: '/src/model/rounding.ts',
} as const;

interface PageResult {
  readonly report: BackendReport;
  /** Per precision: how many values differ, and the first few as text. */
  readonly mismatches: Readonly<Record<'fp16' | 'bf16', { count: number; first: string[] }>>;
}

async function roundInPage({
  backend,
  modules,
}: {
  backend: BackendName;
  modules: typeof MODULES;
}): Promise<PageResult> {
  const { initBackend } = (await import(
    modules.backends
  )) as typeof import('../../src/backend/backends');
  const { roundValues } = (await import(
    modules.rounding
  )) as typeof import('../../src/model/rounding');
  const report = await initBackend(backend);
  const golden = (await (await fetch('/tests/golden/rounding.json')).json()) as Record<
    'x' | 'fp16' | 'bf16',
    number[]
  >;
  const fromBits = (bits: number[]) => new Float32Array(Uint32Array.from(bits).buffer);
  const x = fromBits(golden.x);
  const isFlushed = (value: number) => value !== 0 && Math.abs(value) < 2 ** -126;
  const result = {
    fp16: { count: 0, first: [] as string[] },
    bf16: { count: 0, first: [] as string[] },
  };
  for (const precision of ['fp16', 'bf16'] as const) {
    const actual = await roundValues(x, precision);
    const wanted = fromBits(golden[precision]);
    actual.forEach((value, i) => {
      const other = wanted[i] ?? NaN;
      if (Object.is(value, other) || value === other || isFlushed(x[i] ?? 0)) return;
      result[precision].count += 1;
      if (result[precision].first.length < 5) {
        result[precision].first.push(`x=${x[i]} got ${value} want ${other}`);
      }
    });
  }
  return { report, mismatches: result };
}

for (const backend of ['webgpu', 'webgl'] as const) {
  test(`fp16 and bf16 rounding matches numpy and torch bit for bit on ${backend}`, async ({
    page,
  }) => {
    await page.goto('/tests/browser/blank.html');
    const result = await page.evaluate(roundInPage, { backend, modules: MODULES });
    expect(result.report.active, JSON.stringify(result.report.skipped)).toBe(backend);
    console.log(`${backend}: ${JSON.stringify(result.mismatches)}`);
    expect(result.mismatches.fp16.count, result.mismatches.fp16.first.join('; ')).toBe(0);
    expect(result.mismatches.bf16.count, result.mismatches.bf16.first.join('; ')).toBe(0);
  });
}
