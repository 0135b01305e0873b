#!/usr/bin/env node
// Grid drawing benchmark (printed, not a test): 12 × 12 heads of 128 × 128 synthetic attention,
// drawn with src/viz/paintCells (one canvas per head) versus one SVG <rect> per cell, in headless
// system Chromium with the same flags as playwright.config.ts, on a vite dev server it starts.
//   node bench/gridBench.mjs [--runs 30] [--svg-heads 12] [--svg-runs 5] [--port 4190]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { launchChromium } from './lib/browser.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    'svg-heads': { type: 'string', default: '12' },
    'svg-runs': { type: 'string', default: '5' },
    'seq-len': { type: 'string', default: '128' },
    // Not 4190: fetch and Chromium refuse that port (it is on the fetch spec's bad-port list).
    port: { type: 'string', default: '4188' },
  },
});

// vite runs as a child process (not through its Node API) so this script stays plain Node.
async function startVite(port) {
  const vite = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--port', port, '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore' },
  );
  // If this script dies, its dev server must not outlive it.
  process.on('exit', () => vite.kill('SIGTERM'));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));
  const url = `http://127.0.0.1:${port}/bench/gridBench.html`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (vite.exitCode !== null) throw new Error(`vite exited with ${vite.exitCode}`);
    const isUp = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (isUp) return { vite, url };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  vite.kill('SIGTERM');
  throw new Error(`vite did not serve ${url}`);
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2)).padStart(9);
const row = (label, values, scale = 1) =>
  `${label.padEnd(58)}${fmt(quantile(values, 0.5) * scale)} ms${fmt(quantile(values, 0.95) * scale)} ms`;

const options = {
  layers: 12,
  heads: 12,
  seqLen: Number(args['seq-len']),
  canvasRuns: Number(args.runs),
  svgHeads: Number(args['svg-heads']),
  svgRuns: Number(args['svg-runs']),
  headPx: 80,
};
const total = options.layers * options.heads;
const { vite, url } = await startVite(args.port);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.runGridBench === 'function');
  const result = await page.evaluate((o) => window.runGridBench(o), options);
  const extrapolate = total / options.svgHeads;
  const T = options.seqLen;
  console.log(
    `grid drawing: ${total} heads × ${T}² cells (${((total * T * T) / 1e6).toFixed(2)} M cells), ${result.userAgent}`,
  );
  console.log(`${''.padEnd(58)}${'p50'.padStart(12)}${'p95'.padStart(12)}`);
  console.log(row(`canvas paintCells, ${total} heads, linear: JS`, result.canvasLinearJsMs));
  console.log(
    row(`canvas paintCells, ${total} heads, linear: JS + frame`, result.canvasLinearFrameMs),
  );
  console.log(row(`canvas paintCells, ${total} heads, log: JS`, result.canvasLogJsMs));
  console.log(row(`canvas paintCells, ${total} heads, log: JS + frame`, result.canvasLogFrameMs));
  console.log(
    row(`canvas putImageData only (floor), ${total} heads: JS`, result.putImageDataOnlyJsMs),
  );
  console.log(
    row(
      `SVG rects, ${options.svgHeads} heads measured: create + forced layout`,
      result.svgCreateMs,
    ),
  );
  console.log(
    row(
      `SVG rects, ${options.svgHeads} heads measured: create + layout + frame`,
      result.svgCreateFrameMs,
    ),
  );
  console.log(
    row(
      `SVG rects, ${options.svgHeads} heads measured: recolour + layout + frame`,
      result.svgUpdateFrameMs,
    ),
  );
  console.log(
    row(
      `SVG rects, EXTRAPOLATED ×${extrapolate} to ${total} heads: create + frame`,
      result.svgCreateFrameMs,
      extrapolate,
    ),
  );
  console.log(
    row(
      `SVG rects, EXTRAPOLATED ×${extrapolate} to ${total} heads: recolour + frame`,
      result.svgUpdateFrameMs,
      extrapolate,
    ),
  );
  const canvas50 = quantile(result.canvasLinearFrameMs, 0.5);
  const create50 = quantile(result.svgCreateFrameMs, 0.5) * extrapolate;
  const update50 = quantile(result.svgUpdateFrameMs, 0.5) * extrapolate;
  console.log(
    `ratio (p50, JS + frame, linear): SVG create / canvas = ${(create50 / canvas50).toFixed(0)}×, SVG recolour / canvas = ${(update50 / canvas50).toFixed(0)}× (SVG extrapolated linearly from ${options.svgHeads} heads)`,
  );
  console.log(
    `target ≤ 16 ms for the whole grid (linear, JS + frame): p50 ${canvas50.toFixed(2)} ms, p95 ${quantile(result.canvasLinearFrameMs, 0.95).toFixed(2)} ms — ${canvas50 <= 16 ? 'met' : 'NOT met'} at p50`,
  );
} finally {
  await browser.close();
  vite.kill('SIGTERM');
}
