// The convention checker at long sequences: parse a typed mask of T values and build and
// diagnose the API's T×T keep-matrix, as the panel does on every keystroke. Prints the median
// and worst time per T (ms). Runs the library built into dist/node (npm run build:node).
//
//   node bench/conventionBench.mjs [--runs=20]
import { checkConvention, parseTypedMask } from '../dist/node/node.js';
import { option } from './lib/cli.mjs';

const runs = Number(option('runs', '20'));
const cases = [
  ['torch-mha-key-padding', 'inverted', (real) => real.map((r) => (r ? 'True' : 'False'))],
  ['torch-sdpa-attn-mask', 'correct', (real) => real.map((r) => (r ? '0.0' : '-inf'))],
];
for (const T of [64, 128, 256, 512]) {
  const real = Array.from({ length: T }, (_, t) => (t < Math.round(T * 0.7) ? 1 : 0));
  for (const [api, expected, write] of cases) {
    const text = `[[${write(real).join(', ')}]]`;
    const times = [];
    let verdict = '';
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      verdict = checkConvention(api, parseTypedMask(text), Int32Array.from(real)).diagnosis.verdict;
      times.push(performance.now() - start);
    }
    if (verdict !== expected) throw new Error(`${api} T=${T}: ${verdict}, expected ${expected}`);
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(runs / 2)];
    const worst = times[runs - 1];
    console.log(
      `T=${String(T).padStart(3)} ${api.padEnd(22)} ${verdict.padEnd(8)} parse+check p50 ${p50.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
    );
  }
}
