// Cold-load benchmark: how long a newcomer waits for the first heatmap. The app is built for
// production (`vite build` into a temporary folder, served by `vite preview`, with its
// Content-Security-Policy), then each load starts a fresh headless system Chromium (a new
// profile: no HTTP cache, no shader cache) and times from navigation start to the first run
// painted (the root's data-run-state turning "done"), on the default link: backend 'auto',
// the default sentence and padding.
//
// `--new-lengths=N` then moves the padding up one step N times and times each run: every step is a
// sequence length the backend has not seen, so on WebGPU each one compiles shaders again. Then it
// walks the same lengths back down (lengths already seen: no compiling) for comparison.
//
//   node bench/coldLoadBench.mjs [--loads=5] [--backend=auto|webgpu|webgl|wasm|cpu] [--new-lengths=0]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { launchChromium } from './lib/browser.mjs';
import { freePort, option } from './lib/cli.mjs';

const RUN_TIMEOUT_MS = 180_000;

/** Runs in the page before its scripts: notes when the first run is painted. */
function watchFirstPaint() {
  const observer = new MutationObserver(() => {
    const root = document.querySelector('[data-testid="app-root"]');
    if (root?.getAttribute('data-run-state') !== 'done') return;
    window.__firstHeatmapMs = performance.now(); // from navigation start
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, attributes: true, childList: true });
}

/** Runs in the page: sets the padding box to `pads` and resolves with the run's time (ms). */
function timePadding(pads) {
  return new Promise((resolve, reject) => {
    const handle = window.__maskscope;
    const before = handle.getState().latestRunId;
    const timeout = setTimeout(() => reject(new Error('no run within the timeout')), 180_000);
    const input = document.querySelector('[data-testid="padding-input"]');
    const t0 = performance.now();
    const poll = () => {
      const state = handle.getState();
      if (
        state.latestRunId > before &&
        state.runPhase === 'done' &&
        state.shownRunId === state.latestRunId
      ) {
        clearTimeout(timeout);
        resolve({ ms: performance.now() - t0, seqLen: state.seqLen });
      } else setTimeout(poll, 10);
    };
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(
      input,
      String(pads),
    );
    input.dispatchEvent(new Event('input', { bubbles: true }));
    poll();
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function coldLoad(url, newLengths) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addInitScript(watchFirstPaint);
    await page.goto(url);
    await page.waitForFunction(() => window.__firstHeatmapMs !== undefined, null, {
      timeout: RUN_TIMEOUT_MS,
    });
    const first = await page.evaluate(() => ({
      ms: window.__firstHeatmapMs,
      state: window.__maskscope.getState(),
    }));
    const steps = [];
    const seen = [];
    const pads = first.state.paddingLength;
    for (let step = 1; step <= newLengths; step++) {
      steps.push(await page.evaluate(timePadding, pads + step));
    }
    for (let step = newLengths - 1; step >= 0 && newLengths > 0; step--) {
      seen.push(await page.evaluate(timePadding, pads + step));
    }
    return { ms: first.ms, backend: first.state.backend, seqLen: first.state.seqLen, steps, seen };
  } finally {
    await browser.close();
  }
}

async function main() {
  const loads = Number(option('loads', '5'));
  const backend = option('backend', 'auto');
  const newLengths = Number(option('new-lengths', '0'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), 'maskscope-coldload-'));
  const port = await freePort();
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const network = { port, host: '127.0.0.1', strictPort: true };
  const server = await preview({ root, logLevel: 'error', build: { outDir }, preview: network });
  const url = `http://127.0.0.1:${port}/${backend === 'auto' ? '' : `?backend=${backend}`}`;
  try {
    const results = [];
    for (let load = 1; load <= loads; load++) {
      const result = await coldLoad(url, newLengths);
      results.push(result);
      const list = (runs) => runs.map((s) => `T=${s.seqLen} ${(s.ms / 1000).toFixed(2)} s`);
      console.log(
        `load ${load}: first heatmap ${(result.ms / 1000).toFixed(2)} s on ${result.backend} (T = ${result.seqLen})` +
          (newLengths > 0
            ? `; new lengths: ${list(result.steps).join(', ')}; seen again: ${list(result.seen).join(', ')}`
            : ''),
      );
    }
    const firsts = results.map((r) => r.ms / 1000);
    console.log(
      `\nCold load → first heatmap, ${url} (${loads} loads): median ${median(firsts).toFixed(2)} s, ` +
        `min ${Math.min(...firsts).toFixed(2)} s, max ${Math.max(...firsts).toFixed(2)} s`,
    );
    for (const [label, key] of [
      ['a new sequence length', 'steps'],
      ['a length seen before', 'seen'],
    ]) {
      const times = results.flatMap((r) => r[key].map((s) => s.ms / 1000));
      if (times.length > 0) {
        console.log(
          `Run at ${label}: median ${median(times).toFixed(2)} s over ${times.length} runs`,
        );
      }
    }
  } finally {
    await new Promise((resolve) => server.httpServer.close(resolve));
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
