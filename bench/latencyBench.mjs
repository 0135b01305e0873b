// Latency benchmark: from an input change to the heatmaps drawn, in the real app, on the
// default model at T = 64 tokens, per backend, in headless system Chromium against a vite dev
// server this script starts. One sample: set a control in the page and time until the root's
// data-run-state is "done" for the new run (the commit that repainted every canvas: "painted"),
// and until the next animation frame after it ("frame"). Two kinds of change:
//   side     — padding side right ⇄ left: two padded forwards (A and B), references cached;
//   sentence — one word swapped for a word not seen before (a one-piece vocabulary word), so
//              the two unpadded reference forwards run too (their cache misses).
// Changes are spaced past the 150 ms debounce window, so each one runs on the leading edge.
//
// By default the app is built for production (`vite build` into a temporary folder, served by
// `vite preview`): the dev server's React development build spends tens of ms per render
// on dev-only checks. `--mode=dev` measures against the dev server instead.
//
//   node bench/latencyBench.mjs [--runs=20] [--warmup=3] [--backends=wasm,webgpu] [--tokens=64]
//                               [--mode=prod|dev] [--isolation=on|off]
//
// `--isolation=off` strips COOP/COEP from every response, so WASM runs its single-threaded build:
// the same build and server measured with and without threads.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { option, freePort } from './lib/cli.mjs';
import { build, createServer, preview } from 'vite';

/** The sentence with its subject word: every bench word is one vocabulary piece, so T stays put. */
const sentenceWith = (word) =>
  `the ${word} said that [MASK] would be fine , and the family went home to rest after a long day .`;
const QUIET_MS = 200;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Runs in the page: changes one control and resolves with the timings of the resulting run. */
function changeAndTime(change) {
  return new Promise((resolve, reject) => {
    const root = document.querySelector('[data-testid="app-root"]');
    const handle = window.__maskscope;
    const before = handle.getState().latestRunId;
    const timeout = setTimeout(() => reject(new Error('no run within 60 s')), 60_000);
    let t0 = 0;
    const observer = new MutationObserver(() => {
      const state = handle.getState();
      const isNew = state.latestRunId > before && Number(root.dataset.runId) === state.latestRunId;
      if (!isNew || root.dataset.runState !== 'done') return;
      const paintedMs = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timeout);
      requestAnimationFrame(() =>
        resolve({
          paintedMs,
          frameMs: performance.now() - t0,
          forwardMs: state.forwardMs,
          analysisMs: state.analysisMs,
          roundTripMs: state.roundTripMs,
          seqLen: state.seqLen,
        }),
      );
    });
    observer.observe(root, {
      attributes: true,
      attributeFilter: ['data-run-state', 'data-run-id'],
    });
    const element = document.querySelector(`[data-testid="${change.testId}"]`);
    const proto =
      element instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement
        : element instanceof HTMLSelectElement
          ? HTMLSelectElement
          : HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(proto.prototype, 'value').set;
    t0 = performance.now();
    setValue.call(element, change.value);
    element.dispatchEvent(
      new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
    );
  });
}

async function waitSettled(page) {
  await page.waitForFunction(
    () => {
      const state = window.__maskscope?.getState();
      return (
        state !== undefined && state.runPhase === 'done' && state.shownRunId === state.latestRunId
      );
    },
    undefined,
    { timeout: 180_000 },
  );
}

async function measure(page, kind, runs, warmup, words) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const change =
      kind === 'side'
        ? { testId: 'padding-side', value: i % 2 === 0 ? 'left' : 'right' }
        : { testId: 'sentence-input', value: sentenceWith(words[i % words.length]) };
    await page.waitForTimeout(QUIET_MS);
    const sample = await page.evaluate(changeAndTime, change);
    if (i >= warmup) samples.push(sample);
  }
  return samples;
}

async function benchBackend(browser, baseUrl, backend, options) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const outside = [];
  // WASM's threads are blob: workers of the page's own origin.
  const isOwn = (url) => url.startsWith(baseUrl) || url.startsWith(`blob:${baseUrl}`);
  page.on('request', (request) => {
    if (!isOwn(request.url())) outside.push(request.url());
  });
  if (options.isolation === 'off') {
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
  }
  // Unpadded first (the app opens with 32 pads), to count the sentence's own tokens.
  const query = new URLSearchParams({ backend, s: sentenceWith('doctor'), pad: '0' });
  await page.goto(`${baseUrl}?${query}`);
  await waitSettled(page);
  const base = await page.evaluate(() => window.__maskscope.getState());
  if (base.backend !== backend) throw new Error(`asked for ${backend}, got ${base.backend}`);
  // A fallback model (the default failed to load) would make every number meaningless.
  if (base.modelSource !== `${baseUrl}${options.modelPath}`) {
    throw new Error(`expected ${options.modelPath}, got ${base.modelSource}`);
  }
  const threads = await page.evaluate(
    () => document.querySelector('[data-testid="backend-threads"]')?.dataset.threads ?? null,
  );
  const padding = options.tokens - base.seqLen;
  await page.getByTestId('padding-input').fill(String(padding));
  await waitSettled(page);
  const rows = [];
  for (const kind of ['side', 'sentence']) {
    const samples = await measure(page, kind, options.runs, options.warmup, options.words);
    const seqLens = new Set(samples.map((s) => s.seqLen));
    if (seqLens.size !== 1 || !seqLens.has(options.tokens))
      throw new Error(`T was ${[...seqLens]}`);
    const stat = (key) => samples.map((s) => s[key]).sort((a, b) => a - b);
    const painted = stat('paintedMs');
    const frame = stat('frameMs');
    const forward = stat('forwardMs');
    const analysis = stat('analysisMs');
    const roundTrip = stat('roundTripMs');
    rows.push({
      backend: `${backend}${base.isSoftwareAdapter ? ' (software)' : ''}${threads === null ? '' : ` · ${threads} threads`}`,
      change: kind,
      p50: percentile(painted, 50),
      p95: percentile(painted, 95),
      frameP50: percentile(frame, 50),
      frameP95: percentile(frame, 95),
      forwardP50: percentile(forward, 50),
      analysisP50: percentile(analysis, 50),
      roundTripP50: percentile(roundTrip, 50),
      runs: samples.length,
    });
  }
  await page.close();
  if (outside.length > 0) throw new Error(`requests left the origin: ${outside.join(', ')}`);
  return rows;
}

function printTable(rows, model, tokens) {
  const header = [
    'backend',
    'change',
    'painted p50',
    'painted p95',
    'frame p50',
    'frame p95',
    'forward A+B p50',
    'worker p50',
    'round trip p50',
    'runs',
  ];
  const f = (ms) => (Number.isFinite(ms) ? ms.toFixed(1) : '-');
  const lines = rows.map((r) =>
    r.error === undefined
      ? [
          r.backend,
          r.change,
          f(r.p50),
          f(r.p95),
          f(r.frameP50),
          f(r.frameP95),
          f(r.forwardP50),
          f(r.analysisP50),
          f(r.roundTripP50),
          String(r.runs),
        ]
      : [r.backend, 'failed', r.error, '', '', '', '', '', '', ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nInput change → heatmaps drawn (ms), model ${model}, T = ${tokens}`);
  console.log(row(header));
  console.log(row(widths.map((w) => '-'.repeat(w))));
  for (const line of lines) console.log(row(line));
}

async function main() {
  const runs = Number(option('runs', '20'));
  const warmup = Number(option('warmup', '3'));
  const tokens = Number(option('tokens', '64'));
  const backends = option('backends', 'wasm,webgpu').split(',');
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(`${root}public/wasm/tfjs-backend-wasm.wasm`)) {
    throw new Error('public/wasm is empty: run `node scripts/copyWasm.mjs` first.');
  }
  const mode = option('mode', 'prod');
  const port = await freePort();
  const server = await startServer(root, mode, port);
  const baseUrl = `http://127.0.0.1:${port}/`;
  const browser = await launchChromium();
  const rows = [];
  let model = '?';
  let entry;
  try {
    const page = await browser.newPage();
    const index = await (await page.request.get(`${baseUrl}models/index.json`)).json();
    entry = index.models.find((m) => m.id === index.default);
    model = index.default;
    const vocab = await (await page.request.get(`${baseUrl}${entry.path}/vocab.txt`)).text();
    await page.close();
    // Whole words of the vocabulary are single WordPiece tokens, so swapping them keeps T.
    const words = vocab
      .split('\n')
      .filter((token) => /^[a-z]{4,10}$/.test(token) && token !== 'doctor')
      .slice(0, 400);
    for (const backend of backends) {
      try {
        rows.push(
          ...(await benchBackend(browser, baseUrl, backend, {
            runs,
            warmup,
            tokens,
            words,
            isolation: option('isolation', 'on'),
            modelPath: entry.path ?? `models/${entry.id}`,
          })),
        );
      } catch (error) {
        rows.push({ backend, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  printTable(rows, `${model}, ${mode === 'dev' ? 'vite dev server' : 'production build'}`, tokens);
}

/** A vite dev server, or a production build in a temporary folder behind `vite preview`. */
async function startServer(root, mode, port) {
  const network = { port, strictPort: true, host: '127.0.0.1' };
  if (mode === 'dev') {
    const server = await createServer({ root, logLevel: 'error', server: network });
    await server.listen();
    return { close: () => server.close() };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'maskscope-bench-'));
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await preview({ root, logLevel: 'error', build: { outDir }, preview: network });
  return {
    close: async () => {
      await new Promise((resolve) => server.httpServer.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

await main();
