// "Your tensors" at scale: a BERT-base-sized dump (12 layers × 12 heads × 512², 151 MB of
// float32, one sequence of 400 real tokens and 112 pads, correctly masked) is written as .npy
// with its mask, chosen in the file picker of the production build, and timed from the input's
// change event until the grid of every head is painted (the frame after data-run-state turns
// "done"). Long main-thread tasks during the load are reported too: the page must not freeze.
//
//   node bench/dumpBench.mjs [--layers=12] [--heads=12] [--tokens=512] [--real=400] [--runs=3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { launchChromium } from './lib/browser.mjs';
import { freePort, option } from './lib/cli.mjs';

/** .npy bytes (format 1.0, C order) of a Float32Array or BigInt64Array. */
function npy(data, shape) {
  const descr = data instanceof Float32Array ? '<f4' : '<i8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

/** Correctly masked softmax rows with a local bias, [L, 1, H, T, T]. */
function dump(layers, heads, seqLen, real) {
  const data = new Float32Array(layers * heads * seqLen * seqLen);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const row = new Float64Array(seqLen);
  for (let m = 0; m < layers * heads; m++) {
    for (let q = 0; q < seqLen; q++) {
      let total = 0;
      for (let k = 0; k < seqLen; k++) {
        row[k] = k < real ? Math.exp(3 * random() - Math.abs(q - k) / 8) : 0;
        total += row[k];
      }
      const start = (m * seqLen + q) * seqLen;
      for (let k = 0; k < seqLen; k++) data[start + k] = row[k] / total;
    }
  }
  return data;
}

async function main() {
  const layers = Number(option('layers', '12'));
  const heads = Number(option('heads', '12'));
  const seqLen = Number(option('tokens', '512'));
  const real = Number(option('real', '400'));
  const runs = Number(option('runs', '3'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'maskscope-dump-'));
  const attnPath = join(work, 'attentions.npy');
  const maskPath = join(work, 'attention_mask.npy');
  writeFileSync(
    attnPath,
    npy(dump(layers, heads, seqLen, real), [layers, 1, heads, seqLen, seqLen]),
  );
  const mask = BigInt64Array.from({ length: seqLen }, (_, t) => (t < real ? 1n : 0n));
  writeFileSync(maskPath, npy(mask, [1, seqLen]));
  const megabytes = (layers * heads * seqLen * seqLen * 4) / 1e6;

  const outDir = join(work, 'dist');
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  const browser = await launchChromium();
  const results = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}/?backend=wasm`);
      // The built-in model loads and runs first; the timing starts once the worker is idle.
      await page.waitForFunction(
        () => window.__maskscope?.getState().runPhase === 'done',
        undefined,
        {
          timeout: 120_000,
        },
      );
      await page.getByTestId('source-tensors').click();
      await page.evaluate(() => {
        window.__bench = { longest: 0, count: 0, start: 0 };
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (window.__bench.start === 0) continue;
            window.__bench.longest = Math.max(window.__bench.longest, entry.duration);
            window.__bench.count += 1;
          }
        }).observe({ type: 'longtask' });
        document
          .querySelector('[data-testid="tensor-files"]')
          .addEventListener('change', () => (window.__bench.start = performance.now()), {
            capture: true,
          });
      });
      await page.getByTestId('tensor-files').setInputFiles([attnPath, maskPath]);
      await page.waitForFunction(
        () => {
          const s = window.__maskscope.getState();
          const root = document.querySelector('[data-testid="app-root"]');
          return (
            s.tensorPhase === 'done' &&
            root?.getAttribute('data-run-state') === 'done' &&
            document.querySelectorAll('[data-testid^="head-cell-"]').length > 0
          );
        },
        undefined,
        { timeout: 300_000, polling: 50 },
      );
      const timing = await page.evaluate(
        () =>
          new Promise((resolve) =>
            requestAnimationFrame(() =>
              resolve({
                ms: performance.now() - window.__bench.start,
                longest: window.__bench.longest,
                count: window.__bench.count,
                state: window.__maskscope.getState(),
                cells: document.querySelectorAll('[data-testid^="head-cell-"]').length,
              }),
            ),
          ),
      );
      if (timing.state.family !== 'correct' || timing.state.layout !== 'LBHQK') {
        throw new Error(
          `read as ${timing.state.layout} ${timing.state.family}, expected LBHQK correct`,
        );
      }
      results.push(timing);
      console.log(
        `run ${run + 1}: ${(timing.ms / 1000).toFixed(2)} s to the first grid (${timing.cells} heads), longest main-thread task ${timing.longest.toFixed(0)} ms (${timing.count} long tasks)`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
    rmSync(work, { recursive: true, force: true });
  }
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `load to first grid, ${layers}×${heads}×${seqLen}² dump (${megabytes.toFixed(0)} MB float32), production build: median ${(median / 1000).toFixed(2)} s over ${runs} runs`,
  );
}

await main();
