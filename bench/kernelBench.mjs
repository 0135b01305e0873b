// The attention's per-head products alone (MaskscopeHeadsMatMul, the wasm backend's kernel): the
// JavaScript 4×4 blocks against their WebAssembly SIMD twin (src/model/fused/headsProduct.wat),
// in Node's V8 (Chromium's engine), at the shapes of one layer of the bench:peer models. Both
// products of a layer are timed: scores = q·kᵀ [H, T, dh]·[H, dh, T] and context = p·v
// [H, T, T]·[H, T, dh] into merged heads. The two kernels run interleaved, and every result is
// checked bit for bit against the other.
//
//   node bench/kernelBench.mjs [--runs=200] [--lengths=64,128]
import { createServer } from 'vite';
import { option } from './lib/cli.mjs';

const runs = Number(option('runs', '200'));
const lengths = option('lengths', '64,128').split(',').map(Number);
const MODELS = [
  { name: 'default', heads: 4, dh: 32 },
  { name: 'mini', heads: 4, dh: 64 },
  { name: 'base', heads: 12, dh: 64 },
];

const server = await createServer({
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'error',
});
const { multiplyHeadsJs } = await server.ssrLoadModule('/src/model/fused/heads.ts');
const { headsProductModule, multiplyHeadsWasm } = await server.ssrLoadModule(
  '/src/model/fused/headsProduct.ts',
);
await server.close();
const product = headsProductModule();
if (product === null) throw new Error('this Node has no WebAssembly SIMD');

const random = (size) => Float32Array.from({ length: size }, () => Math.random() * 2 - 1);
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

function sameBits(x, y) {
  return x.every((value, i) => Object.is(value, y[i]));
}

console.log(`Per-head attention products of one layer, median of ${runs} (ms)`);
console.log('| model | T | JavaScript | WebAssembly SIMD | GMAC/s JS / SIMD | JS ÷ SIMD |');
console.log('|---|---|---|---|---|---|');
for (const { name, heads, dh } of MODELS) {
  for (const t of lengths) {
    const scores = { batch: 1, heads, m: t, k: dh, n: t, merge: false };
    const context = { batch: 1, heads, m: t, k: t, n: dh, merge: true };
    const cases = [scores, context].map((layout) => ({
      layout,
      a: random(heads * layout.m * layout.k),
      b: random(heads * layout.k * layout.n),
      js: new Float32Array(heads * layout.m * layout.n),
      wasm: new Float32Array(heads * layout.m * layout.n),
    }));
    const js = [];
    const wasm = [];
    for (let r = 0; r < runs + 5; r++) {
      let start = performance.now();
      for (const c of cases) multiplyHeadsJs(c.a, c.b, c.js, c.layout);
      if (r >= 5) js.push(performance.now() - start);
      start = performance.now();
      for (const c of cases) multiplyHeadsWasm(product, c.a, c.b, c.wasm, c.layout);
      if (r >= 5) wasm.push(performance.now() - start);
    }
    if (!cases.every((c) => sameBits(c.js, c.wasm))) throw new Error(`${name} T ${t}: bits differ`);
    const macs = 2 * heads * t * t * dh;
    const [mj, mw] = [median(js), median(wasm)];
    const rate = (ms) => (macs / ms / 1e6).toFixed(2);
    console.log(
      `| ${name} | ${t} | ${mj.toFixed(3)} | ${mw.toFixed(3)} | ${rate(mj)} / ${rate(mw)} | ${(mj / mw).toFixed(2)} |`,
    );
  }
}
