// Mask modes the golden set does not cover (fully masked rows with c = float32 min, -Infinity on
// the query axis) must give the same numbers on WebGPU and WebGL as on WASM, whose kernels
// match the cpu backend and PyTorch.
import { expect, test } from '@playwright/test';
import type { BackendName } from '../../src/backend/backends';
import type { MaskMode } from '../../src/masks/maskMode';
import { compareArrays, describeComparison } from '../unit/helpers/compare';

const ATOL = 1e-4;
const FLOAT32_MIN = -3.4028234663852886e38;
const MODES: readonly MaskMode[] = [
  { kind: 'bothAdditive', constant: FLOAT32_MIN },
  { kind: 'queryAdditive', constant: FLOAT32_MIN },
  { kind: 'invertedKeyAdditive', constant: FLOAT32_MIN },
  { kind: 'queryAdditive', constant: -Infinity },
];

const MODULES = {
  backends: '/src/backend/backends.ts',
  encoder: '/src/model/encoder.ts',
  golden: '/tests/unit/helpers/golden.ts',
} as const;

interface Args {
  readonly backends: readonly BackendName[];
  readonly modes: readonly MaskMode[];
  readonly modules: typeof MODULES;
}

/** For each backend and mode: hidden states, attention and logits of golden case 0's input. */
async function runModesInPage({ backends, modes, modules }: Args) {
  const { initBackend } = (await import(
    modules.backends
  )) as typeof import('../../src/backend/backends');
  const { createEncoder } = (await import(
    modules.encoder
  )) as typeof import('../../src/model/encoder');
  const golden = (await import(modules.golden)) as typeof import('../unit/helpers/golden');
  const read = async (path: string) =>
    new Uint8Array(await (await fetch(`/${path}`)).arrayBuffer());
  const set = await golden.loadGoldenSet('tiny', read);
  const input = set.cases[0]?.input;
  if (input === undefined) throw new Error('the tiny golden set has no cases');
  const results: Record<string, { active: string; outputs: number[][][] }> = {};
  for (const backend of backends) {
    const report = await initBackend(backend);
    const encoder = await createEncoder(set.checkpoint);
    const outputs = [];
    for (const mode of modes) {
      const out = await encoder.forward({ ...input, mode });
      outputs.push([out.hiddenStates, out.attention, out.logits].map((t) => Array.from(t.data)));
    }
    encoder.dispose();
    results[backend] = { active: report.active, outputs };
  }
  return results;
}

test('WebGPU and WebGL agree with WASM on fully masked float32-min and -Infinity rows', async ({
  page,
}) => {
  await page.goto('/tests/browser/blank.html');
  const args: Args = { backends: ['wasm', 'webgpu', 'webgl'], modes: MODES, modules: MODULES };
  const results = await page.evaluate(runModesInPage, args);
  const reference = results['wasm'];
  expect(reference?.active).toBe('wasm');
  for (const backend of ['webgpu', 'webgl']) {
    expect(results[backend]?.active).toBe(backend);
    MODES.forEach((mode, m) => {
      ['hidden', 'attention', 'logits'].forEach((part, p) => {
        const actual = results[backend]?.outputs[m]?.[p] ?? [];
        const expected = reference?.outputs[m]?.[p] ?? [];
        const label = `${backend} ${part} for ${String(mode.kind)} ${'constant' in mode ? mode.constant : ''}`;
        const comparison = compareArrays(actual, expected);
        const message = describeComparison(label, comparison, [actual.length]);
        expect(comparison.mismatches, message).toBe(0);
        expect(comparison.maxAbsDiff, message).toBeLessThanOrEqual(ATOL);
      });
    });
  }
});
