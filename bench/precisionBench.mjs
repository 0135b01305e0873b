// Precision benchmark: forward time of a BERT-mini-sized random model (L=4, H=4, D=256, 128
// tokens, 32 of them padding) under fp32 and under the emulated fp16 / bf16 attention
// (src/model/scoreNumerics.ts), in headless system Chromium against a vite dev server this
// script starts. Times are the encoder's latencyMs: forward + the single read-back.
//
//   node bench/precisionBench.mjs [--runs=15] [--warmup=3] [--backends=wasm,webgl]
import { launchChromium, startDevServer } from './lib/browser.mjs';
import { option } from './lib/cli.mjs';
import { precisionBenchInPage } from './precisionBenchPage.mjs';

async function main() {
  await import('../scripts/copyWasm.mjs'); // the wasm backend loads /wasm/*.wasm from this origin
  const runs = Number(option('runs', '15'));
  const warmup = Number(option('warmup', '3'));
  const backends = option('backends', 'wasm,webgl').split(',');
  const { server, port, url } = await startDevServer();
  const browser = await launchChromium();
  console.log(
    `Chromium ${browser.version()}, vite on port ${port}, ${warmup} warm-up + ${runs} runs`,
  );
  console.log('backend | numerics    | median ms | min ms | vs fp32');
  try {
    for (const backend of backends) {
      const page = await browser.newPage();
      await page.goto(`${url}tests/browser/blank.html`);
      const { rows } = await page.evaluate(precisionBenchInPage, { backend, runs, warmup });
      const fp32 = rows.find((row) => row.label === 'fp32')?.medianMs;
      for (const row of rows) {
        if (row.error !== undefined) {
          console.log(`${backend} | (unavailable: ${row.error})`);
          continue;
        }
        const ratio = fp32 === undefined ? '-' : `×${(row.medianMs / fp32).toFixed(2)}`;
        console.log(
          `${backend.padEnd(7)} | ${row.label.padEnd(11)} | ${row.medianMs.toFixed(1).padStart(9)} | ${row.minMs.toFixed(1).padStart(6)} | ${ratio}`,
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
