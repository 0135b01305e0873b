// Engine benchmark: forward time of the tiny golden checkpoint and of a random BERT-mini-sized
// model (L=4, H=4, D=256, FF=1024, V=8000, 128 tokens) on each tfjs backend, in headless
// system Chromium (same flags as playwright.config.ts) against a vite dev server this script
// starts on a free port. Times are the encoder's latencyMs: forward + the single read-back.
//
//   node bench/engineBench.mjs [--runs=15] [--warmup=3] [--backends=webgpu,webgl,wasm,cpu]
import { launchChromium, startDevServer } from './lib/browser.mjs';
import { option } from './lib/cli.mjs';
import { benchInPage } from './engineBenchPage.mjs';

const format = (ms) => (ms === undefined ? '-' : ms.toFixed(1));

function printTable(rows) {
  const header = ['backend', 'model', 'upload ms', 'first run ms', 'median ms', 'min ms', 'runs'];
  const lines = rows.map((r) =>
    r.error === undefined
      ? [
          r.backend,
          r.model,
          format(r.uploadMs),
          format(r.firstMs),
          format(r.medianMs),
          format(r.minMs),
          String(r.runs),
        ]
      : [r.backend, '(unavailable)', r.error, '', '', '', ''],
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => Math.min(l[i].length, 60))),
  );
  const show = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(show(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(show(line));
}

async function main() {
  await import('../scripts/copyWasm.mjs'); // the wasm backend loads /wasm/*.wasm from this origin
  const runs = Number(option('runs', '15'));
  const warmup = Number(option('warmup', '3'));
  const backends = option('backends', 'webgpu,webgl,wasm,cpu').split(',');
  const { server, port, url } = await startDevServer();
  const browser = await launchChromium();
  console.log(
    `Chromium ${browser.version()}, vite on port ${port}, ${warmup} warm-up + ${runs} timed runs`,
  );
  const rows = [];
  try {
    for (const backend of backends) {
      // A fresh page per backend: tfjs state, shader caches and GPU memory start empty.
      const page = await browser.newPage();
      await page.goto(`${url}tests/browser/blank.html`);
      const result = await page.evaluate(benchInPage, { backend, runs, warmup });
      if (result.report !== undefined) {
        const { adapterDescription, isSoftwareAdapter } = result.report;
        console.log(
          `${backend}: adapter ${adapterDescription ?? 'n/a'}${isSoftwareAdapter ? ' (software)' : ''}`,
        );
      }
      rows.push(...result.rows.map((row) => ({ backend, ...row })));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  printTable(rows);
}

await main();
