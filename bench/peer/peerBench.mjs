// maskscope against onnxruntime-web, the engine transformers.js runs: the same weights and inputs
// (batch 1, all real tokens, key-axis mask -1e4), every layer's attention and hidden states and
// all logits read back, in one headless Chromium. Models come from training/export_onnx.py.
//
//   /usr/bin/python3 -m training.export_onnx      # once: writes bench/peer/models/
//   npm run bench:peer [-- --models=default,mini,base --lengths=64,128
//                           --backends=wasm1,wasm2,webgpu --repeats=3]
//
// Each (model, T, backend) gets a fresh page; in it the two engines run interleaved. Columns:
// first run, median of the timed runs, GFLOP/s of the median, and maskscope ÷ onnxruntime-web.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchChromium, startDevServer } from '../lib/browser.mjs';
import { option } from '../lib/cli.mjs';
import { peerInPage } from './peerPage.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BACKENDS = {
  wasm1: { backend: 'wasm', threads: 1, label: 'wasm, 1 thread' },
  wasm2: { backend: 'wasm', threads: 2, label: 'wasm, 2 threads' },
  webgpu: { backend: 'webgpu', threads: 1, label: 'webgpu' },
};

/** Multiply-adds ×2 of one forward: Q, K, V, O, the two attention products, the MLP, the head. */
function flops({ hiddenSize: d, intermediateSize: ff, numLayers: l, vocabSize: v }, t) {
  const perLayer = 2 * (4 * t * d * d + 2 * t * t * d + 2 * t * d * ff);
  return l * perLayer + 2 * (t * d * d + t * d * v);
}

const ms = (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

async function main() {
  await import('../../scripts/copyWasm.mjs');
  const models = option('models', 'default,mini,base').split(',');
  const lengths = option('lengths', '64,128').split(',').map(Number);
  const backends = option('backends', 'wasm1,wasm2,webgpu').split(',');
  const repeats = Number(option('repeats', '3'));
  for (const model of models) {
    if (!existsSync(`${root}bench/peer/models/${model}/model.onnx`)) {
      throw new Error(
        `bench/peer/models/${model} is missing: run /usr/bin/python3 -m training.export_onnx first`,
      );
    }
  }
  // Cross-origin isolated, so both engines may use threads (SharedArrayBuffer).
  const { server, url } = await startDevServer({
    server: {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
    optimizeDeps: { exclude: ['onnxruntime-web'] },
  });
  const browser = await launchChromium();
  console.log(`Chromium ${browser.version()}, onnxruntime-web 1.30.0, tfjs 4.22.0`);
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    '| model | T | backend | maskscope first / median ms | onnxruntime-web first / median ms | GFLOP/s ours / peer | ratio | max |Δlogit| ours / peer |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const profiles = [];
  try {
    for (const model of models) {
      for (const seqLen of lengths) {
        for (const name of backends) {
          const { backend, threads, label } = BACKENDS[name];
          const page = await browser.newPage();
          page.setDefaultTimeout(0);
          await page.goto(`${url}tests/browser/blank.html`);
          // Big models get fewer timed runs: a BERT-base forward takes seconds here.
          const runs = model === 'base' ? 1 : 3;
          const r = await page.evaluate(peerInPage, {
            model,
            seqLen,
            backend,
            threads,
            repeats,
            runs,
            warmup: 1,
          });
          await page.close();
          if (r.error !== undefined) {
            console.log(`| ${model} | ${seqLen} | ${label} | ${r.error} | | | | |`);
            continue;
          }
          const gflop = flops(r.config, seqLen) / 1e9;
          const rate = (m) => (gflop / (m / 1000)).toFixed(1);
          const gaps = [r.ours.gap, r.peer.gap].map((g) =>
            g <= r.atol ? g.toExponential(0) : `${g.toExponential(1)} (over ${r.atol})`,
          );
          if (r.threads !== null && r.threads !== threads) {
            throw new Error(`${label}: tfjs-wasm ran ${r.threads} threads, not ${threads}`);
          }
          profiles.push({ model, seqLen, label, ...r.profile });
          console.log(
            `| ${model} | ${seqLen} | ${label}${r.isSoftware ? ' (software)' : ''} | ${ms(r.ours.firstMs)} / ${ms(r.ours.medianMs)} | ${ms(r.peer.firstMs)} / ${ms(r.peer.medianMs)} | ${rate(r.ours.medianMs)} / ${rate(r.peer.medianMs)} | ${(r.ours.medianMs / r.peer.medianMs).toFixed(2)} | ${gaps.join(' / ')} |`,
          );
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    '\nOne maskscope forward under tf.profile (kernel times as the backend reports them):',
  );
  console.log(
    '| model | T | backend | kernels | matmul ms | other kernels ms | read-back + JS ms | slowest kernels |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const p of profiles) {
    const rest = p.totalMs - p.matMulMs - p.otherKernelsMs;
    const top = p.byKernel.map((k) => `${k.name} ×${k.count} ${ms(k.ms)}`).join(', ');
    console.log(
      `| ${p.model} | ${p.seqLen} | ${p.label} | ${p.kernels} | ${ms(p.matMulMs)} | ${ms(p.otherKernelsMs)} | ${ms(rest)} | ${top} |`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
